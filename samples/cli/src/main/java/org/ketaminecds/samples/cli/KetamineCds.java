package org.ketaminecds.samples.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.ketaminecds.samples.cli.workbench.WorkbenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ketamine-cds} command. Decision support for clinicians; it never decides. */
@Command(name = "ketamine-cds",
        mixinStandardHelpOptions = true,
        versionProvider = KetamineCds.Version.class,
        description = {"Clinical decision support for ketamine and esketamine therapy in depression.",
                "Decision support for clinicians; not a substitute for clinical judgement."},
        subcommands = {EvaluateCommand.class, ServeCommand.class, RulesCommand.class, ScreenCommand.class,
                WorkbenchCommand.class, CommandLine.HelpCommand.class})
public final class KetamineCds {

    /** Exit code when any input file could not be used (DESIGN.md). */
    static final int UNUSABLE_INPUT = 3;
    /** Exit code for usage errors. */
    static final int USAGE = 2;
    /** Exit code when the JVM ran out of memory: the input needs a bigger heap (-Xmx) or lower caps. */
    static final int OUT_OF_MEMORY = 4;
    /** Made before it is needed: printing it must not need much of a heap that has just run out. */
    private static final String OUT_OF_MEMORY_LINE = "ketamine-cds: out of memory: the input needs a larger Java heap"
            + " (-Xmx) than this JVM has; give it more, or lower --max-file-size (evaluate) or --max-patient-size"
            + " (screen)";

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /** Runs the command and returns its exit code; never throws (an OutOfMemoryError is exit 4 with one line). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new KetamineCds()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (isOutOfMemory(e)) {
                return outOfMemory(commandLine.getErr()); // from another thread (the engine's build, a screen worker)
            }
            // Never a stack trace for the user: one line that says what went wrong.
            commandLine.getErr().println("ketamine-cds: " + e.getMessage());
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Caught here, where the command's frames are gone and what filled the heap is garbage: safe to print.
            return outOfMemory(err);
        }
    }

    private static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static int outOfMemory(PrintWriter err) {
        err.println(OUT_OF_MEMORY_LINE);
        err.flush();
        return OUT_OF_MEMORY;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KetamineCds.class.getPackage().getImplementationVersion();
            return new String[] {"ketamine-cds " + (v == null ? "(development build)" : v)};
        }
    }
}
