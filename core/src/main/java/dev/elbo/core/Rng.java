package dev.elbo.core;

/**
 * A seeded, splittable pseudo-random generator whose every draw is reproducible bit for bit
 * across runs, JDKs and machines.
 *
 * <h2>Algorithm</h2>
 * <ul>
 * <li><b>Core: xoshiro256++</b> (Blackman and Vigna, 2019). 256 bits of state
 *     s0…s3; each step outputs {@code rotl(s0 + s3, 23) + s0} and updates the state with
 *     shifts, xors and a rotation (see {@link #nextLong()}). Period 2<sup>256</sup> − 1, passes
 *     BigCrush and PractRand; all in 64-bit integer arithmetic, so identical everywhere.
 *     It is the algorithm of the JDK's {@code Xoshiro256PlusPlus} (JDK 17+), and the tests
 *     check the two give the same numbers from the same state.
 * <li><b>Seeding: SplitMix64.</b> {@code new Rng(seed)} sets s0…s3 to the first four outputs
 *     of SplitMix64 started at {@code seed}: z += 0x9e3779b97f4a7c15, then the finalizer
 *     z ^= z &gt;&gt;&gt; 30, z *= 0xbf58476d1ce4e5b9, z ^= z &gt;&gt;&gt; 27,
 *     z *= 0x94d049bb133111eb, z ^= z &gt;&gt;&gt; 31. The finalizer is a bijection, so the four
 *     words are never all zero, and nearby seeds (0, 1, 2 …) give unrelated states.
 * <li><b>Splitting.</b> {@link #split()} draws four outputs from this generator, passes each
 *     through the SplitMix64 finalizer, and uses them as the child's state. The child thus starts at
 *     a practically uniform random point of the 2<sup>256</sup> − 1 cycle: for k streams of
 *     length at most L, the chance that any two overlap is about k²·L / 2<sup>256</sup>
 *     (for a million streams of 2<sup>64</sup> draws, below 2<sup>−150</sup>). The nonlinear
 *     finalizer keeps the child's state from being a linear (GF(2)) function of the parent's,
 *     which xoshiro's linear state update could otherwise correlate. This is statistical
 *     independence, as for {@code SplittableRandom}, not a proof.
 * <li><b>Jumping ahead.</b> The state update is linear over GF(2), so the state d draws later
 *     is a polynomial in the update applied to the state now ({@link RngJump}: computed in
 *     time that grows with log d). {@link #fillBernoulli} uses it to make a long run of draws
 *     in parts on several threads, with the numbers of one stream drawn in order.
 * </ul>
 *
 * <h2>Draws</h2>
 * Uniform doubles take the top 53 bits: {@code (nextLong() >>> 11) · 2^-53}, so every value is
 * a multiple of 2<sup>−53</sup> in [0, 1). {@link #nextInt(int)} is unbiased (Lemire's
 * multiply-and-reject). Normals use the Marsaglia polar method with {@code StrictMath.log} and
 * {@code StrictMath.sqrt}; all other steps are IEEE additions, multiplications and divisions,
 * so the normals too are the same on every JDK. The polar method makes normals in pairs; the
 * second is kept for the next call and is part of the saved {@link #state()}.
 *
 * <p>Not thread-safe: give each thread its own generator from {@link #split()}, made in a fixed
 * order, so the numbers do not depend on the thread count.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
    /** Length of {@link #state()}: s0…s3, whether a normal is kept, its bits. */
    public static final int STATE_LENGTH = 6;

    private long s0, s1, s2, s3;
    private boolean hasSpareNormal;
    private double spareNormal;

    /** A generator whose state is the first four SplitMix64 outputs from {@code seed}. */
    public Rng(long seed) {
        long z = seed;
        s0 = mix64(z += GOLDEN_GAMMA);
        s1 = mix64(z += GOLDEN_GAMMA);
        s2 = mix64(z += GOLDEN_GAMMA);
        s3 = mix64(z + GOLDEN_GAMMA);
    }

    private Rng(long s0, long s1, long s2, long s3, boolean hasSpareNormal, double spareNormal) {
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
        this.hasSpareNormal = hasSpareNormal;
        this.spareNormal = spareNormal;
    }

    /** The SplitMix64 finalizer (Stafford's "mix 13"): a bijection on 64-bit words. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- state

    /**
     * A child generator, statistically independent of this one and of its other children
     * (see the class comment). Advances this generator by four steps; the child keeps no
     * spare normal.
     */
    public Rng split() {
        long c0 = mix64(nextLong()), c1 = mix64(nextLong()), c2 = mix64(nextLong()), c3 = mix64(nextLong());
        if ((c0 | c1 | c2 | c3) == 0) c0 = GOLDEN_GAMMA; // all-zero is xoshiro's one fixed point
        return new Rng(c0, c1, c2, c3, false, 0.0);
    }

    /** An identical, independent copy: it will produce exactly what this one would. */
    public Rng copy() {
        return new Rng(s0, s1, s2, s3, hasSpareNormal, spareNormal);
    }

    /**
     * The full state as {@value #STATE_LENGTH} longs: s0, s1, s2, s3, 1 if a normal is kept
     * (else 0), and the kept normal's bits. {@link #restore(long[])} or {@link #fromState(long[])}
     * continue exactly from here: a checkpoint stores this array.
     */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpareNormal ? 1 : 0, Double.doubleToRawLongBits(spareNormal)};
    }

    /** Sets this generator to a state from {@link #state()}. */
    public void restore(long[] state) {
        if (state == null || state.length != STATE_LENGTH) {
            throw new IllegalArgumentException("Rng.restore: expected " + STATE_LENGTH + " longs, got "
                    + (state == null ? "null" : state.length));
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("Rng.restore: the xoshiro state s0..s3 must not be all zero");
        }
        if (state[4] != 0 && state[4] != 1) {
            throw new IllegalArgumentException("Rng.restore: element 4 (spare normal flag) must be 0 or 1, got " + state[4]);
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        hasSpareNormal = state[4] == 1;
        spareNormal = Double.longBitsToDouble(state[5]);
    }

    /** A generator continuing from a state saved with {@link #state()}. */
    public static Rng fromState(long[] state) {
        Rng r = new Rng(0);
        r.restore(state);
        return r;
    }

    // ---------------------------------------------------------------- draws

    /** The next 64 uniform random bits (one xoshiro256++ step). */
    public long nextLong() {
        long result = Long.rotateLeft(s0 + s3, 23) + s0;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1): the top 53 bits of {@link #nextLong()} times 2<sup>−53</sup>. */
    public double nextDouble() {
        return uniform(nextLong());
    }

    /** The uniform double of 64 random bits: their top 53 times 2<sup>−53</sup> (also for {@link BernoulliFill}). */
    static double uniform(long bits) {
        return (bits >>> 11) * TWO_POW_MINUS_53;
    }

    /**
     * Uniform integer in [0, bound), exactly unbiased. Lemire's method: with x the top 32 bits
     * of {@link #nextLong()}, the answer is the high word of x·bound; draws whose low word falls
     * below 2<sup>32</sup> mod bound are rejected (fewer than bound / 2<sup>32</sup> of them).
     */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xffffffffL;
        if (low < bound) {
            long threshold = (1L << 32) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xffffffffL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * Standard normal N(0, 1), Marsaglia polar method: u, v = 2·nextDouble() − 1 until
     * 0 &lt; s = u² + v² &lt; 1, then u·f and v·f with f = sqrt(−2·log(s) / s) are two
     * independent normals; u·f is returned and v·f kept for the next call.
     */
    public double nextNormal() {
        if (hasSpareNormal) {
            hasSpareNormal = false;
            return spareNormal;
        }
        double u, v, s;
        do {
            u = 2.0 * nextDouble() - 1.0;
            v = 2.0 * nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
        spareNormal = v * f;
        hasSpareNormal = true;
        return u * f;
    }

    /** True with probability p: {@code nextDouble() < p}. p must be in [0, 1]. */
    public boolean nextBernoulli(double p) {
        checkProbability(p, "Rng.nextBernoulli", 0);
        return nextDouble() < p;
    }

    /**
     * 1.0 when u &lt; p, else 0.0, for u in [0, 1) and p in [0, 1], without a branch: non-negative
     * doubles are ordered as their bit patterns are, so the sign of the difference of the
     * patterns is the comparison ({@code p + 0.0} turns −0.0 into +0.0). A branch on what is a
     * coin flip for grey pixels is mispredicted half the time: with p uniform in [0, 1], 7.0 ns
     * per value with the branch, 2.0 without (78,400 values on one thread, 2026-12-05).
     */
    static double indicatorBelow(double u, double p) {
        return (Double.doubleToRawLongBits(u) - Double.doubleToRawLongBits(p + 0.0)) >>> 63;
    }

    /** s0…s3 into {@code s} (for {@link BernoulliFill}). */
    void coreState(long[] s) {
        s[0] = s0;
        s[1] = s1;
        s[2] = s2;
        s[3] = s3;
    }

    /** Sets s0…s3 from {@code s}, leaving the kept normal as it is (for {@link BernoulliFill}). */
    void setCoreState(long[] s) {
        s0 = s[0];
        s1 = s[1];
        s2 = s[2];
        s3 = s[3];
    }

    static void checkProbability(double p, String op, int index) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": probability must be in [0, 1], got " + p + " at index " + index);
        }
    }

    /**
     * An index i in [0, k) drawn with probability p[off + i] / Σ p: one uniform u scaled by the
     * total, then the first i whose running sum (left to right) exceeds it. The weights need
     * not sum to 1, but must be finite and ≥ 0 with a positive sum. Zero weights are never drawn.
     */
    public int nextCategorical(double[] p, int off, int k) {
        double total = 0;
        for (int i = 0; i < k; i++) {
            double w = p[off + i];
            if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("Rng.nextCategorical: weight " + i + " is " + w + ", expected finite and >= 0");
            }
            total += w;
        }
        if (!(total > 0 && total < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("Rng.nextCategorical: weights of " + k + " categories sum to " + total);
        }
        double target = nextDouble() * total;
        double running = 0;
        int last = -1;
        for (int i = 0; i < k; i++) {
            double w = p[off + i];
            if (w == 0) continue;
            running += w;
            last = i;
            if (target < running) return i;
        }
        return last; // only when rounding left target ≥ the final running sum
    }

    /**
     * An index i in [0, k) drawn with probability exp(logp[off + i]) / Σ_j exp(logp[off + j]),
     * for unnormalized log-probabilities (logits): as {@link #nextCategorical} on the weights
     * exp(logp − max), computed with {@code StrictMath.exp} so the draw is the same on every JDK.
     * Entries may be −∞ (never drawn); NaN, +∞ or all −∞ are errors. Allocates nothing.
     */
    public int nextCategoricalLog(double[] logp, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double l = logp[off + i];
            if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("Rng.nextCategoricalLog: log-probability " + i + " is " + l);
            }
            max = Math.max(max, l);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("Rng.nextCategoricalLog: all " + k + " log-probabilities are -Infinity");
        }
        double total = 0;
        for (int i = 0; i < k; i++) total += StrictMath.exp(logp[off + i] - max);
        double target = nextDouble() * total;
        double running = 0;
        int last = -1;
        for (int i = 0; i < k; i++) {
            double w = StrictMath.exp(logp[off + i] - max);
            if (w == 0) continue;
            running += w;
            last = i;
            if (target < running) return i;
        }
        return last;
    }

    // ---------------------------------------------------------------- bulk fills (no allocation)

    /** out[off + i] = {@link #nextNormal()} for i in [0, n), in order: the same as n single calls. */
    public void fillNormal(double[] out, int off, int n) {
        for (int i = 0; i < n; i++) out[off + i] = nextNormal();
    }

    /** out[off + i] = {@link #nextDouble()} for i in [0, n), in order. */
    public void fillUniform(double[] out, int off, int n) {
        for (int i = 0; i < n; i++) out[off + i] = nextDouble();
    }

    /**
     * out[outOff + i] = 1.0 with probability p[pOff + i], else 0.0 (one {@link #nextDouble()}
     * each, in order). Every p must be in [0, 1]; after an invalid one the generator's state is
     * not specified. {@code p} and {@code out} may be the same array at the same offset (in
     * place), but must not overlap otherwise.
     *
     * <p>From {@link BernoulliFill#PARALLEL_MIN} values on, and with more than one thread in
     * {@link Parallel}, the values are cut into parts that the threads draw at once, each part
     * starting from this generator's state jumped ahead to its first index ({@link RngJump}): the
     * very numbers, and the same final state, as one thread drawing them in order.
     */
    public void fillBernoulli(double[] p, int pOff, double[] out, int outOff, int n) {
        if (n >= BernoulliFill.PARALLEL_MIN && Parallel.threads() > 1) {
            BernoulliFill.fill(this, p, pOff, out, outOff, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double pi = p[pOff + i];
            checkProbability(pi, "Rng.fillBernoulli", i);
            out[outOff + i] = indicatorBelow(nextDouble(), pi);
        }
    }

    /** Shuffles perm in place, every order equally likely (Fisher–Yates, from the end). */
    public void shuffle(int[] perm) {
        shuffle(perm, 0, perm.length);
    }

    /** Shuffles perm[off, off + n) in place: for i = n−1 … 1, swap i with {@link #nextInt(int) nextInt(i + 1)}. */
    public void shuffle(int[] perm, int off, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = perm[off + i];
            perm[off + i] = perm[off + j];
            perm[off + j] = t;
        }
    }
}
