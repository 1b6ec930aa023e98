package io.klarsyn.metrics.clv.internal;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.Trigamma;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way",
 * Marketing Science 24(2): purchases while alive are Poisson(λ), λ ~ Gamma(r, α); after each
 * repeat purchase the customer drops out with probability p, p ~ Beta(a, b).
 *
 * <p>Data per customer: x = repeat purchase occasions, t_x = time of the last purchase, T = length
 * of observation, both measured from the first purchase in the model's time unit. The fit works
 * on distinct (x, t_x, T) patterns with weights, so its cost grows with patterns, not customers.
 *
 * @param r shape of the purchase-rate gamma
 * @param alpha scale (rate parameter) of the purchase-rate gamma, in time units
 * @param a first beta parameter of the drop-out probability
 * @param b second beta parameter
 */
record BgNbdModel(double r, double alpha, double a, double b) {

    /** Log-likelihood of one customer (eq. 6 of the paper, in log-sum-exp form). */
    double logLikelihood(int x, double tx, double bigT) {
        double a1 = LogGamma.value(r + x) - LogGamma.value(r) + r * Math.log(alpha);
        double a2 = LogGamma.value(a + b) + LogGamma.value(b + x) - LogGamma.value(b) - LogGamma.value(a + b + x);
        return a1 + a2 + tail(x, tx, bigT);
    }

    private double tail(int x, double tx, double bigT) {
        double a3 = -(r + x) * Math.log(alpha + bigT);
        if (x == 0) {
            return a3;
        }
        double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
        double m = Math.max(a3, a4);
        return m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
    }

    /** @return the probability that a customer with this history is still alive at T (eq. 11) */
    double probabilityAlive(int x, double tx, double bigT) {
        if (x == 0) {
            return 1;
        }
        double ratio = (r + x) * Math.log((alpha + bigT) / (alpha + tx));
        return 1 / (1 + (a / (b + x - 1)) * Math.exp(ratio));
    }

    /**
     * @return E[X(T, T + t) | x, t_x, T]: expected repeat purchases in the next {@code t} time
     *         units (eq. 10)
     */
    double conditionalExpectedPurchases(double t, int x, double tx, double bigT) {
        if (t <= 0) {
            return 0;
        }
        double e = expectedNumerator(t, x, bigT) / aliveDenominator(x, tx, bigT);
        if (!Double.isFinite(e) || e < -1e-9) {
            throw new ArithmeticException("BG/NBD expectation is not finite for x=" + x + ", t_x=" + tx + ", T=" + bigT);
        }
        return Math.max(0, e);
    }

    /**
     * The numerator of eq. 10, which depends on x and T but not on t_x:
     * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t).
     *
     * <p>Evaluated after Euler's transformation 2F1(A,B;C;z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z)
     * (Abramowitz &amp; Stegun 15.3.3). Since 1 − z = (α+T)/(α+T+t), the power (1−z)^(r+x) in front
     * cancels the one the transformation brings out, leaving (1−z)^(a−1) · 2F1(a+b−1−r, a−1;
     * a+b+x−1; z): no overflow for large x or T, a series whose numerator parameters no longer grow
     * with x, and — writing 2F1 = 1 + (a−1)·G — no 0/0 at a = 1, where eq. 10 as printed has a
     * removable singularity.
     */
    double expectedNumerator(double t, int x, double bigT) {
        double c = a + b + x - 1;
        double z = t / (alpha + bigT + t);
        double lnOneMinusZ = Math.log((alpha + bigT) / (alpha + bigT + t));
        double eps = a - 1;
        double el = eps * lnOneMinusZ;
        double firstPart = eps == 0 ? -lnOneMinusZ : -Math.expm1(el) / eps;
        double g = Hyp2F1.eulerTail(a + b - 1 - r, a, c, z, lnOneMinusZ);
        return c * (firstPart - Math.exp(el) * g);
    }

