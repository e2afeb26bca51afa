package org.ketaminecds.fhir.bulk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: the first pass skips over text that holds none of the bytes it looks for (line breaks;
 * quotes, backslashes and control characters inside a JSON string) a word at a time instead of a byte at a time.
 */
final class Words {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    static final long LF = 0x0A0A0A0A0A0A0A0AL;
    static final long CR = 0x0D0D0D0D0D0D0D0DL;
    static final long QUOTE = 0x2222222222222222L;
    static final long BACKSLASH = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private Words() {
    }

    /** Bytes {@code [i, i + 8)}; the caller keeps {@code i + 8 <= b.length}. */
    static long at(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Whether one of the word's bytes is the byte repeated in {@code pattern} (e.g. {@link #LF}). */
    static boolean has(long word, long pattern) {
        long x = word ^ pattern;
        return ((x - ONES) & ~x & HIGHS) != 0;
    }

    /** Whether one of the word's bytes is below 0x20 (a control character; bytes from 0x80 up are not). */
    static boolean hasControl(long word) {
        return ((word - SPACES) & ~word & HIGHS) != 0;
    }
}
