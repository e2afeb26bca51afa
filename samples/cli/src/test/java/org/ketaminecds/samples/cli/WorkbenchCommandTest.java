package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbenchCommandTest {

    @Test
    void workbench_ruleFolderMissing_oneLineNamingItAndExit1(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("no-such-folder");

        int code = KetamineCds.run(new PrintWriter(out, true), new PrintWriter(err, true), "workbench", "--rules",
                missing.toString(), "--port", "0");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ketamine-cds workbench: " + missing + ": no such folder (--rules)"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void help_listsTheWorkbenchAndItsOptions() {
        StringWriter out = new StringWriter();

        KetamineCds.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "workbench", "--help");

        assertThat(out.toString()).contains("--rules=DIR", "--port", "--patients=DIR", "--export=DIR", "--host=HOST",
                "127.0.0.1");
    }
}
