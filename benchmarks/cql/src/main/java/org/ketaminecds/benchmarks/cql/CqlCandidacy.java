package org.ketaminecds.benchmarks.cql;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Library;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.execution.ExpressionResult;
import org.opencds.cqf.fhir.cql.Engines;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cql.LibraryEngine;
import org.opencds.cqf.fhir.cql.engine.parameters.CqlFhirParametersConverter;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;

/**
 * The CQL side: library KetamineCandidacy on cqf-fhir-cr's LibraryEngine, the way its {@code $evaluate} runs a library
 * for one patient. The engine's repository holds the content (the Library and the value sets, expanded); the patient's
 * resources come with each call as a Bundle (its "additional data", an in-memory repository of that bundle), so no
 * search ever scans other patients. The compiled library and the expansions are cached across calls
 * ({@link EvaluationSettings}), as a server would.
 */
final class CqlCandidacy {

    static final String LIBRARY = "KetamineCandidacy";
    /** The value sets the library names (their ids). */
    static final List<String> VALUE_SETS = List.of("VS-MDD", "VS-BIPOLAR-DEPRESSED-CURRENT", "VS-ANEURYSM",
            "VS-ANEURYSM-REPAIR-STATUS", "VS-AVM", "VS-HHT", "VS-ORAL-ANTIDEPRESSANTS", "VS-PHQ9-TOTAL", "VS-BP",
            "VS-BP-SYSTOLIC", "VS-BP-DIASTOLIC", "VS-BENZODIAZEPINES", "VS-ZDRUGS", "VS-OPIOIDS", "VS-GABAPENTINOIDS",
            "VS-BARBITURATES", "VS-OTHER-CNS-DEP", "VS-SUD-ALCOHOL", "VS-SUD-REMISSION", "VS-AUDIT-C");

    private final FhirContext fhir;
    private final LibraryEngine engine;
    private final CqlFhirParametersConverter parameters;
    private final VersionedIdentifier library = new VersionedIdentifier().withId(LIBRARY).withVersion("1.0.0");

    /** @param codings the codings of the data (system|code) the value sets are expanded over */
    CqlCandidacy(FhirContext fhir, Collection<String> codings) {
        this.fhir = fhir;
        InMemoryFhirRepository content = new InMemoryFhirRepository(fhir);
        content.update(libraryResource());
        ValueSetExpansions expansions = ValueSetExpansions.ofPackage();
        for (String id : VALUE_SETS) {
            content.update(expansions.expand(id, codings));
        }
        this.engine = new LibraryEngine(content, EvaluationSettings.getDefault());
        this.parameters = Engines.getCqlFhirParametersConverter(fhir);
    }

    /** The library's definitions for the patient of {@code data}, as of {@code asOf}: name -> CQL value. */
    Map<String, Object> evaluate(Bundle data, String patientId, Instant asOf) {
        EvaluationResult result = engine.getEvaluationResult(library, patientId, null, null, data, null, parameters,
                ZonedDateTime.ofInstant(asOf, ZoneOffset.UTC), null);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ExpressionResult> e : result.getExpressionResults().entrySet()) {
            values.put(e.getKey(), e.getValue().getValue());
        }
        return values;
    }

    /** From JSON to the library's answers: HAPI parses the bundle, then {@link #evaluate}. */
    Map<String, Object> evaluateJson(String bundleJson, String patientId, Instant asOf) {
        return evaluate(parse(bundleJson), patientId, asOf);
    }

    Bundle parse(String bundleJson) {
        return fhir.newJsonParser().parseResource(Bundle.class, bundleJson);
    }

    private static Library libraryResource() {
        byte[] cql;
        try (InputStream in = CqlCandidacy.class.getResourceAsStream(LIBRARY + ".cql")) {
            if (in == null) {
                throw new IllegalStateException(LIBRARY + ".cql is not on the class path");
            }
            cql = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Library library = new Library();
        library.setId(LIBRARY);
        library.setUrl("http://example.org/fhir/Library/" + LIBRARY);
        library.setName(LIBRARY);
        library.setVersion("1.0.0");
        library.setStatus(Enumerations.PublicationStatus.ACTIVE);
        library.addContent(new Attachment().setContentType("text/cql").setData(cql));
        return library;
    }
}
