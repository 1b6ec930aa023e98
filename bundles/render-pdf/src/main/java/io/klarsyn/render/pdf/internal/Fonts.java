package io.klarsyn.render.pdf.internal;

import com.lowagie.text.Font;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.FontMapper;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The report's two faces (DejaVu Sans regular and bold), embedded in this bundle. BaseFonts are made
 * per document because a subset-embedded font records the glyphs one document uses; the font bytes and
 * the AWT fonts (for chart text metrics) are shared.
 */
final class Fonts implements FontMapper {
    private static final byte[] REGULAR = load("DejaVuSans.ttf");
    private static final byte[] BOLD = load("DejaVuSans-Bold.ttf");
    static final java.awt.Font AWT_REGULAR = awt(REGULAR);
    static final java.awt.Font AWT_BOLD = awt(BOLD);

    final BaseFont regular;
    final BaseFont bold;

    Fonts() {
        try {
            regular = BaseFont.createFont("DejaVuSans.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, REGULAR, null);
            bold = BaseFont.createFont("DejaVuSans-Bold.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, BOLD, null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the embedded DejaVu fonts", e);
        }
    }

    Font font(float size, boolean isBold, Color color) {
        return new Font(isBold ? bold : regular, size, Font.NORMAL, color);
    }

    static java.awt.Font awt(float size, boolean isBold) {
        return (isBold ? AWT_BOLD : AWT_REGULAR).deriveFont(size);
    }

    @Override
    public BaseFont awtToPdf(java.awt.Font font) {
        return font.isBold() ? bold : regular;
    }

    @Override
    public java.awt.Font pdfToAwt(BaseFont font, int size) {
        return (font == bold ? AWT_BOLD : AWT_REGULAR).deriveFont((float) size);
    }

    private static byte[] load(String name) {
        String[] places = {"/net/sf/jasperreports/fonts/dejavu/" + name};
        for (String p : places) {
            try (InputStream in = Fonts.class.getResourceAsStream(p)) {
                if (in != null) {
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read font " + p, e);
            }
        }
        throw new IllegalStateException("font " + name + " is not in the bundle (expected /net/sf/jasperreports/fonts/dejavu/" + name + ")");
    }

    private static java.awt.Font awt(byte[] ttf) {
        try {
            return java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, new java.io.ByteArrayInputStream(ttf));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the embedded DejaVu fonts for charts", e);
        }
    }
}
