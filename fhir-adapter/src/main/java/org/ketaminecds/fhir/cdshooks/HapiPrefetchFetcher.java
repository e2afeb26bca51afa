package org.ketaminecds.fhir.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** The generic client of HAPI: one per fetch (clients are cheap; the context and its factory are shared). */
final class HapiPrefetchFetcher implements PrefetchFetcher {

    /** A search's pages beyond the first: a bound, so a huge record cannot stall a hook call. */
    static final int MAX_PAGES = 20;
    private static final FhirContext FHIR = clientContext();

    private static FhirContext clientContext() {
        // A context of its own: the client settings must not change the reader's shared one.
        FhirContext context = FhirContext.forR4();
        IRestfulClientFactory factory = context.getRestfulClientFactory();
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER); // no /metadata call first
        factory.setConnectTimeout(3_000);
        factory.setSocketTimeout(10_000);
        return context;
    }

    @Override
    public Resource fetch(FhirServerAccess access, String query) throws FetchException {
        IGenericClient client = FHIR.newRestfulGenericClient(access.fhirServer());
        client.registerInterceptor(new BearerTokenAuthInterceptor(access.accessToken()));
        String url = access.fhirServer().replaceAll("/+$", "") + "/" + query;
        try {
            if (query.indexOf('?') < 0) { // a read: Patient/123
                Class<? extends IBaseResource> type = FHIR.getResourceDefinition(resourceType(query)).getImplementingClass();
                return (Resource) client.fetchResourceFromUrl(type, url);
            }
            Bundle bundle = client.search().byUrl(url).returnBundle(Bundle.class).execute();
            Bundle page = bundle;
            for (int i = 0; i < MAX_PAGES && page.getLink(Bundle.LINK_NEXT) != null; i++) {
                page = client.loadPage().next(page).execute();
                bundle.getEntry().addAll(page.getEntry());
            }
            bundle.getLink().removeIf(link -> Bundle.LINK_NEXT.equals(link.getRelation()));
            return bundle;
        } catch (RuntimeException e) {
            // HAPI's messages can quote the URL, which holds the patient id: say only what kind of failure.
            throw new FetchException("fetching " + resourceType(query) + " from the FHIR server failed ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    static String resourceType(String query) {
        int end = query.indexOf('?') >= 0 ? query.indexOf('?') : query.indexOf('/') >= 0 ? query.indexOf('/') : query.length();
        return query.substring(0, end);
    }
}
