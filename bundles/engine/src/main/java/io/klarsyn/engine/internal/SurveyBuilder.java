package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.SurveyResponseRecord;

/** Folds survey responses into columns, applying the as-of cut, range checks and duplicate detection. */
final class SurveyBuilder {

    private static final String DRIVER_PREFIX = "driver.";

    private final int asOfDay;
    private final LedgerBuilder ledger;
    private final LongHashSet rows = new LongHashSet(1024);
    private int size;
    private int[] day = new int[256];
    private int[] customer = new int[256];
    private int[] nps = new int[256];
    private int[] csat = new int[256];
    private int[] ces = new int[256];
    private int[] touchpoint = new int[256];
    private final List<String> drivers = new ArrayList<>();
    private final Map<String, Integer> driverIndex = new HashMap<>();
    private final List<double[]> driverValues = new ArrayList<>();
    private final List<String> touchpoints = new ArrayList<>();
    private final Map<String, Integer> touchpointIndex = new HashMap<>();
    /** Per column of the header: what makes a row blank in it ({@code K_*}), its driver, its blank counter. */
    private int[] columnKinds = new int[0];
    private String[] columnDrivers = new String[0];
    private long[][] columnBlanks = new long[0][];
    private static final int K_CUSTOMER = 0;
    private static final int K_NPS = 1;
    private static final int K_CSAT = 2;
    private static final int K_CES = 3;
    private static final int K_TOUCHPOINT = 4;
    private static final int K_COMMENT = 5;
    private static final int K_DRIVER = 6;
    private static final int K_OTHER = 7;

    SurveyBuilder(LocalDate asOf, LedgerBuilder ledger) {
        this.asOfDay = (int) asOf.toEpochDay();
        this.ledger = ledger;
    }

    /** The header of the responses input; {@code dq} has begun with the same columns. */
    void begin(List<String> columns, FileQualityBuilder dq) {
        int n = columns.size();
        columnKinds = new int[n];
        columnDrivers = new String[n];
        columnBlanks = new long[n][];
        for (int i = 0; i < n; i++) {
            String c = columns.get(i);
            columnBlanks[i] = dq.blankCounter(c);
            columnKinds[i] = switch (c) {
                case "customer_id" -> K_CUSTOMER;
                case "nps" -> K_NPS;
                case "csat" -> K_CSAT;
                case "ces" -> K_CES;
                case "touchpoint" -> K_TOUCHPOINT;
                case "comment" -> K_COMMENT;
                default -> c.startsWith(DRIVER_PREFIX) ? K_DRIVER : K_OTHER;
            };
            if (columnKinds[i] == K_DRIVER) {
                columnDrivers[i] = c.substring(DRIVER_PREFIX.length());
                driver(columnDrivers[i]);
            }
        }
    }

    private int driver(String name) {
        Integer d = driverIndex.get(name);
        if (d == null) {
            d = drivers.size();
            drivers.add(name);
            driverIndex.put(name, d);
            double[] v = new double[day.length];
            Arrays.fill(v, Double.NaN);
            driverValues.add(v);
        }
        return d;
    }

