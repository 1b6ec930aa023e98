package io.klarsyn.generator.internal;

import io.klarsyn.generator.GenerationSummary;
import io.klarsyn.generator.GeneratorOptions;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.klarsyn.generator.GroundTruth.*;

/** The synthetic Norwegian client. All randomness from one seed, split per concern. */
public final class SyntheticClient {
    // a transaction without a customer id is a guest's sale and an exact repeat a possible duplicate:
    // both kept (with warnings) since issue 17, as refunds are; in customers.csv they are rejects
    static final String[] TX_FAULTS = {"unparseable-date", "unparseable-number", "anonymous-sale", "unknown-customer",
            "possible-duplicate", "refund"};
    static final String[] CUSTOMER_FAULTS = {"unparseable-date", "missing-customer-id", "duplicate-row"};
    static final String[] RESPONSE_FAULTS = {"unparseable-date", "unparseable-number", "out-of-range", "possible-duplicate"};
    private static final String[] POSITIVE = {"Veldig fornøyd, rask levering.", "Hyggelig og kunnskapsrik betjening!",
            "Enkelt å bestille i appen.", "Alltid god service, anbefales.", "Løste problemet mitt med én gang."};
    private static final String[] NEUTRAL = {"Helt greit.", "Ok, men kunne vært billigere.",
            "Grei opplevelse, litt treg nettside.", "Fikk svar, men måtte vente en stund."};
    private static final String[] NEGATIVE = {"Lang ventetid på telefon.", "Vanskelig å finne fram, \"Min side\" er rotete.",
            "Ingen tok ansvar; måtte ringe tre ganger.", "Fakturaen var feil.\nIkke fornøyd med svaret.",
            "Følte meg ikke hørt, dårlig oppfølging."};

    private final GeneratorOptions o;
    private final int endDay, windowStart, openingStart;
    private final YearMonth firstMonth;

    public SyntheticClient(GeneratorOptions o) {
        this.o = o;
        this.endDay = (int) o.end().atEndOfMonth().toEpochDay();
        this.firstMonth = o.end().minusMonths(o.months() - 1L);
        this.windowStart = (int) firstMonth.atDay(1).toEpochDay();
        this.openingStart = (int) firstMonth.minusMonths(OPENING_MONTHS).atDay(1).toEpochDay();
    }

    public static int responsesPerMonth(int customers) {
        long n = Math.round(RESPONSE_RATE * customers);
        return (int) Math.max(RESPONSES_PER_MONTH_MIN, Math.min(RESPONSES_PER_MONTH_MAX, n));
    }

    /** Monthly hazard of a customer with the given attribute indices. */
    public static double monthlyHazard(int plan, int segment, int channel) {
        return BASE_HAZARD[plan] * SEGMENT_HAZARD_MULT[segment] * CHANNEL_HAZARD_MULT[channel];
    }

    public GenerationSummary write(Path dir) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        SplittableRandom root = new SplittableRandom(o.seed());
        Samplers acqR = new Samplers(root.split()), custR = new Samplers(root.split()),
                buyR = new Samplers(root.split()), survR = new Samplers(root.split()), faultR = new Samplers(root.split());

        int n = o.customers();
        int nOpening = (int) Math.round(n * OPENING_SHARE);
        int[] acq = new int[n];
        double[] monthW = new double[o.months()];
        for (int m = 0; m < monthW.length; m++) {
            int moy = firstMonth.plusMonths(m).getMonthValue();
            monthW[m] = StrictMath.pow(1 + GROWTH, m) * (1 + SEASON_AMPLITUDE * StrictMath.cos(2 * Math.PI * (moy - 1) / 12));
        }
        double[] monthCum = Samplers.cumulative(monthW);
        for (int i = 0; i < n; i++) {
            if (i < nOpening) {
                acq[i] = openingStart + acqR.nextInt(windowStart - openingStart);
            } else {
                YearMonth ym = firstMonth.plusMonths(acqR.pick(monthCum));
                acq[i] = (int) ym.atDay(1).toEpochDay() + acqR.nextInt(ym.lengthOfMonth());
            }
        }
        Arrays.sort(acq);
        int[] churn = new int[n];
        Arrays.fill(churn, Integer.MAX_VALUE);

