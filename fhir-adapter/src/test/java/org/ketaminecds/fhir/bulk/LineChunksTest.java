package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineChunksTest {

    private static final String TOO_LONG = "<too long>";

    @Test
    void next_everyKindOfLineBreak_linesAsBufferedReaderCutsThem() throws IOException {
        assertThat(lines("a\nb\r\nc\rd", 100)).containsExactly("a", "b", "c", "d");
        assertThat(lines("a\n\nb\n", 100)).containsExactly("a", "", "b");
        assertThat(lines("\r\n\r\n", 100)).containsExactly("", "");
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("\n", 100)).containsExactly("");
    }

    @Test
    void next_randomLinesAcrossChunkBoundaries_sameLinesAndNumbers() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        String[] breaks = {"\n", "\r\n", "\r"};
        while (text.length() < 3 * LineChunks.CHUNK_BYTES) {
            // mostly short lines, some longer than a chunk, so that breaks and \r\n pairs fall on every boundary
            int length = random.nextInt(20) == 0 ? random.nextInt(2 * LineChunks.CHUNK_BYTES) : random.nextInt(300);
            String line = "x".repeat(length) + (random.nextBoolean() ? "é" : "");
            expected.add(line);
            text.append(line).append(breaks[random.nextInt(breaks.length)]);
        }

        assertThat(lines(text.toString(), Integer.MAX_VALUE - 16)).containsExactlyElementsOf(expected);
        // and the same read a few bytes at a time, as from a slow gunzip
        assertThat(lines(trickle(text.toString().getBytes(StandardCharsets.UTF_8)), Integer.MAX_VALUE - 16))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void next_longLinesOfMegabytesAfterShortOnes_readWhole() throws IOException {
        // the 3 MB line grows the buffer to 4 MB; the 900 KB one starts at 3.5 MB, so half a megabyte is carried
        List<String> expected = List.of("a", "b".repeat(3 << 20), "c".repeat(500 << 10), "d".repeat(900 << 10), "e");
        String text = String.join("\n", expected);

        assertThat(lines(text, Integer.MAX_VALUE - 16)).containsExactlyElementsOf(expected);
        assertThat(lines(trickle(text.getBytes(StandardCharsets.UTF_8)), Integer.MAX_VALUE - 16))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void next_lineOverTheLimitInCharacters_markedTooLongAndTheNextLinesRead() throws IOException {
        String accented = "é".repeat(8); // 8 characters in 16 bytes: not too long for a limit of 10 characters
        assertThat(lines("short\n" + "y".repeat(11) + "\n" + accented + "\nend", 10))
                .containsExactly("short", TOO_LONG, accented, "end");
        String huge = "z".repeat(3 * LineChunks.CHUNK_BYTES);
        assertThat(lines("a\n" + huge + "\r\nb\n" + huge, 1000)).containsExactly("a", TOO_LONG, "b", TOO_LONG);
    }

    @Test
    void next_lineNumbers_countBlankAndTooLongLines() throws IOException {
        try (LineChunks in = new LineChunks(stream("a\n\n" + "q".repeat(50) + "\nb"), 3, 10)) {
            LineChunks.Chunk c = in.next();
            assertThat(c.file()).isEqualTo(3);
            assertThat(c.firstLine()).isEqualTo(1);
            assertThat(c.count()).isEqualTo(4);
            assertThat(c.starts()[2]).isEqualTo(LineChunks.TOO_LONG);
            assertThat(in.next()).isNull();
            assertThat(in.bytes()).isEqualTo(55);
        }
    }

    private static List<String> lines(String text, int maxLineChars) throws IOException {
        return lines(stream(text), maxLineChars);
    }

    private static List<String> lines(InputStream in, int maxLineChars) throws IOException {
        List<String> lines = new ArrayList<>();
        long expectedLine = 1;
        try (LineChunks chunks = new LineChunks(in, 0, maxLineChars)) {
            for (LineChunks.Chunk c; (c = chunks.next()) != null; ) {
                assertThat(c.firstLine()).isEqualTo(expectedLine);
                assertThat(c.count()).isPositive();
                for (int k = 0; k < c.count(); k++) {
                    lines.add(c.starts()[k] == LineChunks.TOO_LONG ? TOO_LONG
                            : new String(c.data(), c.starts()[k], c.ends()[k] - c.starts()[k], StandardCharsets.UTF_8));
                }
                expectedLine += c.count();
            }
        }
        return lines;
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A stream that gives at most 1,000 bytes a read. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
    }
}
