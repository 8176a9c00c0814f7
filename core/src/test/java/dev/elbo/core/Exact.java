package dev.elbo.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * High-precision reference values (about 50 significant digits) for the accuracy tests: the
 * inputs are doubles, converted exactly, and each function is a textbook series in
 * {@link BigDecimal}, so the result is exact to far more than the 17 digits a double holds.
 * Deliberately slow and simple; only for tests.
 */
final class Exact {
    private Exact() {}

    static final MathContext WORK = new MathContext(60);
    static final double U = 0x1p-53;

    static final BigDecimal LN2 = atanh(BigDecimal.ONE.divide(BigDecimal.valueOf(3), WORK)).multiply(BigDecimal.valueOf(2));

    static BigDecimal of(double x) {
        return new BigDecimal(x);
    }

    /** atanh(t) = Σ t^(2k+1)/(2k+1), for |t| ≤ 1/3 (at least one decimal digit per term). */
    static BigDecimal atanh(BigDecimal t) {
        if (t.signum() == 0) return BigDecimal.ZERO;
        BigDecimal t2 = t.multiply(t, WORK);
        BigDecimal term = t.round(WORK);
        BigDecimal sum = term;
        for (int k = 1; ; k++) {
            term = term.multiply(t2, WORK);
            BigDecimal add = term.divide(BigDecimal.valueOf(2L * k + 1), WORK);
            sum = sum.add(add, WORK);
            if (negligible(add, sum)) return sum;
        }
    }

    private static boolean negligible(BigDecimal add, BigDecimal sum) {
        return add.signum() == 0 || add.abs().compareTo(sum.abs().movePointLeft(62)) < 0;
    }

    /** 2^k exactly, for any int k. */
    static BigDecimal pow2(int k) {
        if (k >= 0) return new BigDecimal(BigInteger.ONE.shiftLeft(k));
        return new BigDecimal(BigInteger.valueOf(5).pow(-k), -k); // 2^-k = 5^k / 10^k
    }

    /** Taylor series of e^r − 1 (without the leading 1), for |r| ≤ 1. */
    private static BigDecimal expm1Series(BigDecimal r) {
        if (r.signum() == 0) return BigDecimal.ZERO;
        BigDecimal term = r.round(WORK);
        BigDecimal sum = term;
        for (int k = 2; ; k++) {
            term = term.multiply(r, WORK).divide(BigDecimal.valueOf(k), WORK);
            sum = sum.add(term, WORK);
            if (negligible(term, sum)) return sum;
        }
    }

    /** e^x for |x| up to a few thousand: e^x = 2^k · e^r with r = x − k·ln 2, |r| ≤ ln 2 / 2. */
    static BigDecimal exp(BigDecimal x) {
        int k = (int) Math.round(x.doubleValue() / Math.log(2));
        BigDecimal r = x.subtract(LN2.multiply(BigDecimal.valueOf(k)), WORK);
        return BigDecimal.ONE.add(expm1Series(r)).multiply(pow2(k), WORK);
    }

    static BigDecimal exp(double x) {
        return exp(of(x));
    }

    static BigDecimal expm1(double x) {
        if (Math.abs(x) < 1) return expm1Series(of(x));
        return exp(x).subtract(BigDecimal.ONE, WORK);
    }

    /**
     * log y for y &gt; 0: y = m·2^e with m near 1, log y = e·ln 2 + 2·atanh((m − 1)/(m + 1)).
     * m − 1 is formed exactly, so log(1 + tiny) keeps its digits.
     */
    static BigDecimal log(BigDecimal y) {
        double approx = y.doubleValue();
        int e;
        if (approx == 0 || Double.isInfinite(approx)) {
            // Beyond double range: estimate log2 from the decimal exponent.
            e = (int) Math.round((y.precision() - y.scale() - 1) * 3.321928094887362);
        } else {
            e = (int) Math.round(Math.log(approx) / Math.log(2));
        }
        BigDecimal m = y.multiply(pow2(-e));
        BigDecimal t = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), WORK);
        return LN2.multiply(BigDecimal.valueOf(e)).add(atanh(t).multiply(BigDecimal.valueOf(2)), WORK);
    }

    static BigDecimal log(double x) {
        return log(of(x));
    }

    static BigDecimal log1p(double x) {
        return log(BigDecimal.ONE.add(of(x)));
    }

    /** tanh x = expm1(2x) / (expm1(2x) + 2); beyond |x| = 40 it is ±1 to 34 digits. */
    static BigDecimal tanh(double x) {
        if (Math.abs(x) > 40) return BigDecimal.valueOf(Math.signum(x));
        BigDecimal em = expm1(2 * x); // 2x is exact
        return em.divide(em.add(BigDecimal.valueOf(2)), WORK);
    }

    /** σ(x) = 1 / (1 + e^−x), for |x| ≤ 2000. */
    static BigDecimal sigmoid(double x) {
        return BigDecimal.ONE.divide(BigDecimal.ONE.add(exp(-x)), WORK);
    }

    /** softplus(x) = log(1 + e^x), for |x| ≤ 2000 (1 + e^x is formed exactly). */
    static BigDecimal softplus(double x) {
        return log(BigDecimal.ONE.add(exp(x)));
    }

    /** Σ a[i], exactly. */
    static BigDecimal sum(int n, double[] a, int off) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) s = s.add(of(a[off + i]));
        return s;
    }

    /**
     * Error of {@code approx} in ulps of the exact value, where the ulp is that of the double
     * nearest to {@code exact} (MIN_VALUE below the normal range). Where the exact value rounds
     * to ±∞, ±∞ is 0 ulp off and ±MAX_VALUE 1 ulp. ±∞ for a finite exact value counts as
     * ±2^1024. NaN approx gives +∞.
     */
    static double ulpError(double approx, BigDecimal exact) {
        if (Double.isNaN(approx)) return Double.POSITIVE_INFINITY;
        double nearest = exact.doubleValue();
        if (Double.isInfinite(nearest)) {
            if (approx == nearest) return 0;
            return approx == Math.copySign(Double.MAX_VALUE, nearest) ? 1 : Double.POSITIVE_INFINITY;
        }
        double ulp = Math.ulp(nearest);
        BigDecimal a = Double.isInfinite(approx)
                ? pow2(1024).multiply(BigDecimal.valueOf(Math.signum(approx)))
                : of(approx);
        return a.subtract(exact).abs().divide(of(ulp), MathContext.DECIMAL64).doubleValue();
    }
}
