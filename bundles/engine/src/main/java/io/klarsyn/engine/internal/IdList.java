package io.klarsyn.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Customer ids by row without an object per id: Latin-1 ids (nearly all) as bytes in one array,
 * any other id as a {@code String} on the side. A million ids of eight characters take 12 MB
 * instead of about 56 MB of strings, and nothing for the garbage collector to trace.
 */
final class IdList {

    private byte[] bytes = new byte[1 << 12];
    private int used;
    /** End of row i's bytes; row i starts where row i - 1 ends. */
    private int[] ends = new int[256];
    private int size;
    private final Map<Integer, String> wide = new HashMap<>();

    int size() {
        return size;
    }

    /** @return the new row */
    int add(String id) {
        int n = id.length();
        for (int i = 0; i < n; i++) {
            if (id.charAt(i) > 0xFF) {
                wide.put(size, id);
                return append(null, 0, 0);
            }
        }
        return append(id.getBytes(StandardCharsets.ISO_8859_1), 0, n);
    }

    /** @return the new row of the id given as ASCII bytes */
    int addAscii(byte[] b, int off, int len) {
        return append(b, off, len);
    }

    private int append(byte[] b, int off, int len) {
        if (used + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(used + len, bytes.length + (bytes.length >> 1)));
        }
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size + (size >> 1));
        }
        if (len > 0) {
            System.arraycopy(b, off, bytes, used, len);
        }
        used += len;
        ends[size] = used;
        return size++;
    }

    String get(int row) {
        String w = wide.get(row);
        if (w != null) {
            return w;
        }
        int start = row == 0 ? 0 : ends[row - 1];
        return new String(bytes, start, ends[row] - start, StandardCharsets.ISO_8859_1);
    }

    boolean equals(int row, String id) {
        if (!wide.isEmpty() && wide.containsKey(row)) {
            return wide.get(row).equals(id);
        }
        int start = row == 0 ? 0 : ends[row - 1];
        int n = ends[row] - start;
        if (id.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((bytes[start + i] & 0xFF) != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    boolean equalsAscii(int row, byte[] b, int off, int len) {
        if (!wide.isEmpty() && wide.containsKey(row)) {
            return false;
        }
        int start = row == 0 ? 0 : ends[row - 1];
        return ends[row] - start == len && Arrays.equals(bytes, start, start + len, b, off, off + len);
    }
}
