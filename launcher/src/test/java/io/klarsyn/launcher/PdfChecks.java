package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.lowagie.text.pdf.PRIndirectReference;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfObject;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.PdfStream;
import com.lowagie.text.pdf.SimpleBookmark;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

/** Reads a real report.pdf back: structure a manager's PDF reader relies on (issue 7, item 6). */
final class PdfChecks {

    private PdfChecks() {
    }

    /**
     * Pages, bookmarks, metadata, fonts all embedded, no raster image but the logo, and the given
     * words extractable as text (which proves the embedded fonts map æ ø å ä ö back to text).
     */
    static void assertWellFormedReport(Path pdf, String... words) throws Exception {
        PdfReader reader = new PdfReader(pdf.toString());
        try {
            assertThat(reader.getNumberOfPages()).as("pages").isGreaterThanOrEqualTo(10);
            List<Map<String, Object>> bookmarks = SimpleBookmark.getBookmarkList(reader);
            assertThat(bookmarks).as("bookmarks").isNotNull().hasSizeGreaterThanOrEqualTo(6);
            Map<String, String> info = reader.getInfo();
            assertThat(info.get("Title")).as("title").isNotBlank();
            assertThat(info.get("Subject")).as("subject").isNotBlank();
            Set<String> fonts = new HashSet<>();
            int images = 0;
            Set<Integer> softMasks = new HashSet<>();
            for (int i = 1; i < reader.getXrefSize(); i++) {
                PdfObject o = reader.getPdfObject(i);
                if (o instanceof PdfStream s && s.get(PdfName.SMASK) instanceof PRIndirectReference ref) {
                    softMasks.add(ref.getNumber());
                }
            }
            for (int i = 1; i < reader.getXrefSize(); i++) {
                PdfObject o = reader.getPdfObject(i);
                if (o instanceof PdfDictionary d && PdfName.FONTDESCRIPTOR.equals(d.get(PdfName.TYPE))) {
                    String name = String.valueOf(d.get(PdfName.FONTNAME));
                    assertThat(d.get(PdfName.FONTFILE) != null || d.get(PdfName.FONTFILE2) != null
                            || d.get(PdfName.FONTFILE3) != null).as("font %s is embedded", name).isTrue();
                    fonts.add(name);
                }
                if (o instanceof PdfStream s && PdfName.IMAGE.equals(s.get(PdfName.SUBTYPE)) && !softMasks.contains(i)) {
                    images++;
                }
            }
            assertThat(fonts).as("embedded fonts").isNotEmpty().allMatch(n -> n.contains("DejaVu"));
            assertThat(images).as("raster images (only the logo; charts are vectors)").isLessThanOrEqualTo(1);
            String all = text(reader);
            for (String w : words) {
                assertThat(all).as("text of %s", pdf).contains(w);
            }
        } finally {
            reader.close();
        }
    }

    /** @return the report's text, runs of spaces (also non-breaking) as one space */
    static String text(Path pdf) throws Exception {
        PdfReader reader = new PdfReader(pdf.toString());
        try {
            return text(reader);
        } finally {
            reader.close();
        }
    }

    private static String text(PdfReader reader) throws Exception {
        PdfTextExtractor x = new PdfTextExtractor(reader);
        StringBuilder text = new StringBuilder();
        for (int p = 1; p <= reader.getNumberOfPages(); p++) {
            text.append(x.getTextFromPage(p)).append('\n');
        }
        return text.toString().replaceAll("[ \\u00a0]+", " ");
    }
}