    void response(long line, SurveyResponseRecord r, FileQualityBuilder dq) {
        if (!inRange(line, "nps", r.nps(), 0, 10, dq) || !inRange(line, "csat", r.csat(), 1, 5, dq)
                || !inRange(line, "ces", r.ces(), 1, 7, dq)) {
            return;
        }
        int d = (int) r.date().toEpochDay();
        long h = Hash64.combine(Hash64.combine(Hash64.combine(Hash64.combine(Hash64.of(r.customerId()), d),
                r.nps()), r.csat()), r.ces());
        long driverHash = 0;
        for (Map.Entry<String, Double> e : r.drivers().entrySet()) {
            // the driver names are the same few String objects on every row: their cached hashCode will do
            driverHash += Hash64.combine(e.getKey().hashCode(), Double.doubleToLongBits(e.getValue()));
        }
        h = Hash64.combine(Hash64.combine(Hash64.combine(h, driverHash), Hash64.of(r.touchpoint())),
                Hash64.of(r.comment()));
        if (!rows.add(h)) {
            duplicate(line, r, dq);
            return;
        }
        dq.latest(d);
        blanks(r);
        if (d > asOfDay) {
            dq.acceptAfterPeriod();
            return;
        }
        int c = -1;
        if (r.customerId() != null) {
            c = ledger.indexOf(r.customerId());
            if (c < 0) {
                unknown(line, r, dq);
            }
        }
        int i = size;
        if (i == day.length) {
            grow();
        }
        day[i] = d;
        customer[i] = c;
        nps[i] = r.nps();
        csat[i] = r.csat();
        ces[i] = r.ces();
        for (Map.Entry<String, Double> e : r.drivers().entrySet()) {
            driverValues.get(driver(e.getKey()))[i] = e.getValue() == null ? Double.NaN : e.getValue();
        }
        touchpoint[i] = -1;
        if (r.touchpoint() != null && !r.touchpoint().isBlank()) {
            Integer t = touchpointIndex.get(r.touchpoint());
            if (t == null) {
                t = touchpoints.size();
                touchpoints.add(r.touchpoint());
                touchpointIndex.put(r.touchpoint(), t);
            }
            touchpoint[i] = t;
        }
        size++;
        dq.accept();
    }

    private void grow() {
        int i = size;
        int n = i * 2;
        day = Arrays.copyOf(day, n);
        customer = Arrays.copyOf(customer, n);
        nps = Arrays.copyOf(nps, n);
        csat = Arrays.copyOf(csat, n);
        ces = Arrays.copyOf(ces, n);
        touchpoint = Arrays.copyOf(touchpoint, n);
        for (int k = 0; k < driverValues.size(); k++) {
            double[] v = Arrays.copyOf(driverValues.get(k), n);
            Arrays.fill(v, i, n, Double.NaN);
            driverValues.set(k, v);
        }
    }

    private static void duplicate(long line, SurveyResponseRecord r, FileQualityBuilder dq) {
        dq.reject(line, null, "duplicate-row", () -> "response of " + r.date() + " repeats an earlier row exactly");
    }

    private static void unknown(long line, SurveyResponseRecord r, FileQualityBuilder dq) {
        dq.warn(line, "customer_id", "unknown-customer", () -> "respondent '" + r.customerId()
                + "' is not a customer as of the period end; counted as anonymous");
    }

    private void blanks(SurveyResponseRecord r) {
        int[] kinds = columnKinds;
        for (int i = 0; i < kinds.length; i++) {
            boolean blank = switch (kinds[i]) {
                case K_CUSTOMER -> r.customerId() == null;
                case K_NPS -> r.nps() == SurveyResponseRecord.MISSING;
                case K_CSAT -> r.csat() == SurveyResponseRecord.MISSING;
                case K_CES -> r.ces() == SurveyResponseRecord.MISSING;
                case K_TOUCHPOINT -> r.touchpoint() == null || r.touchpoint().isBlank();
                case K_COMMENT -> r.comment() == null || r.comment().isBlank();
                case K_DRIVER -> !r.drivers().containsKey(columnDrivers[i]);
                default -> false;
            };
            if (blank) {
                columnBlanks[i][0]++;
            }
        }
    }

    private static boolean inRange(long line, String column, int value, int min, int max, FileQualityBuilder dq) {
        if (value == SurveyResponseRecord.MISSING || (value >= min && value <= max)) {
            return true;
        }
        dq.reject(line, column, "out-of-range", column + " " + value + " is outside " + min + "-" + max);
        return false;
    }

    SurveyTable build() {
        int n = size;
        double[][] dv = new double[drivers.size()][];
        for (int k = 0; k < dv.length; k++) {
            dv[k] = Arrays.copyOf(driverValues.get(k), n);
        }
        return new ColumnarSurveyTable(n, Arrays.copyOf(day, n), Arrays.copyOf(customer, n), Arrays.copyOf(nps, n),
                Arrays.copyOf(csat, n), Arrays.copyOf(ces, n), drivers, dv, Arrays.copyOf(touchpoint, n), touchpoints);
    }
}
