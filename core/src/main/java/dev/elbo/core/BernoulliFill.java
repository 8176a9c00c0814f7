package dev.elbo.core;

/**
 * {@link Rng#fillBernoulli} on {@link Parallel}'s threads, drawing the same numbers as one thread.
 *
 * <p>Value i takes the generator's i-th draw, so the part {@code [from, to)} starts from the state
 * T^from·s ({@link RngJump}: 256 steps of the generator once the jump polynomial x^from mod P is
 * known) and draws {@code to − from} values from there; the part that ends at n leaves the state
 * T^n·s, which becomes the generator's, as if one thread had drawn all n. The jump polynomials
 * depend only on the part starts, that is on n and the thread count; they are computed by the
 * calling thread (about 50 µs each) and kept for the last few (n, parts) it met, so a training
 * loop, whose batches all have the same size, computes them once.
 *
 * <p>Why: dynamic binarization draws one value per pixel of every batch (78,400 for a batch of
 * 100 MNIST images), and in a sequential stream it was 8% of the calling thread's time in a
 * two-thread training step — the largest part of a step that ran on one thread.
 */
final class BernoulliFill {
    private BernoulliFill() {}

    /** Below this many values a fill runs on the calling thread alone (about 40 µs of draws). */
    static final int PARALLEL_MIN = 1 << 13;
    /** How many (n, parts) layouts each calling thread keeps the jumps of. */
    private static final int LAYOUTS = 4;

    /** One calling thread's task and jump cache: a fill with a known layout allocates nothing. */
    private static final class Task implements Parallel.RangeTask {
        double[] p, out;
        int pOff, outOff, n;
        /** The generator's s0…s3 before the fill, and after it (written by the part that ends at n). */
        final long[] start = new long[4], end = new long[4];
        /** The current layout: part t starts at starts[t], with the jump jumps[t] and the state states[t]. */
        int[] starts;
        long[][] jumps, states;
        // the cache: layouts[i] = {n, parts}, with its part starts and jumps
        final long[][] layoutKeys = new long[LAYOUTS][];
        final int[][] layoutStarts = new int[LAYOUTS][];
        final long[][][] layoutJumps = new long[LAYOUTS][][];
        final long[][][] layoutStates = new long[LAYOUTS][][];
        int nextSlot;

        void useLayout(int n, int parts) {
            for (int i = 0; i < LAYOUTS; i++) {
                long[] key = layoutKeys[i];
                if (key != null && key[0] == n && key[1] == parts) {
                    starts = layoutStarts[i];
                    jumps = layoutJumps[i];
                    states = layoutStates[i];
                    return;
                }
            }
            int[] s = new int[parts];
            long[][] j = new long[parts][];
            for (int t = 0; t < parts; t++) {
                s[t] = Parallel.partStart(n, parts, t);
                j[t] = RngJump.power(s[t]);
            }
            int slot = nextSlot;
            nextSlot = (nextSlot + 1) % LAYOUTS;
            layoutKeys[slot] = new long[] {n, parts};
            layoutStarts[slot] = s;
            layoutJumps[slot] = j;
            layoutStates[slot] = new long[parts][4];
            starts = s;
            jumps = j;
            states = layoutStates[slot];
        }

        @Override
        public void run(int from, int to) {
            int part = partAt(from);
            long[] s = states[part]; // this part's alone: no other thread touches it
            System.arraycopy(start, 0, s, 0, 4);
            RngJump.apply(jumps[part], s);
            long s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
            double[] p = this.p, out = this.out;
            for (int i = from; i < to; i++) {
                double pi = p[pOff + i];
                Rng.checkProbability(pi, "Rng.fillBernoulli", i);
                // Rng.nextLong on locals, kept in registers: 1.6 ns a value against 2.0 with the fields
                long draw = Long.rotateLeft(s0 + s3, 23) + s0;
                long t = s1 << 17;
                s2 ^= s0;
                s3 ^= s1;
                s1 ^= s2;
                s0 ^= s3;
                s2 ^= t;
                s3 = Long.rotateLeft(s3, 45);
                out[outOff + i] = Rng.indicatorBelow(Rng.uniform(draw), pi);
            }
            if (to == n) {
                end[0] = s0;
                end[1] = s1;
                end[2] = s2;
                end[3] = s3;
            }
        }

        private int partAt(int from) {
            for (int t = 0; t < starts.length; t++) {
                if (starts[t] == from) {
                    return t;
                }
            }
            throw new IllegalStateException("BernoulliFill: no part starts at " + from);
        }
    }

    private static final ThreadLocal<Task> TASK = ThreadLocal.withInitial(Task::new);

    static void fill(Rng rng, double[] p, int pOff, double[] out, int outOff, int n) {
        Task task = TASK.get();
        task.useLayout(n, Parallel.parts(n));
        rng.coreState(task.start);
        task.p = p;
        task.pOff = pOff;
        task.out = out;
        task.outOff = outOff;
        task.n = n;
        try {
            Parallel.forRange(n, task);
            rng.setCoreState(task.end);
        } finally {
            task.p = null;
            task.out = null;
        }
    }
}
