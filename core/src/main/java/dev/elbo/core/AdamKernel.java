package dev.elbo.core;

/**
 * The loop of one Adam update (the optimizer is {@code dev.elbo.models.optim.Adam}), for each
 * entry i of a parameter θ with gradient g and moments m, v:
 * <pre>
 * m[i] = β₁·m[i] + (1 − β₁)·g[i]
 * v[i] = β₂·v[i] + (1 − β₂)·g[i]·g[i]
 * θ[i] = θ[i] − η·((m[i] / c₁) / (√(v[i] / c₂) + ε) + λ·θ[i])      c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ
 * </pre>
 * each operation rounded in the order written (no fused multiply-add). {@link #scalar} is the
 * definition; with the Vector API the same operations run lane by lane (IEEE multiply, add,
 * divide and square root are correctly rounded either way), and above {@link #PARALLEL_MIN}
 * entries the range is split among {@link Parallel}'s threads. Every entry is computed on its
 * own, so the result is the same bit for bit on both paths and for any thread count.
 *
 * <p>Why a kernel of its own: the update is 8% of a training step of the IWAE model on one
 * thread (a divide and a square root per entry, 400,000 entries), and with binarization it was
 * one of the two longest stretches of a two-thread step that ran on one thread.
 */
public final class AdamKernel {
    private AdamKernel() {}

    /** Below this many entries the update runs on the calling thread alone (about 10 µs of work). */
    static final int PARALLEL_MIN = 1 << 14;

    /** The arguments of one update, one object per calling thread: a parallel update allocates nothing. */
    private static final class Task implements Parallel.RangeTask {
        double[] theta, g, m, v;
        int off;
        double beta1, beta2, epsilon, weightDecay, correction1, correction2, lr;

        @Override
        public void run(int from, int to) {
            range(off + from, off + to, theta, g, m, v, beta1, beta2, epsilon, weightDecay, correction1,
                    correction2, lr);
        }
    }

    private static final ThreadLocal<Task> TASK = ThreadLocal.withInitial(Task::new);

    /**
     * Updates entries [off, off + n) of θ, m and v from g (see the class comment): β₁, β₂, ε,
     * the weight decay λ, the bias corrections c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ, the learning rate η.
     */
    public static void update(int n, double[] theta, double[] g, double[] m, double[] v, int off,
                              double beta1, double beta2, double epsilon, double weightDecay,
                              double correction1, double correction2, double lr) {
        if (n <= 0) {
            return;
        }
        check(n, off, theta, "theta");
        check(n, off, g, "g");
        check(n, off, m, "m");
        check(n, off, v, "v");
        if (n < PARALLEL_MIN || Parallel.threads() == 1) {
            range(off, off + n, theta, g, m, v, beta1, beta2, epsilon, weightDecay, correction1, correction2, lr);
            return;
        }
        Task task = TASK.get();
        task.theta = theta;
        task.g = g;
        task.m = m;
        task.v = v;
        task.off = off;
        task.beta1 = beta1;
        task.beta2 = beta2;
        task.epsilon = epsilon;
        task.weightDecay = weightDecay;
        task.correction1 = correction1;
        task.correction2 = correction2;
        task.lr = lr;
        try {
            Parallel.forRange(n, task);
        } finally {
            task.theta = task.g = task.m = task.v = null;
        }
    }

    private static void range(int from, int to, double[] theta, double[] g, double[] m, double[] v, double beta1,
                              double beta2, double epsilon, double weightDecay, double correction1,
                              double correction2, double lr) {
        if (VectorSupport.ENABLED) {
            VectorKernels.adam(from, to, theta, g, m, v, beta1, beta2, epsilon, weightDecay, correction1,
                    correction2, lr);
        } else {
            scalar(from, to, theta, g, m, v, beta1, beta2, epsilon, weightDecay, correction1, correction2, lr);
        }
    }

    /** The definition: entries [from, to), one at a time. */
    static void scalar(int from, int to, double[] theta, double[] g, double[] m, double[] v, double beta1,
                       double beta2, double epsilon, double weightDecay, double correction1, double correction2,
                       double lr) {
        double oneMinusBeta1 = 1 - beta1;
        double oneMinusBeta2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            double gi = g[i];
            double mi = beta1 * m[i] + oneMinusBeta1 * gi;
            double vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            double mHat = mi / correction1;
            double vHat = vi / correction2;
            theta[i] -= lr * (mHat / (Math.sqrt(vHat) + epsilon) + weightDecay * theta[i]);
        }
    }

    private static void check(int n, int off, double[] x, String name) {
        if (x == null || off < 0 || (long) off + n > x.length) {
            throw new IllegalArgumentException("AdamKernel.update: " + name + " holds "
                    + (x == null ? "nothing (null)" : x.length + " entries")
                    + ", expected entries [" + off + ", " + ((long) off + n) + ")");
        }
    }
}
