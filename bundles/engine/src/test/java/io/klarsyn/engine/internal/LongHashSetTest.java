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
}
