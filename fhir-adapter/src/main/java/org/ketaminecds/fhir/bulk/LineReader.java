package org.ketaminecds.fhir.bulk;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines ({@code \n}, {@code \r\n} or {@code \r}) like BufferedReader, but never holds more than
 * {@code maxChars} of one line: a longer one (a binary file, a file without line breaks) is skipped to its end
 * and reported as too long, so that one bad file cannot fill the heap.
 */
final class LineReader implements Closeable {

    /** What {@link #next()} returns for a line that was too long (compare by identity). */
    static final String TOO_LONG = new String("<too long>");

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int end;
    private boolean skipLf;
    private final StringBuilder line = new StringBuilder(4096);
    private long chars;

    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its break, {@link #TOO_LONG}, or null at the end. */
    String next() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos >= end) {
                end = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    if (!any) {
                        return null;
                    }
                    return tooLong ? TOO_LONG : line.toString();
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    chars++;
                    continue;
                }
            }
            any = true;
            int start = pos;
            while (pos < end && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            int n = pos - start;
            chars += n;
            if (!tooLong) {
                if (line.length() + n > maxChars) {
                    tooLong = true;
                    line.setLength(0);
                    line.trimToSize();
                } else {
                    line.append(buffer, start, n);
                }
            }
            if (pos < end) {
                skipLf = buffer[pos] == '\r';
                pos++;
                chars++;
                return tooLong ? TOO_LONG : line.toString();
            }
        }
    }

    /** Characters read so far, line breaks included. */
    long chars() {
        return chars;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