    /** The denominator of eq. 10 and the inverse of P(alive): 1 + [x &gt; 0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x). */
    double aliveDenominator(int x, double tx, double bigT) {
        if (x == 0) {
            return 1;
        }
        return 1 + (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + bigT) / (alpha + tx)));
    }

    /**
     * Distinct (x, t_x, T) patterns with their weights (number of customers). Times are given by
     * index into {@code times} (distinct values in the model's unit), so that a likelihood
     * evaluation takes one logarithm per distinct time, not per pattern.
     *
     * @param x repeat purchases per pattern
     * @param txIndex index of t_x in {@code times}
     * @param tIndex index of T in {@code times}
     * @param times distinct time values in the model's unit
     * @param weight customers per pattern
     */
    record Patterns(int[] x, int[] txIndex, int[] tIndex, double[] times, double[] weight) {

        int size() {
            return x.length;
        }

        double tx(int k) {
            return times[txIndex[k]];
        }

        double bigT(int k) {
            return times[tIndex[k]];
        }

        double totalWeight() {
            double s = 0;
            for (double w : weight) {
                s += w;
            }
            return s;
        }

        /** Patterns from per-row values (rows with equal (x, t_x, T) are merged). */
        static Patterns of(int[] x, double[] tx, double[] bigT, double[] weight) {
            double[] all = new double[tx.length + bigT.length];
            System.arraycopy(tx, 0, all, 0, tx.length);
            System.arraycopy(bigT, 0, all, tx.length, bigT.length);
            double[] times = java.util.Arrays.stream(all).distinct().sorted().toArray();
            java.util.Map<java.util.List<Number>, Integer> index = new java.util.LinkedHashMap<>();
            java.util.List<double[]> rows = new java.util.ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                int ti = java.util.Arrays.binarySearch(times, bigT[i]);
                int xi = java.util.Arrays.binarySearch(times, tx[i]);
                java.util.List<Number> key = java.util.List.of(x[i], xi, ti);
                Integer k = index.get(key);
                if (k == null) {
                    index.put(key, rows.size());
                    rows.add(new double[] {x[i], xi, ti, weight[i]});
                } else {
                    rows.get(k)[3] += weight[i];
                }
            }
            int n = rows.size();
            int[] px = new int[n];
            int[] pxi = new int[n];
            int[] pti = new int[n];
            double[] pw = new double[n];
            for (int k = 0; k < n; k++) {
                double[] r = rows.get(k);
                px[k] = (int) r[0];
                pxi[k] = (int) r[1];
                pti[k] = (int) r[2];
                pw[k] = r[3];
            }
            return new Patterns(px, pxi, pti, times, pw);
        }
    }

    /**
     * The result of a maximum-likelihood fit.
     *
     * @param dropoutIdentified false when the data cannot tell drop-out apart from slow buying: the
     *        likelihood rises along a ridge towards a → 0, b → ∞ to the NBD limit (no drop-out), and
     *        the model is the best point there ({@link #DROPOUT_LIMIT_A}); a and b then carry no
     *        meaning of their own (their standard errors are NaN), while r, α and the forecast do
     */
    record Fit(BgNbdModel model, double[] standardErrors, double logLikelihood, boolean converged, int iterations,
            String stop, String reason, boolean dropoutIdentified) {

        Fit(BgNbdModel model, double[] standardErrors, double logLikelihood, boolean converged, int iterations,
                String stop, String reason) {
            this(model, standardErrors, logLikelihood, converged, iterations, stop, reason, true);
        }
    }

    /** Stop code of a fit that ended on the NBD limit: drop-out is not identified by the data. */
    static final String STOP_DROPOUT_NOT_IDENTIFIED = "dropout-not-identified";

    /**
     * The a of the model at the NBD limit (with b = 1): a mean drop-out probability per purchase of
     * 1e-9, so that every forecast and P(alive) equals the no-drop-out limit to within 1e-9 relative.
     */
    static final double DROPOUT_LIMIT_A = 1e-9;

    /**
     * How much higher the BG/NBD log-likelihood must be than that of the NBD limit for drop-out to
     * count as identified: half the 95 % point of χ²(1), a likelihood-ratio test on the boundary
     * (conservative there, where the statistic is a 50:50 mixture of 0 and χ²(1)).
     */
    static final double DROPOUT_LR = 1.92;

    /**
     * Discounted expected repeat purchases of every pattern: Σ_k f_k (E[X(t_k)] − E[X(t_{k−1})]) with
     * t_0 = 0, i.e. the purchases expected in each period (t_{k−1}, t_k] weighted by that period's
     * factor (discount, margin). The numerator of eq. 10 depends on (x, T) only, so it is computed
     * once per run of neighbouring patterns that share x and T (patterns from {@link PatternBuilder}
     * are sorted that way); each pattern then only divides by its own P(alive) denominator.
     *
     * @param p the patterns
     * @param from first pattern to forecast (the start of a run of equal (x, T))
     * @param to end (exclusive) of the patterns to forecast
     * @param t period ends t_1 &lt; t_2 &lt; … in the model's unit
     * @param factor weight of each period
     * @param out receives, for each pattern k, the discounted expected purchases at {@code 2k} and P(alive)
     *        at {@code 2k + 1} (side by side, so the per-customer lookup touches one cache line)
     */
    void discountedPurchases(Patterns p, int from, int to, double[] t, double[] factor, double[] out,
            Runnable checkCancelled) {
        double numerator = 0;
        for (int k = from; k < to; k++) {
            if (((k - from) & 0xFFF) == 0) {
                checkCancelled.run();
            }
            if (k == from || p.x[k] != p.x[k - 1] || p.tIndex[k] != p.tIndex[k - 1]) {
                double bigT = p.bigT(k);
                double prev = 0;
                numerator = 0;
                for (int j = 0; j < t.length; j++) {
                    double e = expectedNumerator(t[j], p.x[k], bigT);
                    numerator += factor[j] * (e - prev);
                    prev = e;
                }
            }
            double denom = aliveDenominator(p.x[k], p.tx(k), p.bigT(k));
            double v = numerator / denom;
            if (!(v >= -1e-9) || !Double.isFinite(v)) {
                throw new ArithmeticException("BG/NBD forecast is not finite for x=" + p.x[k] + ", t_x=" + p.tx(k)
                        + ", T=" + p.bigT(k));
            }
            out[2 * k] = Math.max(0, v);
            out[2 * k + 1] = 1 / denom;
        }
    }

    /** Weighted log-likelihood of the patterns (for tests and reporting). */
    static double logLikelihood(BgNbdModel m, Patterns p) {
        return new Likelihood(p).evaluate(new double[] {m.r, m.alpha, m.a, m.b}, new double[4], new double[4][4]);
    }

    /**
     * Maximum-likelihood fit by damped Newton with the exact gradient and Hessian (derived by hand
     * from eq. 6; see {@link Likelihood}); standard errors from the observed information.
     */
    static Fit fit(Patterns p, Runnable checkCancelled) {
        return fit(p, checkCancelled, true);
    }

    /** Patterns in the sample that gives a large fit its starting values. */
    static final int WARM_START_PATTERNS = 20_000;

    /** @param warmStart whether a large fit may start from the fit on a sample of its patterns */
    static Fit fit(Patterns p, Runnable checkCancelled, boolean warmStart) {
        Likelihood ll = new Likelihood(p);
        double n = p.totalWeight();
        // start: r = 1 and alpha = mean time between repeat purchases of repeat buyers (so E[λ] = 1/α
        // matches them), a = b = 1.
        double sumX = 0;
        double sumTx = 0;
        for (int k = 0; k < p.size(); k++) {
            sumX += p.weight[k] * p.x[k];
            sumTx += p.weight[k] * p.tx(k);
        }
        double alpha0 = sumX > 0 && sumTx > 0 ? sumTx / sumX : 1;
        double[] start = {1, alpha0, 1, 1};
        if (warmStart && p.size() > 4 * WARM_START_PATTERNS) {
            // Start from the fit on a systematic sample of the patterns: it takes its Newton steps at a
            // fraction of the cost, and the full fit then needs only the last two or three.
            int stride = p.size() / WARM_START_PATTERNS;
            int m = (p.size() + stride - 1) / stride;
            int[] sx = new int[m];
            int[] stx = new int[m];
            int[] st = new int[m];
            double[] sw = new double[m];
            for (int k = 0, j = 0; k < p.size(); k += stride, j++) {
                sx[j] = p.x[k];
                stx[j] = p.txIndex[k];
                st[j] = p.tIndex[k];
                sw[j] = p.weight[k];
            }
            Patterns sample = new Patterns(sx, stx, st, p.times, sw);
            Newton.Result warm = Newton.maximize(new Likelihood(sample), start, sample.totalWeight(), 200, checkCancelled);
            if (warm.converged()) {
                start = warm.phi();
            }
        }
        Newton.Result res = Newton.maximize(ll, start, n, 200, checkCancelled);
        double[] phi = res.phi();
        BgNbdModel m = new BgNbdModel(phi[0], phi[1], phi[2], phi[3]);
        double[] se = res.standardErrors();
        boolean converged = res.converged() && java.util.Arrays.stream(se).allMatch(Double::isFinite);
        boolean singular = res.converged() && !converged;
        String reason = singular ? "the information matrix is singular: a parameter is not identified by the data"
                : res.reason();
        Fit fit = new Fit(m, se, res.value(), converged, res.iterations(), singular ? Newton.STOP_SINGULAR : res.stop(),
                reason);
        if (!converged || m.a() / (m.a() + m.b()) < 1e-4) {
            // on the way to the NBD limit the fit never finds a maximum (or finds one that is barely a
            // drop-out model): compare with the limit itself
            Fit limit = nbdLimit(p, start, n, res.iterations(), checkCancelled);
            if (limit != null && !(Double.isFinite(res.value()) && res.value() > limit.logLikelihood() + DROPOUT_LR)) {
                return limit;
            }
        }
        return fit;
    }

    /**
     * The fit at the NBD limit of the model (a → 0: no customer drops out; purchases Poisson(λ), λ ~
     * Gamma(r, α)): ℓ = Σ lnΓ(r+x) − lnΓ(r) + r ln α − (r+x) ln(α+T), maximised in (r, α).
     *
     * @return the fit, as a BG/NBD model with a = {@link #DROPOUT_LIMIT_A} and b = 1, or null when
     *         it does not converge either
     */
    static Fit nbdLimit(Patterns p, double[] start, double weight, int iterationsBefore, Runnable checkCancelled) {
        int size = p.size();
        Newton.Objective nbd = (phi, g, h) -> {
            double r = phi[0];
            double alpha = phi[1];
            double lgR = LogGamma.value(r), dgR = Digamma.value(r), tgR = Trigamma.value(r), lnAlpha = Math.log(alpha);
            double ll = 0, gr = 0, ga = 0, hrr = 0, hra = 0, haa = 0;
            for (int k = 0; k < size; k++) {
                double w = p.weight[k];
                int x = p.x[k];
                double at = alpha + p.bigT(k);
                double lat = Math.log(at);
                ll += w * (LogGamma.value(r + x) - lgR + r * lnAlpha - (r + x) * lat);
                gr += w * (Digamma.value(r + x) - dgR + lnAlpha - lat);
                ga += w * (r / alpha - (r + x) / at);
                hrr += w * (Trigamma.value(r + x) - tgR);
                hra += w * (1 / alpha - 1 / at);
                haa += w * (-r / (alpha * alpha) + (r + x) / (at * at));
            }
            g[0] = gr;
            g[1] = ga;
            h[0][0] = hrr;
            h[0][1] = hra;
            h[1][0] = hra;
            h[1][1] = haa;
            return ll;
        };
        Newton.Result res = Newton.maximize(nbd, new double[] {start[0], start[1]}, weight, 200, checkCancelled);
        double[] se2 = res.standardErrors();
        if (!res.converged() || !Double.isFinite(se2[0]) || !Double.isFinite(se2[1])) {
            return null;
        }
        BgNbdModel m = new BgNbdModel(res.phi()[0], res.phi()[1], DROPOUT_LIMIT_A, 1);
        return new Fit(m, new double[] {se2[0], se2[1], Double.NaN, Double.NaN}, logLikelihood(m, p), true,
                iterationsBefore + res.iterations(), STOP_DROPOUT_NOT_IDENTIFIED,
                "drop-out is not identified by the data: the likelihood is highest at the NBD limit (a -> 0, no drop-out); "
                        + res.reason(), false);
    }

    /**
     * The weighted log-likelihood of eq. 6 with its exact first and second derivatives in
     * (r, α, a, b). Per customer ℓ = H_x + tail with
     * H_x = lnΓ(r+x) − lnΓ(r) + r ln α + lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x) (summed once per
     * distinct x, with digamma ψ and trigamma ψ₁ for the derivatives) and
     * tail = −(r+x) ln(α+T) + [x&gt;0] softplus(u), u = ln a − ln(b+x−1) + (r+x)(ln(α+T) − ln(α+t_x)).
     * With s = σ(u) (= 1 − P(alive)): ∂ softplus(u) = s ∇u and ∂² softplus(u) = s ∇²u + s(1−s) ∇u∇uᵀ,
     * where ∇u = (ln(α+T) − ln(α+t_x), (r+x)(1/(α+T) − 1/(α+t_x)), 1/a, −1/(b+x−1)).
     * Customers without repeat purchases contribute only −r ln(α+T) to the tail and are summed per
     * distinct T. Logarithms and reciprocals of α + time are computed once per distinct time.
     */
    static final class Likelihood implements Newton.Objective {
        /** Above this many repeat-buyer patterns an evaluation runs on two threads. */
        static final int PARALLEL_PATTERNS = 100_000;
        private final int[] distinctX;
        private final double[] weightOfX;
        private final double[] zeroWeightOfT;
        // repeat-buyer patterns, grouped by x: group g covers [start[g], start[g+1])
        private final int[] groupX;
        private final int[] start;
        private final int[] txi;
        private final int[] ti;
        private final double[] w;
        private final double[] times;
        private final double[] logs;
        private final double[] invs;

        private final int parallelPatterns;

        Likelihood(Patterns p) {
            this(p, PARALLEL_PATTERNS);
        }

        /** @param parallelPatterns from this many repeat-buyer patterns on, evaluate on two threads */
        Likelihood(Patterns p, int parallelPatterns) {
            this.parallelPatterns = parallelPatterns;
            times = p.times();
            logs = new double[times.length];
            invs = new double[times.length];
            zeroWeightOfT = new double[times.length];
            int size = p.size();
            int maxX = 0;
            for (int k = 0; k < size; k++) {
                maxX = Math.max(maxX, p.x[k]);
            }
            // counting sort of the patterns by x (stable, so PatternBuilder's order within an x is kept)
            double[] wOfX = new double[maxX + 1];
            int[] count = new int[maxX + 2];
            for (int k = 0; k < size; k++) {
                wOfX[p.x[k]] += p.weight[k];
                count[p.x[k] + 1]++;
                if (p.x[k] == 0) {
                    zeroWeightOfT[p.tIndex[k]] += p.weight[k];
                }
            }
            int distinct = 0;
            int groups = 0;
            for (int v = 0; v <= maxX; v++) {
                if (count[v + 1] > 0) {
                    distinct++;
                    groups += v > 0 ? 1 : 0;
                }
            }
            distinctX = new int[distinct];
            weightOfX = new double[distinct];
            groupX = new int[groups];
            start = new int[groups + 1];
            int di = 0;
            int gi = 0;
            int zeros = count[1];
            for (int v = 0; v <= maxX; v++) {
                if (count[v + 1] > 0) {
                    distinctX[di] = v;
                    weightOfX[di++] = wOfX[v];
                    if (v > 0) {
                        groupX[gi] = v;
                        start[gi++] = count[v] - zeros; // position among repeat patterns
                    }
                }
                count[v + 1] += count[v];
            }
            int repeat = size - zeros;
            start[groups] = repeat;
            txi = new int[repeat];
            ti = new int[repeat];
            w = new double[repeat];
            int[] next = count;
            for (int k = 0; k < size; k++) {
                if (p.x[k] > 0) {
                    int j = next[p.x[k]]++ - zeros;
                    txi[j] = p.txIndex[k];
                    ti[j] = p.tIndex[k];
                    w[j] = p.weight[k];
                }
            }
        }

        @Override
        public double evaluate(double[] phi, double[] g, double[][] h) {
            double r = phi[0];
            double alpha = phi[1];
            double a = phi[2];
            double b = phi[3];
            for (int i = 0; i < times.length; i++) {
                double v = alpha + times[i];
                logs[i] = Math.log(v);
                invs[i] = 1 / v;
            }
            // accumulators: ll, g[4], h (r,α,a,b) upper triangle
            double ll = 0;
            double gr = 0, ga = 0, gA = 0, gB = 0;
            double hrr = 0, hra = 0, haa = 0, hrA = 0, hrB = 0, haA = 0, haB = 0, hAA = 0, hAB = 0, hBB = 0;
            // heads, once per distinct x
            double lgR = LogGamma.value(r), lgAB = LogGamma.value(a + b), lgB = LogGamma.value(b);
            double dgR = Digamma.value(r), dgAB = Digamma.value(a + b), dgB = Digamma.value(b);
            double tgR = Trigamma.value(r), tgAB = Trigamma.value(a + b), tgB = Trigamma.value(b);
            double lnAlpha = Math.log(alpha);
            for (int k = 0; k < distinctX.length; k++) {
                int x = distinctX[k];
                double wk = weightOfX[k];
                ll += wk * (LogGamma.value(r + x) - lgR + r * lnAlpha + lgAB + LogGamma.value(b + x) - lgB
                        - LogGamma.value(a + b + x));
                double tABx = Trigamma.value(a + b + x);
                gr += wk * (Digamma.value(r + x) - dgR + lnAlpha);
                ga += wk * r / alpha;
                gA += wk * (dgAB - Digamma.value(a + b + x));
                gB += wk * (dgAB + Digamma.value(b + x) - dgB - Digamma.value(a + b + x));
                hrr += wk * (Trigamma.value(r + x) - tgR);
                hra += wk / alpha;
                haa -= wk * r / (alpha * alpha);
                hAA += wk * (tgAB - tABx);
                hAB += wk * (tgAB - tABx);
                hBB += wk * (tgAB + Trigamma.value(b + x) - tgB - tABx);
            }
            // tails of customers without repeat purchases: −r ln(α+T)
            for (int i = 0; i < times.length; i++) {
                double wt = zeroWeightOfT[i];
                if (wt != 0) {
                    ll -= wt * r * logs[i];
                    gr -= wt * logs[i];
                    ga -= wt * r * invs[i];
                    hra -= wt * invs[i];
                    haa += wt * r * invs[i] * invs[i];
                }
            }
            // tails of repeat buyers: the bulk of the work, in two halves on two threads when it is large
            // (the halves and the order of adding them up are fixed, so the result does not vary run to run)
            int repeat = w.length;
            double[] acc1 = new double[15];
            double[] acc2 = new double[15];
            if (repeat >= parallelPatterns) {
                int half = repeat / 2;
                Parallel.Task<Void> upper = Parallel.fork(() -> {
                    tails(r, a, b, half, repeat, acc2);
                    return null;
                });
                tails(r, a, b, 0, half, acc1);
                upper.join();
            } else {
                tails(r, a, b, 0, repeat, acc1);
            }
            ll += acc1[0] + acc2[0];
            gr += acc1[1] + acc2[1];
            ga += acc1[2] + acc2[2];
            gA += acc1[3] + acc2[3];
            gB += acc1[4] + acc2[4];
            hrr += acc1[5] + acc2[5];
            hra += acc1[6] + acc2[6];
            haa += acc1[7] + acc2[7];
            hrA += acc1[8] + acc2[8];
            hrB += acc1[9] + acc2[9];
            haA += acc1[10] + acc2[10];
            haB += acc1[11] + acc2[11];
            hAA += acc1[12] + acc2[12];
            hAB += acc1[13] + acc2[13];
            hBB += acc1[14] + acc2[14];
            g[0] = gr;
            g[1] = ga;
            g[2] = gA;
            g[3] = gB;
            double[][] u = {{hrr, hra, hrA, hrB}, {hra, haa, haA, haB}, {hrA, haA, hAA, hAB}, {hrB, haB, hAB, hBB}};
            for (int i = 0; i < 4; i++) {
                System.arraycopy(u[i], 0, h[i], 0, 4);
            }
            return ll;
        }

        /**
         * Adds the tails of repeat-buyer patterns [from, to) to {@code acc} = (ll, g_r, g_α, g_a, g_b,
         * H_rr, H_rα, H_αα, H_ra, H_rb, H_αa, H_αb, H_aa, H_ab, H_bb). Every group-level term is linear
         * in the group's sums, so a range may start or end inside a group.
         */
        private void tails(double r, double a, double b, int from, int to, double[] acc) {
            double lnA = Math.log(a);
            double invA = 1 / a;
            double ll = 0, gr = 0, ga = 0, gA = 0, gB = 0;
            double hrr = 0, hra = 0, haa = 0, hrA = 0, hrB = 0, haA = 0, haB = 0, hAA = 0, hAB = 0, hBB = 0;
            int grp = java.util.Arrays.binarySearch(start, from);
            grp = grp >= 0 ? grp : -grp - 2; // the group that contains pattern `from`
            while (grp + 1 < start.length && start[grp + 1] <= from) {
                grp++; // skip empty groups (there are none, but be safe)
            }
            for (; grp < groupX.length && start[grp] < to; grp++) {
                int x = groupX[grp];
                double rx = r + x;
                double ib = 1 / (b + x - 1);
                double lnc = lnA + Math.log(ib);
                double sS = 0, sS1 = 0, sS1r = 0, sS1a = 0;
                int end = Math.min(to, start[grp + 1]);
                for (int i = Math.max(from, start[grp]); i < end; i++) {
                    double wi = w[i];
                    double lT = logs[ti[i]], iT = invs[ti[i]];
                    double ltx = logs[txi[i]], itx = invs[txi[i]];
                    double d = lT - ltx;
                    double u = lnc + rx * d;
                    double e = Math.exp(-Math.abs(u));
                    double softplus = Math.max(u, 0) + Math.log(1 + e);
                    double s = u > 0 ? 1 / (1 + e) : e / (1 + e);
                    double s1 = s * (1 - s);
                    double ua = rx * (iT - itx);
                    ll += wi * (softplus - rx * lT);
                    gr += wi * (s * d - lT);
                    ga += wi * (s * ua - rx * iT);
                    hrr += wi * s1 * d * d;
                    hra += wi * (s * (iT - itx) - iT + s1 * d * ua);
                    haa += wi * (rx * iT * iT + s * rx * (itx * itx - iT * iT) + s1 * ua * ua);
                    sS += wi * s;
                    sS1 += wi * s1;
                    sS1r += wi * s1 * d;
                    sS1a += wi * s1 * ua;
                }
                // ∂u/∂a = 1/a and ∂u/∂b = −ib are constant within the group
                gA += sS * invA;
                gB -= sS * ib;
                hAA += -sS * invA * invA + sS1 * invA * invA;
                hAB -= sS1 * invA * ib;
                hBB += sS * ib * ib + sS1 * ib * ib;
                hrA += sS1r * invA;
                hrB -= sS1r * ib;
                haA += sS1a * invA;
                haB -= sS1a * ib;
            }
            double[] v = {ll, gr, ga, gA, gB, hrr, hra, haa, hrA, hrB, haA, haB, hAA, hAB, hBB};
            for (int k = 0; k < 15; k++) {
                acc[k] += v[k];
            }
        }
    }
}
