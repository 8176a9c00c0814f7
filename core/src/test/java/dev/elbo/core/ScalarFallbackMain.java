package dev.elbo.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Run in child JVMs by {@link ScalarFallbackTest}: calls kernels through the facade twice, then
 * prints whether they were vectorized and the results' bits, one per line.
 */
public final class ScalarFallbackMain {
    private ScalarFallbackMain() {}

    static final double[] INPUT = {-3.5, -0.0, 0.25, 1.0, 2.0, 7.5, -1e-3, 40.0, 1e300, -1e300, 0.1, -700.5, 3e-310};

    /** 301 points spread over [−60, 60], for the transcendentals: their last bits are what differs between tiers. */
    static final double[] RAMP = new double[301];

    static {
        for (int i = 0; i < RAMP.length; i++) RAMP[i] = -60 + 0.4 * i + 1e-3 * Math.sin(i);
    }

    /** A few kernels of each kind, through whatever paths {@link Kernels} chose. */
    static double[] compute() {
        int n = INPUT.length;
        double[] out = new double[7 * n + 3 + 5 * RAMP.length];
        Kernels.add(n, INPUT, 0, INPUT, 0, out, 0);
        Kernels.softplus(n, INPUT, 0, out, n);
        Kernels.exp(n, INPUT, 0, out, 2 * n);
        Kernels.tanh(n, INPUT, 0, out, 3 * n);
        Kernels.mulRowVector(1, n, INPUT, 0, INPUT, 0, out, 4 * n);
        Kernels.elu(n, INPUT, 0, out, 5 * n);
        Kernels.sigmoid(n, INPUT, 0, out, 6 * n);
        out[7 * n] = Kernels.sum(n, INPUT, 0);
        out[7 * n + 1] = Kernels.dot(n, INPUT, 0, INPUT, 0);
        Kernels.logSumExpRows(1, 8, INPUT, 0, out, 7 * n + 2);
        int r = RAMP.length, base = 7 * n + 3;
        Kernels.exp(r, RAMP, 0, out, base);
        Kernels.sigmoid(r, RAMP, 0, out, base + r);
        Kernels.logSumExpRows(r / 7, 7, RAMP, 0, out, base + 2 * r);
        Kernels.tanh(r, RAMP, 0, out, base + 3 * r);
        Kernels.softplus(r, RAMP, 0, out, base + 4 * r);
        return out;
    }

    /** One hex line per value: the format {@link #main} prints. */
    static List<String> lines(double[] values) {
        List<String> lines = new ArrayList<>();
        for (double v : values) lines.add(Long.toHexString(Double.doubleToRawLongBits(v)));
        return lines;
    }

    public static void main(String[] args) {
        compute();
        double[] out = compute();
        System.out.println("vectorized=" + Kernels.vectorized());
        lines(out).forEach(System.out::println);
    }
}
