package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.engine.ingest.ResponseBatch;

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
    /** The header's driver columns, by index. */
    private int[] driverColumns = new int[0];
    private static final int K_CUSTOMER = 0;
    private static final int K_NPS = 1;
    private static final int K_CSAT = 2;
    private static final int K_CES = 3;
    private static final int K_TOUCHPOINT = 4;
    private static final int K_COMMENT = 5;
    private static final int K_DRIVER = 6;
    private static final int K_OTHER = 7;
    /**
     * The batch lane's driver columns, as of the last batch: their names, their names' hashes,
     * their drivers (-1 until a rating is kept), and per header driver column the batch column of
     * its driver (-1 when the batch has none).
     */
    private List<String> batchDrivers;
    private long[] batchDriverHashes;
    private int[] batchDriverIndexes;
    private int[] headerRatings;

    SurveyBuilder(LocalDate asOf, LedgerBuilder ledger) {
        this(asOf, ledger, IngestRules.defaults(asOf));
    }

    SurveyBuilder(LocalDate asOf, LedgerBuilder ledger, IngestRules rules) {
        this.asOfDay = (int) asOf.toEpochDay();
        this.ledger = ledger;
        this.rules = rules;
    }

    private final IngestRules rules;
    /** The hashes of the response ids seen, when the input has them. */
    private LongHashSet responseIds;

    /** The header of the responses input; {@code dq} has begun with the same columns. */
    void begin(List<String> columns, FileQualityBuilder dq) {
        int n = columns.size();
        columnKinds = new int[n];
        columnDrivers = new String[n];
        columnBlanks = new long[n][];
        int[] driverAt = new int[n];
        int nd = 0;
        for (int i = 0; i < n; i++) {
            String c = columns.get(i);
            columnKinds[i] = switch (c) {
                case "customer_id" -> K_CUSTOMER;
                case "nps" -> K_NPS;
                case "csat" -> K_CSAT;
                case "ces" -> K_CES;
                case "touchpoint" -> K_TOUCHPOINT;
                case "comment" -> K_COMMENT;
                default -> c.startsWith(DRIVER_PREFIX) ? K_DRIVER : K_OTHER;
            };
            // the date is required (never blank in a kept row); other columns are not read here,
            // so their completeness is what the connector reports
            columnBlanks[i] = columnKinds[i] == K_OTHER && !c.equals("date") ? new long[1] : dq.blankCounter(c);
            if (columnKinds[i] == K_DRIVER) {
                columnDrivers[i] = c.substring(DRIVER_PREFIX.length());
                driver(columnDrivers[i]);
                driverAt[nd++] = i;
            }
        }
        driverColumns = Arrays.copyOf(driverAt, nd);
        batchDrivers = null;
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




    /**
     * Folds a batch of responses, in its order: the one implementation of the responses' checks
     * (scores in range, duplicate rows, the as-of cut, unknown respondents) for both lanes of the
     * sink (the record lane arrives here in batches too, see {@link RecordLane}), without a
     * record, date or map per row. The row hash is made from the primitives ({@link Hash64#ofAscii}
     * equals {@link Hash64#of} of the text, ratings go in by their driver name's {@code hashCode});
     * the respondent is looked up from the id's bytes.
     */
    void responses(ResponseBatch batch, FileQualityBuilder dq) {
        batchDrivers(batch.driverNames());
        byte[] ids = batch.customerIdBytes();
        // a small method per row rather than one large loop body: the JIT compiles it within the first batch
        for (int k = 0, n = batch.size(); k < n; k++) {
            if (batch.rejected(k)) {
                dq.connectorReject(batch.line(k), batch.rejectColumn(k), batch.rejectReason(k));
            } else {
                response(batch, k, ids, dq);
            }
        }
    }

    /** Sets up the driver columns of the batch lane, unless the batch before had the same. */
    private void batchDrivers(List<String> names) {
        if (names.equals(batchDrivers)) {
            return;
        }
        int nd = names.size();
        batchDriverHashes = new long[nd];
        batchDriverIndexes = new int[nd];
        for (int j = 0; j < nd; j++) {
            batchDriverHashes[j] = names.get(j).hashCode();
            batchDriverIndexes[j] = -1;
        }
        headerRatings = new int[driverColumns.length];
        for (int x = 0; x < driverColumns.length; x++) {
            headerRatings[x] = names.indexOf(columnDrivers[driverColumns[x]]);
        }
        batchDrivers = names;
    }

    /** Folds response {@code k} of the batch: the checks, findings and counts, in its order. */
    private void response(ResponseBatch b, int k, byte[] ids, FileQualityBuilder dq) {
        long line = b.line(k);
        int d = b.epochDay(k);
        int npsScore = b.nps(k);
        int csatScore = b.csat(k);
        int cesScore = b.ces(k);
        if (!scoresInRange(line, npsScore, csatScore, cesScore, dq)) {
            return;
        }
        if (b.hasRowIds() && b.rowId(k) != 0 ? repeatedId(line, b.rowId(k), dq) : repeats(line, d, b.recordHash(k) != 0
                ? LongHashSet.mix(b.recordHash(k)) : rowHash(respondentHash(b, k, ids), d, npsScore, csatScore,
                        cesScore, ratingsHash(b, k), b.touchpoint(k), b.comment(k)), dq)) {
            return;
        }
        dq.latest(d);
        int len = b.customerIdLength(k);
        blanks(len < 0, npsScore, csatScore, cesScore, b.touchpoint(k), b.comment(k));
        ratingBlanks(b, k);
        if (d > asOfDay) {
            if (d > rules.farAfterDay()) {
                LedgerBuilder.farAfter(line, d, asOfDay, dq);
            }
            dq.acceptAfterPeriod();
            return;
        }
        int c = -1;
        if (len >= 0) {
            c = ledger.indexOf(ids, b.customerIdOffset(k), len);
            if (c < 0) {
                unknown(line, () -> b.customerId(k), dq);
            }
        }
        ratings(b, k, append(d, c, npsScore, csatScore, cesScore, b.touchpoint(k)));
        dq.accept();
    }

    /** @return {@link Hash64#of} of response {@code k}'s customer id (of {@code null} when it is anonymous) */
    private static long respondentHash(ResponseBatch b, int k, byte[] ids) {
        int len = b.customerIdLength(k);
        if (len < 0) {
            return Hash64.of(null);
        }
        int off = b.customerIdOffset(k);
        return LedgerBuilder.ascii(ids, off, len) ? Hash64.ofAscii(ids, off, len) : Hash64.of(b.customerId(k));
    }

    /** @return the ratings' part of response {@code k}'s row hash, summed, so their order does not count */
    private long ratingsHash(ResponseBatch b, int k) {
        long[] names = batchDriverHashes;
        long h = 0;
        for (int j = 0; j < names.length; j++) {
            double v = b.rating(k, j);
            if (!Double.isNaN(v)) {
                h += Hash64.combine(names[j], Double.doubleToLongBits(v));
            }
        }
        return h;
    }

    /** Counts the blanks of response {@code k} in the header's driver columns: not in the batch, or blank in it. */
    private void ratingBlanks(ResponseBatch b, int k) {
        int[] columns = driverColumns;
        int[] rating = headerRatings;
        for (int x = 0; x < columns.length; x++) {
            if (rating[x] < 0 || Double.isNaN(b.rating(k, rating[x]))) {
                columnBlanks[columns[x]][0]++;
            }
        }
    }

    /** Sets response {@code k}'s ratings in row {@code i} of the driver columns. */
    private void ratings(ResponseBatch b, int k, int i) {
        int[] index = batchDriverIndexes;
        for (int j = 0; j < index.length; j++) {
            double v = b.rating(k, j);
            if (Double.isNaN(v)) {
                continue;
            }
            // a driver the header does not name becomes a column with its first rating
            int d = index[j];
            if (d < 0) {
                d = driver(batchDrivers.get(j));
                index[j] = d;
            }
            driverValues.get(d)[i] = v;
        }
    }

    /** @return the hash of a response row for duplicate detection; equal rows hash alike */
    private static long rowHash(long respondentHash, int day, int npsScore, int csatScore, int cesScore,
            long driverHash, String touchpointName, String comment) {
        long h = Hash64.combine(Hash64.combine(Hash64.combine(Hash64.combine(respondentHash, day), npsScore),
                csatScore), cesScore);
        return Hash64.combine(Hash64.combine(Hash64.combine(h, driverHash), Hash64.of(touchpointName)),
                Hash64.of(comment));
    }

    /**
     * @return whether a row hashed {@code h} came before and is rejected for it
     *         ({@code dq.duplicateRows = reject}); kept, it is a "possible duplicate" warning:
     *         respondents without an id who give the same answers on one day are distinct people
     */
    private boolean repeats(long line, int day, long h, FileQualityBuilder dq) {
        if (rows.add(h)) {
            return false;
        }
        if (!rules.rejectDuplicateRows()) {
            dq.warn(line, null, "possible-duplicate", () -> "response of " + LocalDate.ofEpochDay(day)
                    + " repeats an earlier row exactly, in every column: kept, a possible duplicate");
            return false;
        }
        dq.reject(line, null, "duplicate-row", () -> "response of " + LocalDate.ofEpochDay(day)
                + " repeats an earlier row exactly");
        return true;
    }

    /** @return whether the response id (hashed) came before: the row is then rejected as a duplicate */
    private boolean repeatedId(long line, long id, FileQualityBuilder dq) {
        if (responseIds == null) {
            responseIds = new LongHashSet(1 << 10);
        }
        if (responseIds.add(LongHashSet.mix(id))) {
            return false;
        }
        dq.reject(line, "response_id", "duplicate-response-id", "response id repeats an earlier row's; the first row is kept");
        return true;
    }

    /**
     * Appends an accepted response of the period (its driver ratings are set by the caller).
     *
     * @return its row
     */
    private int append(int d, int c, int npsScore, int csatScore, int cesScore, String touchpointName) {
        int i = size;
        if (i == day.length) {
            grow();
        }
        day[i] = d;
        customer[i] = c;
        nps[i] = npsScore;
        csat[i] = csatScore;
        ces[i] = cesScore;
        touchpoint[i] = touchpointOf(touchpointName);
        size = i + 1;
        return i;
    }

    /** @return the code of a touchpoint, a new one for a name not seen before, or -1 when blank */
    private int touchpointOf(String name) {
        if (name == null || name.isBlank()) {
            return -1;
        }
        Integer t = touchpointIndex.get(name);
        if (t == null) {
            t = touchpoints.size();
            touchpoints.add(name);
            touchpointIndex.put(name, t);
        }
        return t;
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

    private static void unknown(long line, Supplier<String> respondent, FileQualityBuilder dq) {
        dq.warn(line, "customer_id", "unknown-customer", () -> "respondent '" + respondent.get()
                + "' is not a customer as of the period end; counted as anonymous");
    }

    /** Counts the row's blanks in the header's columns other than the drivers ({@link #ratingBlanks} counts those). */
    private void blanks(boolean anonymous, int npsScore, int csatScore, int cesScore, String touchpointName,
            String comment) {
        int[] kinds = columnKinds;
        for (int i = 0; i < kinds.length; i++) {
            boolean blank = switch (kinds[i]) {
                case K_CUSTOMER -> anonymous;
                case K_NPS -> npsScore == SurveyResponseRecord.MISSING;
                case K_CSAT -> csatScore == SurveyResponseRecord.MISSING;
                case K_CES -> cesScore == SurveyResponseRecord.MISSING;
                case K_TOUCHPOINT -> touchpointName == null || touchpointName.isBlank();
                case K_COMMENT -> comment == null || comment.isBlank();
                default -> false;
            };
            if (blank) {
                columnBlanks[i][0]++;
            }
        }
    }

    private static boolean scoresInRange(long line, int npsScore, int csatScore, int cesScore, FileQualityBuilder dq) {
        return inRange(line, "nps", npsScore, 0, 10, dq) && inRange(line, "csat", csatScore, 1, 5, dq)
                && inRange(line, "ces", cesScore, 1, 7, dq);
    }

    private static boolean inRange(long line, String column, int value, int min, int max, FileQualityBuilder dq) {
        if (value == SurveyResponseRecord.MISSING || (value >= min && value <= max)) {
            return true;
        }
        dq.reject(line, column, "out-of-range", () -> column + " " + value + " is outside " + min + "-" + max);
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
