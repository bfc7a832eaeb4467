package dev.bindery.tensor.kernel;

/**
 * The error function, accurate to better than 1e-9 absolute everywhere, fast enough for exact GELU on every
 * activation of an encoder.
 *
 * <p>Method: cubic Hermite interpolation on a table of {@code erf} and its derivative
 * {@code 2/sqrt(pi) exp(-x^2)} at steps of 1/64 on [0, 6]; beyond 6, {@code |erf| = 1} to within 2e-17.
 * The interpolation error is at most {@code h^4/384 * max|erf''''| < 1e-9}. The table itself is computed once
 * in double precision: by the Maclaurin series for {@code x <= 3} (terms stay below e^9, so rounding error
 * stays near 1e-12) and by the continued fraction of {@code erfc} above.
 */
public final class Erf {
    private Erf() {
    }

    private static final int STEPS_PER_UNIT = 64;
    private static final double LIMIT = 6.0;
    private static final int POINTS = (int) (LIMIT * STEPS_PER_UNIT) + 1;
    private static final double H = 1.0 / STEPS_PER_UNIT;
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double[] VALUE = new double[POINTS + 1];
    private static final double[] SLOPE = new double[POINTS + 1]; // derivative times H

    static {
        for (int k = 0; k <= POINTS; k++) {
            double x = Math.min(k * H, LIMIT);
            VALUE[k] = k * H > LIMIT ? 1.0 : exactErf(x);
            SLOPE[k] = k * H > LIMIT ? 0.0 : TWO_OVER_SQRT_PI * Math.exp(-x * x) * H;
        }
    }

    /** erf(x) in double precision (absolute error below 1e-9). */
    public static double erf(double x) {
        double a = Math.abs(x);
        if (!(a < LIMIT)) {
            return Double.isNaN(x) ? Double.NaN : Math.copySign(1.0, x);
        }
        double t = a * STEPS_PER_UNIT;
        int k = (int) t;
        double u = t - k;
        double u2 = u * u;
        double u3 = u2 * u;
        // Hermite basis on [0, 1]: h00 = 2u^3-3u^2+1, h10 = u^3-2u^2+u, h01 = -2u^3+3u^2, h11 = u^3-u^2.
        double y = (2 * u3 - 3 * u2 + 1) * VALUE[k] + (u3 - 2 * u2 + u) * SLOPE[k]
                + (3 * u2 - 2 * u3) * VALUE[k + 1] + (u3 - u2) * SLOPE[k + 1];
        return Math.copySign(y, x);
    }

    /** erf(x) rounded to float32. */
    public static float erf(float x) {
        return (float) erf((double) x);
    }

    /** Slow but accurate erf for building the table. */
    private static double exactErf(double x) {
        if (x <= 3.0) {
            // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = x; // (-1)^n x^(2n+1) / n!
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-18) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * sum;
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated bottom-up.
        double f = x;
        for (int n = 120; n >= 1; n--) {
            f = x + (n / 2.0) / f;
        }
        return 1.0 - Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
