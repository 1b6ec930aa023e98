package io.klarsyn.webui.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parts of pages kept between requests: one value a slot (say, a job's dashboard row in one language),
 * together with the key it was made from — everything the part shows depends on (the job, its runs as
 * the store gave them, the time-dependent values, the user's permissions). A value is served only for
 * an equal key, so a part can never outlive what it shows: when a run finishes, the store's answer
 * differs and the part is made again. The least recently used slots go first beyond the limit.
 * Thread-safe; two requests that miss at once both make the part (the last one is kept).
 *
 * @param <S> what names a slot
 * @param <K> what the part is made from
 * @param <V> the part
 */
final class PartCache<S, K, V> {

    private record Held<K, V>(K key, V value) {
    }

    private final Map<S, Held<K, V>> slots;

    /** @param limit how many slots to keep at most */
    PartCache(int limit) {
        this.slots = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<S, Held<K, V>> eldest) {
                return size() > limit;
            }
        };
    }

    /**
     * @param key what the part is made from; compared with {@code equals}
     * @return the slot's part when it was made from an equal key, else a new one from {@code make} (kept)
     */
    V get(S slot, K key, Supplier<V> make) {
        return get(slot, key, v -> true, make);
    }

    /**
     * @param current whether a kept part made from an equal key still holds (say, the time it shows has not come)
     * @see #get(Object, Object, Supplier)
     */
    V get(S slot, K key, java.util.function.Predicate<V> current, Supplier<V> make) {
        Held<K, V> held;
        synchronized (slots) {
            held = slots.get(slot);
        }
        if (held != null && held.key().equals(key) && current.test(held.value())) {
            // the same content, perhaps in new objects (the run store reads its summaries again every few
            // seconds): keep the new key, so that the next request finds its parts identical and compares less
            synchronized (slots) {
                slots.replace(slot, held, new Held<>(key, held.value()));
            }
            return held.value();
        }
        V value = make.get();
        synchronized (slots) {
            slots.put(slot, new Held<>(key, value));
        }
        return value;
    }

    /** @return the key the slot's part was made from, or null when the slot holds none */
    K key(S slot) {
        synchronized (slots) {
            Held<K, V> held = slots.get(slot);
            return held == null ? null : held.key();
        }
    }

    /**
     * @return the slot's part when it was made from an equal key and still holds, else null (nothing is made)
     * @see #get(Object, Object, java.util.function.Predicate, Supplier)
     */
    V find(S slot, K key, java.util.function.Predicate<V> current) {
        Held<K, V> held;
        synchronized (slots) {
            held = slots.get(slot);
        }
        return held != null && held.key().equals(key) && current.test(held.value()) ? held.value() : null;
    }

    /** Keeps {@code value} as the slot's part, made from {@code key}. */
    void put(S slot, K key, V value) {
        synchronized (slots) {
            slots.put(slot, new Held<>(key, value));
        }
    }

    int size() {
        synchronized (slots) {
            return slots.size();
        }
    }
}
