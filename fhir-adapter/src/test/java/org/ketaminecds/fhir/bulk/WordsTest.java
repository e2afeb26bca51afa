package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void has_everyByteAtEveryPlace_sameAsLookingAtEachByte() {
        byte[] word = new byte[8];
        for (int place = 0; place < 8; place++) {
            for (int value = 0; value < 256; value++) {
                java.util.Arrays.fill(word, (byte) 'a');
                word[place] = (byte) value;
                word[(place + 3) % 8] = (byte) (place % 2 == 0 ? 0xE9 : 0x7F); // other bytes high and low
                long w = Words.at(word, 0);
                assertThat(Words.has(w, Words.QUOTE)).isEqualTo(contains(word, '"'));
                assertThat(Words.has(w, Words.LF)).isEqualTo(contains(word, '\n'));
                assertThat(Words.hasControl(w)).isEqualTo(hasControl(word));
            }
        }
    }

    private static boolean contains(byte[] word, char c) {
        for (byte b : word) {
            if (b == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControl(byte[] word) {
        for (byte b : word) {
            if (b >= 0 && b < 0x20) {
                return true;
            }
        }
        return false;
    }
}
