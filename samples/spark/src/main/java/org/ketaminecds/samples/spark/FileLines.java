package org.ketaminecds.samples.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;

/** The lines of one export file's partition, as Hadoop reads them; a read error names the file. */
final class FileLines implements FlatMapFunction<Iterator<String>, String> {

    private static final long serialVersionUID = 1L;
    private final String file;

    FileLines(String file) {
        this.file = file;
    }

    @Override
    public Iterator<String> call(Iterator<String> lines) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return lines.hasNext();
                } catch (Exception e) { // Hadoop's IOException comes through Scala unchecked
                    throw new UnreadableFileException(file, e);
                }
            }

            @Override
            public String next() {
                try {
                    return lines.next();
                } catch (Exception e) {
                    throw new UnreadableFileException(file, e);
                }
            }
        };
    }
}