        double[] segCum = Samplers.cumulative(SEGMENT_SHARE), planCum = Samplers.cumulative(PLAN_SHARE),
                regCum = Samplers.cumulative(REGION_SHARE), chCum = Samplers.cumulative(CHANNEL_SHARE);
        byte[][] segB = bytes(SEGMENTS), planB = bytes(PLANS), regB = bytes(REGIONS), chB = bytes(CHANNELS);

        Path cf = dir.resolve("customers.csv"), tf = dir.resolve("transactions.csv"), rf = dir.resolve("responses.csv");
        Faults cFaults = new Faults(CUSTOMER_FAULTS), tFaults = new Faults(TX_FAULTS), rFaults = new Faults(RESPONSE_FAULTS);
        long transactions = 0, repeatTx = 0, churned = 0, revenueCents = 0;
        long[] churnEvents = new long[PLANS.size()];
        double[] exposureMonths = new double[PLANS.size()];
        double[] expectedEvents = new double[PLANS.size()];
        int[] sameDay = new int[64];
        int minDay = Math.min(openingStart, windowStart);
        try (CsvOut c = open(cf, minDay); CsvOut t = open(tf, minDay)) {
            if (o.contractual()) {
                c.header("customer_id", "acquired_on", "churned_on", "segment", "plan", "region", "channel", "acquisition_cost");
            } else {
                c.header("customer_id", "acquired_on", "segment", "plan", "region", "channel", "acquisition_cost");
            }
            t.header("customer_id", "date", "amount");
            for (int i = 0; i < n; i++) {
                byte[] id = id('K', i + 1);
                int seg = custR.pick(segCum), plan = custR.pick(planCum), reg = custR.pick(regCum), ch = custR.pick(chCum);
                long costCents = Math.round(100 * CHANNEL_COST_MEAN[ch] * SEGMENT_COST_MULT[seg]
                        * custR.gamma(COST_SHAPE, COST_SHAPE));
                double h = monthlyHazard(plan, seg, ch);
                double tenureMonths = custR.exponential(-StrictMath.log(1 - h));
                long cd = acq[i] + 1L + (long) Math.floor(tenureMonths * DAYS_PER_MONTH);
                int lastDay = endDay;
                if (o.contractual()) {
                    int exposureEnd;
                    if (cd <= endDay) {
                        churn[i] = (int) cd;
                        churned++;
                        churnEvents[plan]++;
                        lastDay = (int) cd - 1;
                        exposureEnd = (int) cd;
                    } else {
                        exposureEnd = endDay + 1;
                    }
                    double ex = (exposureEnd - acq[i]) / DAYS_PER_MONTH;
                    exposureMonths[plan] += ex;
                    expectedEvents[plan] += -StrictMath.log(1 - h) * ex;
                }
                c.bytes(id);
                c.date(acq[i]);
                if (o.contractual()) {
                    if (churn[i] != Integer.MAX_VALUE) c.date(churn[i]); else c.empty();
                }
                c.bytes(segB[seg]);
                c.bytes(planB[plan]);
                c.bytes(regB[reg]);
                c.bytes(chB[ch]);
                c.cents(costCents);
                c.endRow();
                if (o.faultRate() > 0 && faultR.uniform() < o.faultRate()) customerFault(c, cFaults, faultR, segB, planB, regB, chB);

                double lambda = buyR.gamma(R, ALPHA), p = buyR.beta(A, B), nu = buyR.gamma(Q, GAMMA);
                double tw = 0;
                int day = acq[i];
                int prevDay = Integer.MIN_VALUE, nSame = 0;
                boolean firstTx = true;
                while (true) {
                    if (!firstTx) {
                        tw += buyR.exponential(lambda);
                        double dd = acq[i] + Math.floor(7 * tw);
                        if (dd > lastDay) break;
                        day = (int) dd;
                    }
                    long cents = Math.max(1, Math.round(100 * buyR.gamma(P, nu)));
                    if (day != prevDay) { nSame = 0; prevDay = day; }
                    boolean clash;
                    do {
                        clash = false;
                        for (int k = 0; k < nSame; k++) if (sameDay[k] == cents) { cents++; clash = true; }
                    } while (clash);
                    if (nSame < sameDay.length) sameDay[nSame++] = (int) cents;
                    t.bytes(id);
                    t.date(day);
                    t.cents(cents);
                    t.endRow();
                    transactions++;
                    revenueCents += cents;
                    if (!firstTx) repeatTx++;
                    if (o.faultRate() > 0 && faultR.uniform() < o.faultRate()) txFault(t, tFaults, faultR, id, day, cents);
                    if (!firstTx && buyR.uniform() < p) break;
                    firstTx = false;
                }
            }
        }

