package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The primitive set against java.util.HashSet (the independent implementation) on random keys. */
class LongHashSetTest {

    @Test
    void agreesWithHashSet() {
        Random rnd = new Random(42);
        LongHashSet mine = new LongHashSet(4);
        Set<Long> ref = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long k = rnd.nextInt(100_000) - 50_000L;
            assertThat(mine.add(k)).isEqualTo(ref.add(k));
        }
        assertThat(mine.size()).isEqualTo(ref.size());
        for (long k = -50_000; k < 50_000; k += 7) {
            assertThat(mine.contains(k)).isEqualTo(ref.contains(k));
        }
    }

    @Test
    void idIndexFindsEveryKey() {
        IdIndex idx = new IdIndex(2);
        // short keys are packed inline; long and non-Latin-1 keys are compared as strings
        String[] kinds = {"C", "customer-number-long-prefix-", "客户", "Kunde-ø"};
        for (int i = 0; i < 10_000; i++) {
            assertThat(idx.add(kinds[i % 4] + i)).isEqualTo(i);
        }
        assertThat(idx.add("A")).isEqualTo(10_000);
        assertThat(idx.add("A\0")).isEqualTo(10_001);
        for (int i = 0; i < 10_000; i++) {
            assertThat(idx.get(kinds[i % 4] + i)).isEqualTo(i);
            assertThat(idx.get(kinds[(i + 1) % 4] + i)).isEqualTo(-1);
        }
        assertThat(idx.get("A")).isEqualTo(10_000);
        assertThat(idx.get("A\0")).isEqualTo(10_001);
        assertThat(idx.get("A\0\0")).isEqualTo(-1);
        assertThat(idx.get("nope")).isEqualTo(-1);
        assertThat(idx.size()).isEqualTo(10_002);
        for (int i = 0; i < 10_000; i++) {
            assertThat(idx.key(i)).isEqualTo(kinds[i % 4] + i);
        }
        assertThat(idx.key(10_001)).isEqualTo("A\0");
        assertThat(Hash64.of("ab")).isNotEqualTo(Hash64.of("ba"));
    }

    /** Both lanes hash a text alike: from its String, or from its ASCII bytes anywhere in an array (near its end too). */
    @Test
    void asciiBytesHashAsTheirText() {
        java.util.Random rnd = new java.util.Random(7);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int n = 0; n <= 20; n++) {
            for (int round = 0; round < 50; round++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    sb.append((char) (round == 0 ? 0 : rnd.nextInt(128)));
                }
                String text = sb.toString();
                byte[] b = ("xyz" + text).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(Hash64.ofAscii(b, 3, n)).as("'%s' at the array's end", text).isEqualTo(Hash64.of(text));
                byte[] roomy = java.util.Arrays.copyOf(b, b.length + 16);
                assertThat(Hash64.ofAscii(roomy, 3, n)).isEqualTo(Hash64.of(text));
                seen.add(Hash64.of(text));
            }
        }
        // texts of NULs differ only in their length: their hashes differ too
        assertThat(seen).contains(Hash64.of(""), Hash64.of("\0"), Hash64.of("\0\0\0\0\0\0\0\0"));
        assertThat(Hash64.of("\0")).isNotEqualTo(Hash64.of("\0\0"));
        assertThat(Hash64.of("Bodø")).isNotEqualTo(Hash64.of("Bodo"));
    }
}
