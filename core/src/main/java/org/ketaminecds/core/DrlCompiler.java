package org.ketaminecds.core;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieServices;
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
    private static final Pattern FUNCTION_ERROR = Pattern.compile("\\[ function (\\w+) \\(line:\\d+\\): (.*?)\\s*\\]?");
    private static final Pattern FUNCTION_ECHO = Pattern.compile("The import " + Pattern.quote(KnowledgePackage.CLASSPATH_ROOT
            .replace('/', '.')) + "\\.\\w+ cannot be resolved|Error importing : '");

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
        List<Message> errors;
        try {
            errors = ks.newKieBuilder(kfs, loader).buildAll(DrlProject.class).getResults().getMessages(Message.Level.ERROR);
        } catch (RuntimeException e) {
            // Drools' own failure, not the author's: still one line, never its stack trace.
            problems.add(new KnowledgePackageException.Problem("", 0, "the rules could not be compiled: " + e));
            return null;
        }
        if (!errors.isEmpty()) {
            List<KnowledgePackageException.Problem> reported = errors.stream().map(DrlCompiler::problem).toList();
            List<KnowledgePackageException.Problem> causes = reported.stream().filter(p -> !isEcho(p.message())).toList();
            problems.addAll(causes.isEmpty() ? reported : causes);
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

    /**
     * Whether a compile message only repeats an error reported on its own line: "Parser returned a null Package"
     * after a syntax error; and when a function does not compile, its class is missing, so every rule of the package
     * says "The import ... cannot be resolved" and the function's import says "Error importing" (190 lines for one
     * mistake).
     */
    private static boolean isEcho(String message) {
        return message.contains("null Package") || FUNCTION_ECHO.matcher(message).find();
    }

    private static KnowledgePackageException.Problem problem(Message m) {
        String path = m.getPath() == null ? "" : m.getPath();
        // Messages name the file with or without src/main/resources/: keep what follows the package root.
        int at = path.indexOf(PACKAGE_ROOT);
        String file = at >= 0 ? path.substring(at + PACKAGE_ROOT.length()) : path;
        String text = KnowledgePackageException.oneLine(m.getText() == null ? "compile error" : m.getText());
        Matcher function = FUNCTION_ERROR.matcher(text);
        if (function.matches()) {
            // "[ function fnfn (line:824): what ]": Drools writes the name twice.
            String name = function.group(1);
            int half = name.length() / 2;
            boolean twice = name.length() % 2 == 0 && name.substring(0, half).equals(name.substring(half));
            text = "function " + (twice ? name.substring(0, half) : name) + ": " + function.group(2).strip();
        }
        return new KnowledgePackageException.Problem(file, Math.max(m.getLine(), 0), text);
    }
}
