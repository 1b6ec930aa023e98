package io.klarsyn.launcher;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

/** The demo client's job: Nordlys Energi AS, a fictitious Norwegian energy retailer. */
final class DemoJob {

    private DemoJob() {
    }

    static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("churn.segments", "plan,region");
        s.put("churn.drivers", "plan,segment,channel");
        s.put("clv.segments", "plan");
        s.put("cx.segments", "plan");
        // What the company believes it delivers (1-10), to set against what customers say.
        s.put("cx.selfAssessment.trust", "8.5");
        s.put("cx.selfAssessment.problem_solving", "8.8");
        s.put("cx.selfAssessment.ease", "8.6");
        s.put("cx.selfAssessment.expectations", "8.0");
        s.put("cx.selfAssessment.personalization", "7.8");
        s.put("cx.selfAssessment.empathy", "8.2");
        return s;
    }

    /** @return a small PNG logo drawn here, so the demo needs no image file */
    static byte[] logo() {
        BufferedImage img = new BufferedImage(240, 240, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x0B6E4F));
        g.fillOval(10, 10, 220, 220);
        g.setColor(new Color(0xA7F3D0));
        g.setStroke(new BasicStroke(14f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawArc(50, 60, 140, 140, 20, 140);
        g.drawArc(75, 90, 90, 90, 20, 140);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
        g.drawString("N", 97, 190);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
