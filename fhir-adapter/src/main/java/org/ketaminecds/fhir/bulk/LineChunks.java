package org.ketaminecds.fhir.bulk;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a file's UTF-8 bytes as chunks of whole lines ({@code \n}, {@code \r\n} or {@code \r}), so that one thread
 * can gunzip and cut lines while others find each line's patient. Works on bytes: a line break is never part of a
 * multi-byte character, and the bytes go to the spill as they are. A line longer than {@code maxLineChars}
 * characters is never held whole: it is skipped to its end and marked {@link #TOO_LONG}, so that one bad file cannot
 * fill the heap. Not thread-safe.
 */
final class LineChunks implements Closeable {

    /** The start of a line that was too long (its bytes are not in the chunk). */
    static final int TOO_LONG = -1;
    /** Below G1's humongous size for small heaps (half a 1 MB region), so chunks are ordinary young garbage. */
    static final int CHUNK_BYTES = 256 << 10;

    /**
     * Lines {@code firstLine + k} of file {@code file}: bytes {@code [starts[k], ends[k])} of {@code data}, for
     * {@code k < count}; {@code starts[k] == TOO_LONG} for a skipped line.
     */
    record Chunk(int file, long firstLine, byte[] data, int[] starts, int[] ends, int count) {
    }

    private final InputStream in;
    private final int file;
    private final int maxLineChars;
    private byte[] buf = new byte[CHUNK_BYTES];
    /** Bytes in buf: the unfinished line carried over from the last chunk, then what was read since. */
    private int len;
    private boolean eof;
    /** The last chunk ended on '\r': a '\n' first in the next one belongs to that break. */
    private boolean skipLf;
    /** Inside a line found too long: its bytes are dropped until its end. */
    private boolean skipping;
    private long nextLine = 1;
    private long bytes;

    LineChunks(InputStream in, int file, int maxLineChars) {
        this.in = in;
        this.file = file;
        this.maxLineChars = maxLineChars;
    }

    /** The next chunk of whole lines, or null at the end of the file. */
    Chunk next() throws IOException {
        int[] starts = new int[256];
        int[] ends = new int[256];
        int count = 0;
        while (count == 0) {
            fill();
            int pos = 0;
            if (skipLf && len > 0) {
                skipLf = false;
                if (buf[0] == '\n') {
                    pos = 1;
                }
            }
            while (true) {
                int brk = breakFrom(pos);
                if (brk == len && !(eof && pos < len) && !(eof && skipping)) {
                    break; // an unfinished line: carried into the next chunk
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                boolean tooLong = skipping || tooLong(pos, brk);
                starts[count] = tooLong ? TOO_LONG : pos;
                ends[count] = brk;
                count++;
                skipping = false;
                if (brk == len) {
                    pos = len; // the last line of the file, without a break
                    break;
                }
                pos = brk + 1;
                if (buf[brk] == '\r') {
                    if (pos < len) {
                        pos += buf[pos] == '\n' ? 1 : 0;
                    } else {
                        skipLf = true;
                    }
                }
            }
            if (count == 0 && eof && pos >= len) {
                return null;
            }
            carry(pos);
        }
        Chunk chunk = new Chunk(file, nextLine, previous, starts, ends, count);
        nextLine += count;
        return chunk;
    }

    /** The first line break at or after {@code from}, or {@code len}. */
    private int breakFrom(int from) {
        int i = from;
        long w;
        while (i + 8 <= len && !Words.has(w = Words.at(buf, i), Words.LF) && !Words.has(w, Words.CR)) {
            i += 8;
        }
        while (i < len && buf[i] != '\n' && buf[i] != '\r') {
            i++;
        }
        return i;
    }

    /** The buffer the last lines were cut from (kept for the chunk while the carry moves to a fresh one). */
    private byte[] previous;

    /** Moves the unfinished line at {@code [from, len)} to the start of a fresh buffer (grown if it fills one). */
    private void carry(int from) {
        int rest = len - from;
        if (skipping || (rest > maxLineChars && charsIn(from, len) > maxLineChars)) {
            skipping = true;
            rest = 0; // a line too long to hold: drop what we have of it
        }
        byte[] next = new byte[Math.max(CHUNK_BYTES, 2 * rest)]; // a long line doubles the buffer until it ends
        System.arraycopy(buf, from, next, 0, rest);
        previous = buf;
        buf = next;
        len = rest;
    }

    private void fill() throws IOException {
        while (!eof && len < buf.length) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                eof = true;
            } else {
                len += n;
                bytes += n;
            }
        }
    }

    private boolean tooLong(int from, int to) {
        return to - from > maxLineChars && charsIn(from, to) > maxLineChars;
    }

    /** The UTF-16 length of UTF-8 bytes: every byte that starts a character, and 4-byte ones twice (a pair). */
    private long charsIn(int from, int to) {
        long chars = 0;
        for (int i = from; i < to; i++) {
            int b = buf[i] & 0xFF;
            chars += (b & 0xC0) == 0x80 ? 0 : b >= 0xF0 ? 2 : 1;
        }
        return chars;
    }

    /** Bytes read so far (decompressed), line breaks included. */
    long bytes() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
