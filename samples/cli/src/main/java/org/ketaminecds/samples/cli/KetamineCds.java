package org.ketaminecds.samples.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ketamine-cds} command. Decision support for clinicians; it never decides. */
@Command(name = "ketamine-cds",
        mixinStandardHelpOptions = true,
        versionProvider = KetamineCds.Version.class,
        description = {"Clinical decision support for ketamine and esketamine therapy in depression.",
                "Decision support for clinicians; not a substitute for clinical judgement."},
        subcommands = {EvaluateCommand.class, ServeCommand.class, RulesCommand.class, ScreenCommand.class, CommandLine.HelpCommand.class})
public final class KetamineCds {

    /** Exit code when any input file could not be used (DESIGN.md). */
    static final int UNUSABLE_INPUT = 3;
    /** Exit code for usage errors. */
    static final int USAGE = 2;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /** Runs the command and returns its exit code; never throws. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new KetamineCds()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Never a stack trace for the user: one line that says what went wrong.
            commandLine.getErr().println("ketamine-cds: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KetamineCds.class.getPackage().getImplementationVersion();
            return new String[] {"ketamine-cds " + (v == null ? "(development build)" : v)};
        }
    }
}
