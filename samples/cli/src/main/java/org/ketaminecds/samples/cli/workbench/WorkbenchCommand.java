package org.ketaminecds.samples.cli.workbench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ketamine-cds workbench}: the rule author's web application, on this machine. */
@Command(name = "workbench", mixinStandardHelpOptions = true,
        description = {"A local web application for rule authors: the package's knowledge, a patient tried against it "
                + "with a timeline chart, the rule folder re-checked on every save, and an edit's effect on a Bulk "
                + "export.",
                "It runs the rule folder (DRL is code): it listens on 127.0.0.1 unless --host says otherwise."})
public final class WorkbenchCommand implements Callable<Integer> {

    /** Exit code when the rule folder has problems (as the rules commands). */
    static final int PROBLEMS = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "the rule folder to edit and test (a copy of rules/src/main/resources/org/ketaminecds/rules); "
                    + "without it, the built-in package is shown read-only")
    Path rules;

    @Option(names = "--port", defaultValue = "8081", description = "port (default: ${DEFAULT-VALUE}; 0 for any free one)")
    int port;

    @Option(names = "--host", paramLabel = "HOST",
            description = "interface to listen on instead of 127.0.0.1: anyone who can reach it can run your rule folder")
    String host;

    @Option(names = "--patients", paramLabel = "DIR", description = "a folder of FHIR bundles (*.json) to pick from")
    Path patients;

    @Option(names = "--export", paramLabel = "DIR",
            description = "a FHIR Bulk Data export folder for the population-impact view (also a field on the page)")
    Path export;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (host != null) {
            err.println("WARNING: --host " + host + ": the workbench runs the rule folder's code and shows patient "
                    + "records; anyone who can reach this port can use it. Use it on a trusted network only.");
            err.flush();
        }
        if (rules != null && !java.nio.file.Files.isDirectory(rules)) {
            err.println("ketamine-cds workbench: " + rules + ": no such folder (--rules)");
            err.flush();
            return PROBLEMS;
        }
        out.println("ketamine-cds workbench: loading the built-in package" + (rules == null ? ""
                : " and compiling and testing " + rules + " (the first time takes a minute)") + "...");
        out.flush();
        Packages packages;
        try {
            packages = new Packages(rules); // a folder with problems still opens: the edit view shows them
        } catch (java.io.IOException e) {
            err.println("ketamine-cds workbench: cannot watch " + rules + ": " + e.getMessage());
            err.flush();
            return PROBLEMS;
        }
        String bound = host == null ? "127.0.0.1" : host;
        Workbench workbench = new Workbench(packages, patients, export, host == null).start(bound, port);
        out.println("ketamine-cds workbench: http://" + (host == null ? "127.0.0.1" : host) + ":" + workbench.port() + "/"
                + (rules == null ? " (the built-in package, read-only)" : " (editing " + rules + ")"));
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workbench.close();
            packages.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