        int perMonth = responsesPerMonth(n);
        long responses = 0;
        try (CsvOut r = open(rf, minDay)) {
            List<String> header = new ArrayList<>(List.of("date", "customer_id", "touchpoint", "nps", "csat", "ces"));
            for (String d : DRIVERS) header.add("driver." + d);
            header.add("comment");
            r.header(header.toArray(String[]::new));
            double[] tpCum = Samplers.cumulative(TOUCHPOINT_SHARE);
            byte[][] tpB = bytes(TOUCHPOINTS);
            int[] rating = new int[DRIVERS.size()];
            for (int m = 0; m < o.months(); m++) {
                YearMonth ym = firstMonth.plusMonths(m);
                int first = (int) ym.atDay(1).toEpochDay();
                int[] days = new int[perMonth];
                for (int k = 0; k < perMonth; k++) days[k] = first + survR.nextInt(ym.lengthOfMonth());
                Arrays.sort(days);
                double easeShift = -EASE_DECLINE_PER_MONTH * Math.max(0, m - (o.months() - EASE_DECLINE_MONTHS - 1));
                for (int k = 0; k < perMonth; k++) {
                    int day = days[k];
                    int who = -1;
                    if (survR.uniform() >= ANONYMOUS_SHARE) {
                        int upto = upperBound(acq, day);
                        for (int tries = 0; tries < 20 && upto > 0 && who < 0; tries++) {
                            int cand = survR.nextInt(upto);
                            if (churn[cand] > day) who = cand;
                        }
                    }
                    double f = survR.normal();
                    double sum = 0;
                    for (int d = 0; d < rating.length; d++) {
                        double mu = DRIVER_MEAN[d] + (d == 2 ? easeShift : 0);
                        rating[d] = clipRound(mu + DRIVER_LOADING * f + DRIVER_UNIQUE_SD * survR.normal(), 1, 10);
                        sum += rating[d];
                    }
                    double lin = NPS_INTERCEPT;
                    for (int d = 0; d < rating.length; d++) lin += NPS_WEIGHT[d] * rating[d];
                    int nps = clipRound(lin + NPS_NOISE_SD * survR.normal(), 0, 10);
                    int csat = clipRound(CSAT_INTERCEPT + CSAT_SLOPE * sum / rating.length + CSAT_NOISE_SD * survR.normal(), 1, 5);
                    int ces = clipRound(CES_INTERCEPT + CES_SLOPE * rating[2] + CES_NOISE_SD * survR.normal(), 1, 7);
                    int tp = survR.pick(tpCum);
                    String comment = null;
                    if (survR.uniform() < COMMENT_SHARE) {
                        String[] pool = nps >= 9 ? POSITIVE : nps >= 7 ? NEUTRAL : NEGATIVE;
                        comment = pool[survR.nextInt(pool.length)];
                    }
                    boolean blankNps = survR.uniform() < BLANK_SCORE_SHARE, blankCsat = survR.uniform() < BLANK_SCORE_SHARE,
                            blankCes = survR.uniform() < BLANK_SCORE_SHARE;
                    int blankDriver = survR.uniform() < BLANK_SCORE_SHARE ? survR.nextInt(rating.length) : -1;
                    r.date(day);
                    if (who >= 0) r.bytes(id('K', who + 1)); else r.empty();
                    r.bytes(tpB[tp]);
                    if (blankNps) r.empty(); else r.integer(nps);
                    if (blankCsat) r.empty(); else r.integer(csat);
                    if (blankCes) r.empty(); else r.integer(ces);
                    for (int d = 0; d < rating.length; d++) if (d == blankDriver) r.empty(); else r.integer(rating[d]);
                    if (comment == null) r.empty(); else r.text(comment);
                    r.endRow();
                    responses++;
                    if (o.faultRate() > 0 && faultR.uniform() < o.faultRate()) {
                        responseFault(r, rFaults, faultR, day, who, tpB[tp], nps, csat, ces, rating, blankNps, blankCsat,
                                blankCes, blankDriver, comment);
                    }
                }
            }
        }

