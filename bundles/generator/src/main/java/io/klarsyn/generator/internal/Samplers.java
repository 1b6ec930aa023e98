package io.klarsyn.generator.internal;

import java.util.SplittableRandom;

/** Seeded samplers: Marsaglia–Tsang gamma (with the U^(1/k) boost for k &lt; 1), beta from two gammas, polar normal. StrictMath keeps the output identical across JVMs and machines. */
public final class Samplers {
    private final SplittableRandom rnd;
    private double spare;
    private boolean hasSpare;

    public Samplers(SplittableRandom rnd) { this.rnd = rnd; }

    public double uniform() { return rnd.nextDouble(); }

    public int nextInt(int bound) { return rnd.nextInt(bound); }

    public double normal() {
        if (hasSpare) { hasSpare = false; return spare; }
        double u, v, s;
        do {
            u = 2 * rnd.nextDouble() - 1;
            v = 2 * rnd.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * StrictMath.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }

    /** Exponential with the given rate (mean 1/rate). */
    public double exponential(double rate) { return -StrictMath.log(1 - rnd.nextDouble()) / rate; }

    /** Gamma(shape, rate): mean shape/rate. */
    public double gamma(double shape, double rate) { return standardGamma(shape) / rate; }

    public double standardGamma(double k) {
        if (k < 1) {
            double u = rnd.nextDouble();
            return standardGamma(k + 1) * StrictMath.pow(u, 1 / k);
        }
        double d = k - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x, v;
            do {
                x = normal();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rnd.nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) return d * v;
            if (StrictMath.log(u) < 0.5 * x2 + d * (1 - v + StrictMath.log(v))) return d * v;
        }
    }

    public double beta(double a, double b) {
        double x = standardGamma(a), y = standardGamma(b);
        return x / (x + y);
    }

    /** Index drawn from a cumulative table (last entry 1). */
    public int pick(double[] cumulative) {
        double u = rnd.nextDouble();
        for (int i = 0; i < cumulative.length - 1; i++) if (u < cumulative[i]) return i;
        return cumulative.length - 1;
    }

    public static double[] cumulative(double[] weights) {
        double s = 0;
        for (double w : weights) s += w;
        double[] c = new double[weights.length];
        double acc = 0;
        for (int i = 0; i < weights.length; i++) { acc += weights[i]; c[i] = acc / s; }
        c[c.length - 1] = 1;
        return c;
    }
}
