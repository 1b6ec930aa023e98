package io.klarsyn.metrics.clv.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CDNOW sample of Fader, Hardie &amp; Lee (2005) in summary form, read from the test classpath
 * ({@code cdnow/cdnow_customers_summary_with_transactions.csv}; see the README beside it): per
 * customer x (repeat purchases in the 39-week calibration period), t_x and T (weeks since the
 * first purchase) and zbar (mean value of the repeat purchases, 0 when x = 0).
 */
record CdnowData(int[] id, int[] x, double[] tx, double[] bigT, double[] zbar) {

    static final String RESOURCE = "/cdnow/cdnow_customers_summary_with_transactions.csv";

    int size() {
        return x.length;
    }

    static CdnowData load() {
        try (InputStream in = CdnowData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("not on the test classpath: " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String header = r.readLine();
            if (!"ID,x,t_x,T,zbar".equals(header)) {
                throw new IllegalStateException("unexpected header: " + header);
            }
            List<String[]> rows = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    String[] f = line.split(",", -1);
                    if (f.length != 5) {
                        throw new IllegalStateException("expected 5 fields: " + line);
                    }
                    rows.add(f);
                }
            }
            int n = rows.size();
            int[] id = new int[n];
            int[] x = new int[n];
            double[] tx = new double[n];
            double[] bigT = new double[n];
            double[] zbar = new double[n];
            for (int i = 0; i < n; i++) {
                String[] f = rows.get(i);
                id[i] = Integer.parseInt(f[0]);
                x[i] = Integer.parseInt(f[1]);
                tx[i] = Double.parseDouble(f[2]);
                bigT[i] = Double.parseDouble(f[3]);
                zbar[i] = Double.parseDouble(f[4]);
            }
            return new CdnowData(id, x, tx, bigT, zbar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All customers as BG/NBD patterns, each with weight 1 (equal (x, t_x, T) rows are merged). */
    BgNbdModel.Patterns patterns() {
        double[] w = new double[size()];
        Arrays.fill(w, 1);
        return BgNbdModel.Patterns.of(x, tx, bigT, w);
    }

    /** @return the row of the customer with this ID */
    int indexOf(int customerId) {
        for (int i = 0; i < id.length; i++) {
            if (id[i] == customerId) {
                return i;
            }
        }
        throw new IllegalArgumentException("no customer " + customerId);
    }
}
