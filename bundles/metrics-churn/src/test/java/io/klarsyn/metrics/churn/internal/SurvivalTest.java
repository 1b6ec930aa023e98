package io.klarsyn.metrics.churn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Freireich et al. (1963) remission times in weeks, 6-MP vs placebo (Gehan 1965; R: MASS::gehan;
 * Klein &amp; Moeschberger, Survival Analysis, Table 1.1 and Example 4.1; Kleinbaum &amp; Klein,
 * Survival Analysis: A Self-Learning Text, ch. 2). Expected values are R survival's output for
 * {@code survfit(Surv(time, cens) ~ treat, data = gehan)} (conf.type "log", the default) and
 * {@code survdiff(...)}: chi-square 16.8 on 1 df, p = 4.17e-05, as printed in those texts.
 */
class SurvivalTest {

    static final int[] MP_TIME = {6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35};
    static final boolean[] MP_EVENT = {true, true, true, false, true, false, true, false, false, true, true, false,
        false, false, true, true, false, false, false, false, false};
    static final int[] PLACEBO_TIME = {1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23};

    static Survival freireich() {
        int n = MP_TIME.length + PLACEBO_TIME.length;
        int[] t = new int[n];
        boolean[] e = new boolean[n];
        int[] g = new int[n];
        for (int i = 0; i < MP_TIME.length; i++) {
            t[i] = MP_TIME[i];
            e[i] = MP_EVENT[i];
        }
        for (int i = 0; i < PLACEBO_TIME.length; i++) {
            t[MP_TIME.length + i] = PLACEBO_TIME[i];
            e[MP_TIME.length + i] = true;
            g[MP_TIME.length + i] = 1;
        }
        return new Survival(t, e, g, 2, () -> false);
    }

    @Test
    void kaplanMeierOfSixMpMatchesTheTextbookTable() {
        Survival.Estimate km = freireich().estimate(0);
        // time, n.risk, n.event, survival, std.err, lower, upper (R summary(survfit), Klein & Moeschberger Table 4.1)
        double[][] expected = {
            {6, 21, 3, 0.857, 0.0764, 0.720, 1.000},
            {7, 17, 1, 0.807, 0.0869, 0.653, 0.996},
            {10, 15, 1, 0.753, 0.0963, 0.586, 0.968},
            {13, 12, 1, 0.690, 0.1068, 0.510, 0.935},
            {16, 11, 1, 0.627, 0.1141, 0.439, 0.896},
            {22, 7, 1, 0.538, 0.1282, 0.337, 0.858},
            {23, 6, 1, 0.448, 0.1346, 0.249, 0.807}};
        assertThat(km.times()).hasSize(7);
        for (int i = 0; i < expected.length; i++) {
            double[] row = expected[i];
            assertThat(km.times()[i]).isEqualTo((int) row[0]);
            assertThat(km.atRisk()[i]).isEqualTo((int) row[1]);
            assertThat(km.deaths()[i]).isEqualTo((int) row[2]);
            double s = km.survival()[i];
            assertThat(s).isCloseTo(row[3], within(5e-4));
            double greenwoodSe = s * Math.log(s / km.lower()[i]) / Stats.Z95;
            assertThat(greenwoodSe).isCloseTo(row[4], within(5e-5));
            assertThat(km.lower()[i]).isCloseTo(row[5], within(5e-4));
            assertThat(km.upper()[i]).isCloseTo(row[6], within(5e-4));
        }
        // exact products: 18/21 * 16/17 * 14/15 * 11/12 * 10/11 * 6/7 * 5/6
        assertThat(km.survivalAt(23)).isCloseTo(18.0 / 21 * 16 / 17 * 14 / 15 * 11 / 12 * 10 / 11 * 6 / 7 * 5 / 6,
                within(1e-15));
        assertThat(km.survivalAt(5.9)).isEqualTo(1.0);
        assertThat(km.survivalAt(36)).isNaN(); // beyond the last follow-up (35)
        assertThat(km.atRiskAt(10)).isEqualTo(15);
        assertThat(km.atRiskAt(0)).isEqualTo(21);
    }

