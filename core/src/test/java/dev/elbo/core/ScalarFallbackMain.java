package dev.elbo.core;

/**
 * Run in a child JVM by {@link ScalarFallbackTest}: calls kernels through the facade twice
 * and prints whether they were vectorized and the results' bits, one per line.
 */
public final class ScalarFallbackMain {
    private ScalarFallbackMain() {}

    static final double[] INPUT = {-3.5, -0.0, 0.25, 1.0, 2.0, 7.5, -1e-3, 40.0, 1e300, -1e300, 0.1};

    /** The values printed, computed through whatever path {@link Kernels} chose. */
    static double[] compute() {
        int n = INPUT.length;
        double[] out = new double[6 * n + 3];
        Kernels.add(n, INPUT, 0, INPUT, 0, out, 0);
        Kernels.softplus(n, INPUT, 0, out, n);
        Kernels.exp(n, INPUT, 0, out, 2 * n);
        Kernels.tanh(n, INPUT, 0, out, 3 * n);
        Kernels.mulRowVector(1, n, INPUT, 0, INPUT, 0, out, 4 * n);
        Kernels.elu(n, INPUT, 0, out, 5 * n);
        out[6 * n] = Kernels.sum(n, INPUT, 0);
        out[6 * n + 1] = Kernels.dot(n, INPUT, 0, INPUT, 0);
        Kernels.logSumExpRows(1, 8, INPUT, 0, out, 6 * n + 2);
        return out;
    }

    public static void main(String[] args) {
        compute();
        double[] out = compute();
        System.out.println("vectorized=" + Kernels.vectorized());
        for (double v : out) System.out.println(Long.toHexString(Double.doubleToRawLongBits(v)));
    }
}
