package io.klarsyn.metrics.cx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

    private static Stats.Nps nps(int... scores) {
        long pro = 0, pas = 0, det = 0;
        for (int s : scores) {
            int c = Stats.npsClass(s);
            if (c > 0) {
                pro++;
            } else if (c == 0) {
                pas++;
            } else {
                det++;
            }
        }
        return new Stats.Nps(pro, pas, det);
    }

    @Test
    void npsOfMixedScoresByHand() {
        // 10,9,10,9 promoters; 8,7 passives; 6,0,3,5 detractors: n = 10, NPS = 40 − 40 = 0.
        // variance = 0.4 + 0.4 − 0² = 0.8; MoE = 1.959964 · √(0.8/10) · 100 = 1.959964 · 0.2828427 · 100 = 55.4362
        Stats.Nps n = nps(10, 9, 8, 7, 6, 0, 10, 3, 9, 5);
        assertThat(n.n()).isEqualTo(10);
        assertThat(n.score()).isCloseTo(0.0, within(1e-12));
        assertThat(n.pPro()).isEqualTo(0.4);
        assertThat(n.pPas()).isEqualTo(0.2);
        assertThat(n.pDet()).isEqualTo(0.4);
        assertThat(n.marginOfError()).isCloseTo(55.4362, within(1e-3));
    }

    @Test
    void npsOfAnotherMixByHand() {
        // 9,9,9,8,2: 3 promoters, 1 passive, 1 detractor, n = 5: NPS = 60 − 20 = 40.
        // variance = 0.6 + 0.2 − 0.4² = 0.64; MoE = 1.959964 · √(0.128) · 100 = 1.959964 · 0.3577709 · 100 = 70.1218
        Stats.Nps n = nps(9, 9, 9, 8, 2);
        assertThat(n.score()).isCloseTo(40.0, within(1e-12));
        assertThat(n.marginOfError()).isCloseTo(70.1218, within(1e-3));
    }

    @Test
    void allPromotersAndSingleResponse() {
        Stats.Nps all = nps(9, 10, 10, 9);
        assertThat(all.score()).isEqualTo(100.0);
        assertThat(all.marginOfError()).isEqualTo(0.0); // variance 1 + 0 − 1² = 0
        Stats.Nps one = nps(3);
        assertThat(one.score()).isEqualTo(-100.0);
        assertThat(one.marginOfError()).isEqualTo(0.0);
        assertThat(new Stats.Nps(0, 0, 0).score()).isNaN();
        // a change test needs at least two responses per group
        assertThat(Stats.npsChangeP(one, all)).isNaN();
    }

    @Test
    void boundariesOfTheNpsClasses() {
        assertThat(Stats.npsClass(6)).isEqualTo(-1);
        assertThat(Stats.npsClass(7)).isEqualTo(0);
        assertThat(Stats.npsClass(8)).isEqualTo(0);
        assertThat(Stats.npsClass(9)).isEqualTo(1);
        assertThatThrownBy(() -> Stats.npsClass(11)).hasMessageContaining("0–10");
    }

    @Test
    void npsChangeTestByHand() {
        // A: 50 pro, 30 pas, 20 det (NPS 30, var .5+.2−.09 = .61); B: 30 pro, 30 pas, 40 det (NPS −10, var .3+.4−.01 = .69)
        // z = 0.40 / √(.61/100 + .69/100) = 0.40 / 0.1140175 = 3.50823; two-sided p = 4.51e-4 (normal table)
        double p = Stats.npsChangeP(new Stats.Nps(50, 30, 20), new Stats.Nps(30, 30, 40));
        assertThat(p).isCloseTo(4.51e-4, within(0.05e-4));
    }

    @Test
    void normalAndStudentTails() {
        // standard tables: P(Z > 1.959964) = 0.025; t(0.975, 10) = 2.228139; t(0.995, 5) = 4.032143
        assertThat(Stats.normalSf(1.959964)).isCloseTo(0.025, within(1e-6));
        assertThat(Stats.studentSf(2.228139, 10)).isCloseTo(0.025, within(1e-6));
        assertThat(Stats.studentSf(4.032143, 5)).isCloseTo(0.005, within(1e-6));
        assertThat(Stats.studentSf(0, 7)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void proportionTestByHand() {
        // 60/100 vs 45/100: pooled p = .525; se = √(.525·.475·(1/100 + 1/100)) = 0.0706222;
        // z = .15 / .0706222 = 2.12398; two-sided p from the normal table: 0.03367
        assertThat(Stats.proportionP(60, 100, 45, 100)).isCloseTo(0.03367, within(1e-4));
        assertThat(Stats.proportionP(10, 10, 20, 20)).isNaN(); // pooled share 1: no variance
    }

    @Test
    void welchTestByHand() {
        // {1..5}: mean 3, var 2.5; {4..9}: mean 6.5, var 3.5. se² = 2.5/5 + 3.5/6 = 1.0833333;
        // t = −3.5/1.0408330 = −3.36269; df = 1.0833333² / (0.5²/4 + 0.5833333²/5) = 8.98936.
        // t tables (df 9): t(.995) = 3.250, t(.9975) = 3.690, so 0.005 < p < 0.01.
        double s1 = 15, q1 = 55, s2 = 39, q2 = 16 + 25 + 36 + 49 + 64 + 81;
        double p = Stats.welchP(5, s1, q1, 6, s2, q2);
        assertThat(p).isBetween(0.005, 0.01);
        // and consistent with the t distribution at the hand-derived t and df
        assertThat(p).isCloseTo(2 * Stats.studentSf(3.36269, 8.98936), within(1e-5));
    }
}
