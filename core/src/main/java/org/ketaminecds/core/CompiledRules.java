package org.ketaminecds.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.drools.model.Model;
import org.kie.api.runtime.KieContainer;

/**
 * A package's rules as Drools holds them: the prebuilt executable model ({@code models}), or the container of a folder
 * compiled from DRL at run time ({@code container}); the other is {@code null}.
 */
record CompiledRules(Collection<Model> models, KieContainer container) {

    /** Where the kie-maven-plugin lists the classes of the rules artifact's executable model. */
    static final String MODEL_LIST = "META-INF/kie/org.ketaminecds/ketamine-cds-rules/drools-model";
    private static final String VERSION_LINE = "Drools-Model-Version:";

    /**
     * The prebuilt executable model, instantiated from the classes the model list names. Read directly rather than
     * through a KieContainer, which would parse kmodule.xml with XStream and scan the class path first: about 0.7 s
     * of CPU and 700 classes of a cold start, for nothing the mode rule bases use.
     */
    static CompiledRules prebuilt(ClassLoader loader) {
        List<Model> models = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(MODEL_LIST)) {
            if (in == null) {
                throw new KnowledgePackageException("the prebuilt rules are missing: no " + MODEL_LIST
                        + " on the class path (is ketamine-cds-rules built with the kie-maven-plugin?)");
            }
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith(VERSION_LINE)) {
                    models.add((Model) Class.forName(name, true, loader).getConstructor().newInstance());
                }
            }
        } catch (IOException | ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new KnowledgePackageException("the prebuilt rules could not be loaded: " + e, e);
        }
        return new CompiledRules(List.copyOf(models), null);
    }

    /** A folder's rules, compiled from DRL. */
    static CompiledRules compiled(KieContainer container) {
        return new CompiledRules(null, container);
    }
}
