package io.klarsyn.connector.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The streaming tokenizer against itself over the whole input in memory: with read buffers of
 * every small size, records straddle refills at every possible byte, and the result must not
 * change. The in-memory result is checked by hand on a short input first.
 */
class CsvTokenizerTest {

    private static List<String> tokens(CsvTokenizer t) throws IOException {
        List<String> out = new ArrayList<>();
        while (t.next()) {
            StringBuilder sb = new StringBuilder().append(t.recordLine).append(t.unterminated ? "!" : "").append(':');
            for (int i = 0; i < t.count; i++) {
                byte[] b = t.complex[i] ? t.unescape(i) : t.buf;
                int s = t.complex[i] ? 0 : t.start[i];
                int e = t.complex[i] ? t.scratchLength : t.end[i];
                sb.append('[').append(new String(b, s, e - s, StandardCharsets.UTF_8)).append(']');
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static List<String> inMemory(String text, char delim) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return tokens(new CsvTokenizer(b, 0, b.length, (byte) delim));
    }

    private static List<String> streamed(String text, char delim, int buffer) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return tokens(new CsvTokenizer(new ByteArrayInputStream(b), 0, (byte) delim, buffer, 1, Integer.MAX_VALUE));
    }

    @Test
    void handWorkedExample() throws IOException {
        String text = "a;b\r\n\r\n\"x;\"\"y\"\"\";\"1\n2\"\n ; \nlast;\"open\nend";
        assertThat(inMemory(text, ';')).containsExactly(
                "1:[a][b]",
                "3:[x;\"y\"][1\n2]",
                "6!:[last][open\nend]");
    }

    @Test
    void everyBufferSizeGivesTheSameRecords() throws IOException {
        Random r = new Random(11);
        String[] pieces = {"abc", "12,5", "\"q;uo\"\"te\"", "\"multi\r\nline\"", "", " ", "æøå", "\"\"", "x\"y"};
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < 300; row++) {
            int fields = 1 + r.nextInt(4);
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    sb.append(';');
                }
                sb.append(pieces[r.nextInt(pieces.length)]);
            }
            sb.append(r.nextInt(5) == 0 ? "\r\n" : "\n");
            if (r.nextInt(20) == 0) {
                sb.append("\n");
            }
        }
        String text = sb.toString();
        List<String> expected = inMemory(text, ';');
        assertThat(expected).hasSizeGreaterThan(250);
        for (int buffer = 1; buffer <= 70; buffer++) {
            assertThat(streamed(text, ';', buffer)).as("buffer %d", buffer).isEqualTo(expected);
        }
        assertThat(streamed(text, ';', 1 << 16)).isEqualTo(expected);
    }

    @Test
    void overlongRecordStopsWithItsLine() {
        StringBuilder sb = new StringBuilder("a;b\n1;2\n3;\"never closed\n");
        for (int i = 0; i < 200; i++) {
            sb.append("4;5\n");
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        CsvTokenizer t = new CsvTokenizer(new ByteArrayInputStream(b), 0, (byte) ';', 64, 1, 256);
        assertThatThrownBy(() -> tokens(t)).isInstanceOfSatisfying(CsvTokenizer.RecordTooLong.class,
                e -> assertThat(e.line).isEqualTo(3));
    }
}
