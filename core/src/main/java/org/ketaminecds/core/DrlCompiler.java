package org.ketaminecds.core;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.builder.model.KieSessionModel;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles a folder's DRL at run time into a container of its own, shaped like the prebuilt kjar (same KieBase and
 * session names). Uses the MVEL-based DRL compiler: it builds the full package in a few seconds, where generating
 * the executable model at run time takes two to three times as long (docs/performance.md). It needs
 * {@code org.drools:drools-mvel}, which is an optional dependency: only hosts that load rule folders carry it.
 */
final class DrlCompiler {

    /** Where the DRL goes in the in-memory project: the prebuilt package's own layout. */
    private static final String PACKAGE_ROOT = KnowledgePackage.CLASSPATH_ROOT + "/";
    private static final String SOURCE_ROOT = "src/main/resources/" + PACKAGE_ROOT;
    private static final String MVEL_PROBE = "org.drools.mvel.MVELConstraint";

    private DrlCompiler() {
    }

    /**
     * Compiles the {@code .drl} files among {@code files}.
     *
     * @param files    path inside the package -> content
     * @param problems receives every compile error with its file and line
     * @return the container, or {@code null} when there were errors
     */
    static KieContainer compile(Map<String, byte[]> files, List<KnowledgePackageException.Problem> problems) {
        ClassLoader loader = KnowledgePackage.class.getClassLoader();
        requireCompiler(loader);
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        KieModuleModel module = ks.newKieModuleModel();
        module.newKieBaseModel(KnowledgePackage.KIE_BASE).setDefault(true)
                .newKieSessionModel(KnowledgePackage.KIE_SESSION).setType(KieSessionModel.KieSessionType.STATEFUL)
                .setDefault(true);
        kfs.writeKModuleXML(module.toXML());
        // A release id of its own per compile: two folders (or two versions of one) never share a module.
        ReleaseId id = ks.newReleaseId("org.ketaminecds.folder", "rules-" + UUID.randomUUID(), "0.0.0");
        kfs.generateAndWritePomXML(id);
        files.forEach((path, bytes) -> {
            if (path.endsWith(".drl")) {
                kfs.write(SOURCE_ROOT + path, bytes);
            }
        });
        KieBuilder builder = ks.newKieBuilder(kfs, loader).buildAll(DrlProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            // "Parser returned a null Package" only repeats that the file had a syntax error, reported above it.
            errors.stream().filter(m -> errors.size() == 1 || !String.valueOf(m.getText()).contains("null Package"))
                    .forEach(m -> problems.add(problem(m)));
            ks.getRepository().removeKieModule(id);
            return null;
        }
        KieContainer container = ks.newKieContainer(id, loader);
        // The container holds its module; the JVM-wide repository must not, or every reload would leak one.
        ks.getRepository().removeKieModule(id);
        return container;
    }

    private static void requireCompiler(ClassLoader loader) {
        try {
            Class.forName(MVEL_PROBE, false, loader);
        } catch (ClassNotFoundException e) {
            throw new KnowledgePackageException("compiling a rule folder needs org.drools:drools-mvel on the classpath "
                    + "(the ketamine-cds command has it; add it to your application to load rule folders)", e);
        }
    }

    private static KnowledgePackageException.Problem problem(Message m) {
        String path = m.getPath() == null ? "" : m.getPath();
        // Messages name the file with or without src/main/resources/: keep what follows the package root.
        int at = path.indexOf(PACKAGE_ROOT);
        String file = at >= 0 ? path.substring(at + PACKAGE_ROOT.length()) : path;
        String text = m.getText() == null ? "compile error" : m.getText().strip();
        int nl = text.indexOf('\n');
        return new KnowledgePackageException.Problem(file, Math.max(m.getLine(), 0),
                (nl < 0 ? text : text.substring(0, nl)).strip());
    }
}
