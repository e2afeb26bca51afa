package org.ketaminecds.samples.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFilesTest {

    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path dir;

    @Test
    void list_withManifest_itsFilesInItsOrderWithTheirTypes() throws IOException {
        write("Patient.ndjson", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n");
        gzip("Medication.ndjson.gz", "\n{\"resourceType\":\"Medication\",\"id\":\"m1\"}\n");
        write("Unlisted.ndjson", "{\"resourceType\":\"Observation\"}\n");
        write("manifest.json", "{\"output\":[{\"type\":\"Medication\",\"url\":\"https://x.org/files/Medication.ndjson.gz\"},"
                + "{\"type\":\"Patient\",\"url\":\"https://x.org/files/Patient.ndjson?sig=1\"}]}");

        List<ExportFiles.ExportFile> files = ExportFiles.list(dir.toString(), HADOOP);

        assertThat(files).extracting(ExportFiles.ExportFile::name)
                .containsExactly(dir + "/Medication.ndjson.gz", dir + "/Patient.ndjson");
        assertThat(files).extracting(ExportFiles.ExportFile::resourceType).containsExactly("Medication", "Patient");
        assertThat(files).extracting(ExportFiles.ExportFile::shared).containsExactly(true, false);
    }

    @Test
    void list_withoutManifest_everyNdjsonFileByName() throws IOException {
        write("b.ndjson", "{\"resourceType\":\"Condition\"}\n");
        write("a.ndjson", "{\"resourceType\":\"Patient\"}\n");
        write("notes.txt", "not an export file");

        assertThat(ExportFiles.list(dir + "/", HADOOP)).extracting(ExportFiles.ExportFile::name)
                .containsExactly(dir + "/a.ndjson", dir + "/b.ndjson");
    }

    @Test
    void list_manifestNamesAMissingFile_refusedNamingIt() throws IOException {
        write("manifest.json", "{\"output\":[{\"type\":\"Patient\",\"url\":\"https://x.org/Patient.ndjson\"}]}");

        assertThatThrownBy(() -> ExportFiles.list(dir.toString(), HADOOP))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage(dir + "/Patient.ndjson: listed in the manifest but not in the folder");
    }

    @Test
    void list_gzipNameWithoutGzipData_refusedNamingTheFile() throws IOException {
        write("Patient.ndjson.gz", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n");

        assertThatThrownBy(() -> ExportFiles.list(dir.toString(), HADOOP))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage(dir + "/Patient.ndjson.gz: not a gzip file (its name ends in .gz)");
    }

    @Test
    void list_folderWithoutNdjson_refusedSayingWhatIsMissing() {
        assertThatThrownBy(() -> ExportFiles.list(dir.toString(), HADOOP))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage(dir + ": no NDJSON files (*.ndjson, *.ndjson.gz) and no $export manifest");
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private void gzip(String name, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