        Map<String, Object> truth = truth(n, nOpening, transactions, repeatTx, churned, revenueCents, churnEvents,
                exposureMonths, expectedEvents, perMonth, responses, cFaults, tFaults, rFaults);
        Path truthFile = dir.resolve("truth.json");
        Files.writeString(truthFile, Json.write(truth), StandardCharsets.UTF_8);
        Map<String, Long> faultRows = new LinkedHashMap<>();
        faultRows.put("customers.csv", cFaults.total());
        faultRows.put("transactions.csv", tFaults.total());
        faultRows.put("responses.csv", rFaults.total());
        return new GenerationSummary(dir, cf, tf, rf, truthFile, n + cFaults.total(), transactions + tFaults.total(),
                responses + rFaults.total(), faultRows, (System.nanoTime() - t0) / 1_000_000);
    }

    // ---- faults: always EXTRA rows, so the clean data (and its truth) is unchanged by faultRate ----

    private long fakeIds;

    private void customerFault(CsvOut c, Faults f, Samplers r, byte[][] segB, byte[][] planB, byte[][] regB,
                               byte[][] chB) throws IOException {
        int reason = r.nextInt(CUSTOMER_FAULTS.length);
        f.count[reason]++;
        String why = CUSTOMER_FAULTS[reason];
        if (why.equals("duplicate-row")) { c.repeatLastRow(); return; }
        if (why.equals("missing-customer-id")) c.empty(); else c.bytes(id('X', ++fakeIds));
        if (why.equals("unparseable-date")) c.text("ukjent"); else c.date(windowStart);
        if (o.contractual()) c.empty();
        c.bytes(segB[0]);
        c.bytes(planB[0]);
        c.bytes(regB[0]);
        c.bytes(chB[0]);
        c.cents(35000);
        c.endRow();
    }

    private void txFault(CsvOut t, Faults f, Samplers r, byte[] id, int day, long cents) throws IOException {
        int reason = r.nextInt(TX_FAULTS.length);
        f.count[reason]++;
        switch (TX_FAULTS[reason]) {
            case "possible-duplicate" -> { t.repeatLastRow(); return; }
            case "unparseable-date" -> { t.bytes(id); t.text("31.13.20xx"); t.cents(cents); }
            case "unparseable-number" -> { t.bytes(id); t.date(day); t.text("kr tolv"); }
            case "anonymous-sale" -> { t.empty(); t.date(day); t.cents(cents); }
            case "unknown-customer" -> { t.bytes(id('U', ++fakeIds)); t.date(day); t.cents(cents); }
            default -> { t.bytes(id); t.date(day); t.cents(-Math.max(1, cents / 4)); }
        }
        t.endRow();
    }

    private void responseFault(CsvOut out, Faults f, Samplers r, int day, int who, byte[] tp, int nps, int csat, int ces,
                               int[] rating, boolean bn, boolean bc, boolean be, int bd, String comment) throws IOException {
        int reason = r.nextInt(RESPONSE_FAULTS.length);
        f.count[reason]++;
        String why = RESPONSE_FAULTS[reason];
        if (why.equals("possible-duplicate")) { out.repeatLastRow(); return; }
        if (why.equals("unparseable-date")) out.text("i går"); else out.date(day);
        if (who >= 0) out.bytes(id('K', who + 1)); else out.empty();
        out.bytes(tp);
        if (why.equals("unparseable-number")) out.text("ni");
        else if (why.equals("out-of-range")) out.integer(11);
        else out.integer(nps);
        out.integer(csat);
        out.integer(ces);
        for (int v : rating) out.integer(v);
        out.empty();
        out.endRow();
    }

    static final class Faults {
        final String[] reasons;
        final long[] count;

        Faults(String[] reasons) { this.reasons = reasons; this.count = new long[reasons.length]; }

        long total() { return Arrays.stream(count).sum(); }

        Map<String, Object> json(long cleanRows, java.util.Set<String> keptReasons) {
            Map<String, Object> m = new LinkedHashMap<>();
            long rejected = 0, kept = 0;
            Map<String, Object> by = new LinkedHashMap<>();
            for (int i = 0; i < reasons.length; i++) {
                by.put(reasons[i], count[i]);
                if (keptReasons.contains(reasons[i])) kept += count[i]; else rejected += count[i];
            }
            m.put("cleanRows", cleanRows);
            m.put("faultRows", total());
            m.put("read", cleanRows + total());
            m.put("rejected", rejected);
            m.put("accepted", cleanRows + kept);
            m.put("byReason", by);
            return m;
        }
    }

    // ---- helpers ----

    private CsvOut open(Path p, int minDay) throws IOException {
        return new CsvOut(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16), o.nordic(), minDay, endDay);
    }

    private static int upperBound(int[] sorted, int key) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int clipRound(double x, int lo, int hi) {
        long v = Math.round(x);
        return (int) Math.max(lo, Math.min(hi, v));
    }

    private static byte[][] bytes(List<String> names) {
        byte[][] b = new byte[names.size()][];
        for (int i = 0; i < b.length; i++) b[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
        return b;
    }

    /** "K0000001": prefix and at least 7 digits. */
    static byte[] id(char prefix, long number) {
        String digits = Long.toString(number);
        byte[] b = new byte[1 + Math.max(7, digits.length())];
        b[0] = (byte) prefix;
        int pad = b.length - 1 - digits.length();
        for (int i = 0; i < pad; i++) b[1 + i] = '0';
        for (int i = 0; i < digits.length(); i++) b[1 + pad + i] = (byte) digits.charAt(i);
        return b;
    }

    private Map<String, Object> truth(int n, int nOpening, long transactions, long repeatTx, long churned, long revenueCents,
                                      long[] churnEvents, double[] exposure, double[] expected, int perMonth, long responses,
                                      Faults cf, Faults tf, Faults rf) {
        Map<String, Object> t = new LinkedHashMap<>();
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("customers", n);
        opt.put("months", o.months());
        opt.put("seed", o.seed());
        opt.put("nordic", o.nordic());
        opt.put("end", o.end().toString());
        opt.put("contractual", o.contractual());
        opt.put("faultRate", o.faultRate());
        t.put("generator", "klarsyn-generator 1");
        t.put("options", opt);
        Map<String, Object> win = new LinkedHashMap<>();
        win.put("firstMonth", firstMonth.toString());
        win.put("lastMonth", o.end().toString());
        win.put("firstDay", CsvOut.formatDate(windowStart, false));
        win.put("lastDay", CsvOut.formatDate(endDay, false));
        win.put("openingBaseFrom", CsvOut.formatDate(openingStart, false));
        t.put("window", win);
        Map<String, Object> fmt = new LinkedHashMap<>();
        fmt.put("encoding", "UTF-8");
        fmt.put("bom", o.nordic());
        fmt.put("delimiter", o.nordic() ? ";" : ",");
        fmt.put("decimal", o.nordic() ? "," : ".");
        fmt.put("thousands", o.nordic() ? " " : "");
        fmt.put("dateFormat", o.nordic() ? "dd.MM.yyyy" : "yyyy-MM-dd");
        fmt.put("lineEnding", o.nordic() ? "CRLF" : "LF");
        fmt.put("rowOrder", "customers by acquired_on; transactions grouped by customer, by date within a customer; responses by date");
        t.put("format", fmt);

        Map<String, Object> acqT = new LinkedHashMap<>();
        Map<String, Object> ob = new LinkedHashMap<>();
        ob.put("share", OPENING_SHARE);
        ob.put("months", OPENING_MONTHS);
        acqT.put("openingBase", ob);
        ob.put("rule", "acquired_on uniform over the months before the window; their purchases start at acquisition (before the window)");
        acqT.put("openingBaseCustomers", nOpening);
        acqT.put("monthlyWeight", "(1 + growth)^m * (1 + seasonAmplitude * cos(2*pi*(monthOfYear - 1)/12)), m = 0 for the first window month; day uniform within the month");
        acqT.put("growth", GROWTH);
        acqT.put("seasonAmplitude", SEASON_AMPLITUDE);
        acqT.put("customerIds", "K + 7 digits, numbered by acquired_on");
        t.put("acquisition", acqT);

        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("segment", shares(SEGMENTS, SEGMENT_SHARE));
        attrs.put("plan", shares(PLANS, PLAN_SHARE));
        attrs.put("region", shares(REGIONS, REGION_SHARE));
        attrs.put("channel", shares(CHANNELS, CHANNEL_SHARE));
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("rule", "acquisition_cost (NOK, 2 decimals) = channelMean[channel] * segmentMult[segment] * Gamma(shape " + COST_SHAPE + ", rate " + COST_SHAPE + ")");
        cost.put("channelMean", shares(CHANNELS, CHANNEL_COST_MEAN));
        cost.put("segmentMult", shares(SEGMENTS, SEGMENT_COST_MULT));
        attrs.put("acquisition_cost", cost);
        attrs.put("independent", "segment, plan, region and channel are drawn independently");
        t.put("attributes", attrs);

        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("written", o.contractual());
        ch.put("model", "monthlyHazard = base[plan] * segmentMult[segment] * channelMult[channel]; tenure T ~ Exponential(rate -ln(1 - monthlyHazard)) months, so P(churn within any month of tenure) = monthlyHazard; churned_on = acquired_on + 1 + floor(T * 30.4375) days; empty when after the window's last day; no purchases on or after churned_on");
        ch.put("base", shares(PLANS, BASE_HAZARD));
        ch.put("segmentMult", shares(SEGMENTS, SEGMENT_HAZARD_MULT));
        ch.put("channelMult", shares(CHANNELS, CHANNEL_HAZARD_MULT));
        ch.put("daysPerMonth", DAYS_PER_MONTH);
        Map<String, Object> cells = new LinkedHashMap<>();
        double mix = 0;
        for (int p = 0; p < PLANS.size(); p++) for (int s = 0; s < SEGMENTS.size(); s++) for (int c = 0; c < CHANNELS.size(); c++) {
            double h = monthlyHazard(p, s, c);
            cells.put(PLANS.get(p) + "/" + SEGMENTS.get(s) + "/" + CHANNELS.get(c), h);
            mix += PLAN_SHARE[p] * SEGMENT_SHARE[s] * CHANNEL_SHARE[c] * h;
        }
        ch.put("monthlyHazardByPlanSegmentChannel", cells);
        ch.put("expectedMonthlyChurnAtAcquisition", mix);
        ch.put("expectedMonthlyChurnNote", "mix-weighted hazard of new customers; the active base drifts towards low-hazard cells over time");
        if (o.contractual()) {
            Map<String, Object> real = new LinkedHashMap<>();
            real.put("churnedCustomers", churned);
            Map<String, Object> perPlan = new LinkedHashMap<>();
            for (int p = 0; p < PLANS.size(); p++) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("events", churnEvents[p]);
                x.put("exposureMonths", exposure[p]);
                x.put("expectedEvents", expected[p]);
                perPlan.put(PLANS.get(p), x);
            }
            real.put("byPlan", perPlan);
            real.put("note", "exposure from acquired_on to churned_on (or window end + 1 day), in months of 30.4375 days; opening base included");
            ch.put("realized", real);
        }
        t.put("churn", ch);

        Map<String, Object> bg = new LinkedHashMap<>();
        bg.put("model", "BG/NBD (Fader, Hardie & Lee 2005)");
        bg.put("timeUnit", "week");
        bg.put("r", R);
        bg.put("alpha", ALPHA);
        bg.put("a", A);
        bg.put("b", B);
        bg.put("lambda", "Gamma(shape r, rate alpha) per customer, purchases per week while alive");
        bg.put("p", "Beta(a, b) per customer; after each REPEAT purchase the customer drops out with probability p");
        bg.put("firstPurchase", "on acquired_on (time 0, not a repeat); repeat purchase times: cumulative Exponential(lambda) weeks; date = acquired_on + floor(7 * t) days");
        bg.put("observationEnd", o.contractual() ? "the window's last day, or the day before churned_on" : "the window's last day: T = (lastDay + 1 - acquired_on) / 7 weeks");
        bg.put("sameDay", "two purchases may fall on the same day; each is a row; the models count same-day rows as ONE occasion (DESIGN section 5), so fitted frequencies are slightly below the raw row counts");
        bg.put("tuning", "r=1.0, alpha=2.2 (mean 0.45 purchases/week while alive), a=0.8, b=6 (mean p 0.118, heavy early drop-out as in CDNOW): about 9.6 transactions per customer over 24 months with the opening base and contractual churn, i.e. about 9.6 M rows for 1 M customers (see realized)");
        t.put("bgnbd", bg);

        Map<String, Object> gg = new LinkedHashMap<>();
        gg.put("model", "Gamma-Gamma (Fader & Hardie 2013)");
        gg.put("p", P);
        gg.put("q", Q);
        gg.put("gamma", GAMMA);
        gg.put("rule", "nu ~ Gamma(shape q, rate gamma) per customer; each amount ~ Gamma(shape p, rate nu), NOK rounded to 2 decimals, at least 0.01; a same-customer same-day same-amount clash is moved up by 0.01 so that clean data has no exact duplicate rows");
        gg.put("meanAmount", P * GAMMA / (Q - 1));
        gg.put("appliesTo", "every clean transaction, first purchase included");
        t.put("spend", gg);

        Map<String, Object> sv = new LinkedHashMap<>();
        sv.put("responsesPerMonth", perMonth);
        sv.put("responsesPerMonthRule", "clamp(round(" + RESPONSE_RATE + " * customers), " + RESPONSES_PER_MONTH_MIN + ", " + RESPONSES_PER_MONTH_MAX + "), every window month, days uniform within the month");
        sv.put("respondent", "share " + ANONYMOUS_SHARE + " anonymous (blank customer_id); otherwise a uniformly drawn customer active on the response day (anonymous if none found in 20 tries)");
        sv.put("drivers", DRIVERS.stream().map(d -> "driver." + d).toList());
        sv.put("driverModel", "rating_d = clip(round(mean_d + shift_d(month) + loading * f + uniqueSd * e_d), 1, 10), f and e_d independent N(0,1) per response (common factor)");
        sv.put("driverMean", shares(DRIVERS, DRIVER_MEAN));
        sv.put("loading", DRIVER_LOADING);
        sv.put("uniqueSd", DRIVER_UNIQUE_SD);
        sv.put("story", "driver.ease mean falls by " + EASE_DECLINE_PER_MONTH + " per month over the last " + EASE_DECLINE_MONTHS + " window months (shift -" + EASE_DECLINE_PER_MONTH + "*k in the k-th of them, k = 1.." + EASE_DECLINE_MONTHS + "); other drivers stable");
        Map<String, Object> npsM = new LinkedHashMap<>();
        npsM.put("rule", "nps = round(clip(intercept + sum_d weight_d * rating_d + N(0, noiseSd), 0, 10)), rating_d as generated before blanking");
        npsM.put("intercept", NPS_INTERCEPT);
        npsM.put("weights", shares(DRIVERS, NPS_WEIGHT));
        npsM.put("noiseSd", NPS_NOISE_SD);
        sv.put("nps", npsM);
        sv.put("csat", "round(clip(" + CSAT_INTERCEPT + " + " + CSAT_SLOPE + " * mean(rating_d) + N(0, " + CSAT_NOISE_SD + "), 1, 5))");
        sv.put("ces", "round(clip(" + CES_INTERCEPT + " + " + CES_SLOPE + " * rating_ease + N(0, " + CES_NOISE_SD + "), 1, 7)); 7 = very easy");
        sv.put("touchpoint", shares(TOUCHPOINTS, TOUCHPOINT_SHARE));
        sv.put("comment", "share " + COMMENT_SHARE + ", Norwegian, chosen by nps band (9-10, 7-8, 0-6); some contain quotes, delimiters or a line break");
        sv.put("blanks", "nps, csat and ces each blank with probability " + BLANK_SCORE_SHARE + "; with probability " + BLANK_SCORE_SHARE + " one driver (uniform) is blank");
        t.put("survey", sv);

        Map<String, Object> real = new LinkedHashMap<>();
        real.put("customers", n);
        real.put("transactions", transactions);
        real.put("repeatTransactions", repeatTx);
        real.put("transactionsPerCustomer", (double) transactions / n);
        real.put("revenue", revenueCents / 100.0);
        real.put("responses", responses);
        real.put("note", "clean rows only (injected faults excluded)");
        t.put("realized", real);

        Map<String, Object> faults = new LinkedHashMap<>();
        faults.put("rate", o.faultRate());
        faults.put("rule", "after each clean row, with probability rate, ONE extra faulty row is inserted (reason uniform among the file's reasons); clean rows are never altered. duplicate-row / possible-duplicate repeats the previous line exactly; refund, anonymous-sale (no customer id) and possible-duplicate (a repeated transaction or response) are kept rows (warnings), the others are rejected. Fake ids: X... (customers), U... (unknown customers)");
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("customers.csv", cf.json(n, java.util.Set.of()));
        files.put("transactions.csv", tf.json(transactions, java.util.Set.of("refund", "anonymous-sale",
                "possible-duplicate")));
        files.put("responses.csv", rf.json(responses, java.util.Set.of("possible-duplicate")));
        faults.put("files", files);
        t.put("faults", faults);
        return t;
    }

    private static Map<String, Object> shares(List<String> names, double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) m.put(names.get(i), values[i]);
        return m;
    }
}
