package io.klarsyn.generator;

import java.util.List;

/**
 * The parameters the generator draws from (also written to truth.json). Recovery tests may
 * use these constants directly. Time unit of the BG/NBD parameters: WEEKS.
 */
public final class GroundTruth {
    private GroundTruth() { }

    /** BG/NBD (Fader, Hardie &amp; Lee 2005), weeks: λ ~ Gamma(shape R, rate ALPHA), p ~ Beta(A, B). */
    public static final double R = 1.0, ALPHA = 2.2, A = 0.8, B = 6.0;
    /** Gamma-Gamma spend (Fader &amp; Hardie 2013), NOK: ν ~ Gamma(shape Q, rate GAMMA), amount ~ Gamma(shape P, rate ν). */
    public static final double P = 6.0, Q = 4.0, GAMMA = 225.0;

    public static final List<String> SEGMENTS = List.of("privat", "bedrift");
    public static final double[] SEGMENT_SHARE = {0.8, 0.2};
    public static final List<String> PLANS = List.of("basis", "standard", "premium");
    public static final double[] PLAN_SHARE = {0.5, 0.35, 0.15};
    public static final List<String> REGIONS = List.of("Oslo", "Viken", "Vestland", "Trøndelag", "Nord-Norge");
    public static final double[] REGION_SHARE = {0.30, 0.25, 0.18, 0.14, 0.13};
    public static final List<String> CHANNELS = List.of("nett", "butikk", "telefon");
    public static final double[] CHANNEL_SHARE = {0.55, 0.30, 0.15};
    /** Mean acquisition cost per channel (NOK), times SEGMENT_COST_MULT; cost = mean × Gamma(shape 16, rate 16). */
    public static final double[] CHANNEL_COST_MEAN = {350, 650, 450};
    public static final double[] SEGMENT_COST_MULT = {1.0, 2.5};
    public static final double COST_SHAPE = 16;

    /** Contractual churn: monthlyHazard = BASE_HAZARD[plan] × SEGMENT_HAZARD_MULT[segment] × CHANNEL_HAZARD_MULT[channel]. */
    public static final double[] BASE_HAZARD = {0.030, 0.020, 0.012};
    public static final double[] SEGMENT_HAZARD_MULT = {1.0, 0.7};
    public static final double[] CHANNEL_HAZARD_MULT = {1.1, 0.9, 1.0};
    public static final double DAYS_PER_MONTH = 30.4375;

    /** Opening base: this share of customers acquired uniformly in the OPENING_MONTHS before the window. */
    public static final double OPENING_SHARE = 0.2;
    public static final int OPENING_MONTHS = 12;
    /** New customers per window month ∝ (1 + GROWTH)^m × (1 + SEASON_AMPLITUDE·cos(2π(monthOfYear − 1)/12)). */
    public static final double GROWTH = 0.03, SEASON_AMPLITUDE = 0.2;

    public static final List<String> DRIVERS = List.of("trust", "problem_solving", "ease", "expectations",
            "personalization", "empathy");
    /** Latent driver = mean + LOADING·f + UNIQUE_SD·e (f, e standard normal), rounded and clipped to 1..10. */
    public static final double[] DRIVER_MEAN = {7.6, 6.9, 7.6, 7.2, 6.4, 7.0};
    public static final double DRIVER_LOADING = 1.2, DRIVER_UNIQUE_SD = 1.1;
    /** Story: driver ease declines linearly by EASE_DECLINE_PER_MONTH over the last EASE_DECLINE_MONTHS months. */
    public static final double EASE_DECLINE_PER_MONTH = 0.2;
    public static final int EASE_DECLINE_MONTHS = 6;
    /** nps = round(clip(NPS_INTERCEPT + Σ NPS_WEIGHT[d]·driver_d + N(0, NPS_NOISE_SD), 0, 10)), drivers as rated (1..10). */
    public static final double NPS_INTERCEPT = 0.6, NPS_NOISE_SD = 1.0;
    public static final double[] NPS_WEIGHT = {0.15, 0.35, 0.30, 0.12, 0.05, 0.08};
    /** csat = round(clip(CSAT_INTERCEPT + CSAT_SLOPE·mean(drivers) + N(0, CSAT_NOISE_SD), 1, 5)). */
    public static final double CSAT_INTERCEPT = -0.3, CSAT_SLOPE = 0.6, CSAT_NOISE_SD = 0.6;
    /** ces (7 = very easy) = round(clip(CES_INTERCEPT + CES_SLOPE·ease + N(0, CES_NOISE_SD), 1, 7)). */
    public static final double CES_INTERCEPT = 0.6, CES_SLOPE = 0.65, CES_NOISE_SD = 0.7;
    public static final List<String> TOUCHPOINTS = List.of("nett", "butikk", "telefon", "app");
    public static final double[] TOUCHPOINT_SHARE = {0.40, 0.20, 0.15, 0.25};
    public static final double ANONYMOUS_SHARE = 0.15, COMMENT_SHARE = 0.15, BLANK_SCORE_SHARE = 0.02;
    /** Responses per month = clamp(round(RESPONSE_RATE × customers), MIN, MAX). */
    public static final double RESPONSE_RATE = 0.08;
    public static final int RESPONSES_PER_MONTH_MIN = 30, RESPONSES_PER_MONTH_MAX = 5000;
}