    @Test
    void mediansAndTheirIntervalsMatchR() {
        // R: group=6-MP median 23, 0.95LCL 16, 0.95UCL NA; group=control median 8, 0.95LCL 4, 0.95UCL 12.
        Survival s = freireich();
        Survival.Estimate mp = s.estimate(0);
        Survival.Estimate placebo = s.estimate(1);
        assertThat(mp.median()).isEqualTo(23.0);
        assertThat(mp.medianLower()).isEqualTo(16.0);
        assertThat(mp.medianUpper()).isNaN();
        assertThat(placebo.median()).isEqualTo(8.0);
        assertThat(placebo.medianLower()).isEqualTo(4.0);
        assertThat(placebo.medianUpper()).isEqualTo(12.0);
        assertThat(placebo.survival()[placebo.survival().length - 1]).isEqualTo(0.0);
    }

    @Test
    void logRankMatchesSurvdiff() {
        // survdiff: 6-MP observed 9 expected 19.25; control observed 21 expected 10.75; Chisq = 16.8 on 1 df, p = 4.17e-05
        // (Kleinbaum & Klein: log-rank statistic 16.79).
        Survival.LogRank lr = freireich().logRank();
        assertThat(lr.observed()).containsExactly(9, 21);
        assertThat(lr.expected()[0]).isCloseTo(19.25, within(0.005));
        assertThat(lr.expected()[1]).isCloseTo(10.75, within(0.005));
        assertThat(lr.chi2()).isCloseTo(16.79, within(0.005));
        assertThat(lr.df()).isEqualTo(1);
        assertThat(lr.p()).isCloseTo(4.17e-5, within(0.005e-5));
    }

    @Test
    void threeGroupLogRankUsesTheFullCovariance() {
        // Hand derivation: groups A = {1, 2}, B = {3, 4}, C = {5+, 6} (all events except 5+).
        // t=1: n=(2,2,2) d=1: E=(1/3,1/3,1/3); t=2: n=(1,2,2) d=1: E += (1/5,2/5,2/5);
        // t=3: n=(0,2,2) d=1: E += (0,1/2,1/2); t=4: n=(0,1,2) d=1: E += (0,1/3,2/3); t=6: n=(0,0,1) d=1: E += (0,0,1).
        // O = (2,2,1); E = (8/15, 47/30, 29/10). Each time d=1 so V_ab = sum p_a(δ_ab − p_b).
        int[] t = {1, 2, 3, 4, 5, 6};
        boolean[] e = {true, true, true, true, false, true};
        int[] g = {0, 0, 1, 1, 2, 2};
        Survival.LogRank lr = new Survival(t, e, g, 3, () -> false).logRank();
        assertThat(lr.expected()[0]).isCloseTo(8.0 / 15, within(1e-12));
        assertThat(lr.expected()[1]).isCloseTo(47.0 / 30, within(1e-12));
        assertThat(lr.expected()[2]).isCloseTo(29.0 / 10, within(1e-12));
        double[] pA = {1.0 / 3, 1.0 / 5, 0, 0, 0};
        double[] pB = {1.0 / 3, 2.0 / 5, 1.0 / 2, 1.0 / 3, 0};
        double vaa = 0, vbb = 0, vab = 0;
        for (int i = 0; i < 5; i++) {
            vaa += pA[i] * (1 - pA[i]);
            vbb += pB[i] * (1 - pB[i]);
            vab -= pA[i] * pB[i];
        }
        double ua = 2 - 8.0 / 15;
        double ub = 2 - 47.0 / 30;
        double det = vaa * vbb - vab * vab;
        double chi2 = (ua * ua * vbb - 2 * ua * ub * vab + ub * ub * vaa) / det;
        assertThat(lr.df()).isEqualTo(2);
        assertThat(lr.chi2()).isCloseTo(chi2, within(1e-12));
        assertThat(lr.p()).isCloseTo(Math.exp(-chi2 / 2), within(1e-12));
    }
}
