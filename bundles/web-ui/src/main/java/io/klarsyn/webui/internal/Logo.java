package io.klarsyn.webui.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * An uploaded brand logo, checked for what the PDF renderer takes: a PNG or JPEG (OpenPDF's
 * {@code Image.getInstance}; it draws no SVG) of at most {@link Request.Upload#LIMIT} bytes that
 * decodes as an image.
 *
 * @param extension {@code png} or {@code jpg}
 * @param bytes the file
 */
record Logo(String extension, byte[] bytes) {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * @return the logo, or throws with the reason in the UI's language
     * @throws IllegalArgumentException with the reason for people
     */
    static Logo of(Request.Upload upload, Texts t) {
        if (upload.size() > Request.Upload.LIMIT) {
            throw new IllegalArgumentException(t.get("editor.logoTooLarge", upload.fileName(),
                    (upload.size() + 1023) / 1024, Request.Upload.LIMIT / 1024));
        }
        byte[] b = upload.bytes();
        String extension;
        if (startsWith(b, PNG)) {
            extension = "png";
        } else if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            extension = "jpg";
        } else {
            String head = new String(b, 0, Math.min(b.length, 1024), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException(t.get(head.contains("<svg") ? "editor.logoSvg" : "editor.logoType",
                    upload.fileName()));
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(b));
        } catch (IOException | RuntimeException e) {
            image = null;
        }
        if (image == null) {
            throw new IllegalArgumentException(t.get("editor.logoBroken", upload.fileName(), extension.toUpperCase(Locale.ROOT)));
        }
        return new Logo(extension, b);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
