package dev.bindery.encoder.audio.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact rational number, as Python's {@code fractions.Fraction}, which pytorchvideo's clip samplers use for clip
 * times: always in lowest terms with a positive denominator, printed as Python prints it ({@code "3/4"}, {@code "2"}).
 */
public record Fraction(BigInteger numerator, BigInteger denominator) implements Comparable<Fraction> {
    static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);

    public Fraction {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
    }

    static Fraction of(long value) {
        return new Fraction(BigInteger.valueOf(value), BigInteger.ONE);
    }

    /** {@code Fraction(float)}: the exact value of the double. */
    static Fraction of(double value) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("not finite: " + value);
        }
        BigDecimal d = new BigDecimal(value);
        BigInteger unscaled = d.unscaledValue();
        int scale = d.scale();
        return scale >= 0 ? new Fraction(unscaled, BigInteger.TEN.pow(scale))
                : new Fraction(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }

    Fraction plus(Fraction o) {
        return new Fraction(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    Fraction times(long k) {
        return new Fraction(numerator.multiply(BigInteger.valueOf(k)), denominator);
    }

    Fraction dividedBy(long k) {
        return new Fraction(numerator, denominator.multiply(BigInteger.valueOf(k)));
    }

    /** Python's {@code int(fraction)}: truncation toward zero. */
    long truncate() {
        return numerator.divide(denominator).longValueExact();
    }

    double doubleValue() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    @Override
    public int compareTo(Fraction o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    }
}
