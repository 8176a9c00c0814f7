package dev.elbo.models.data;

import dev.elbo.core.Rng;
import java.util.Objects;

/**
 * A Markov chain over spin configurations of the two-dimensional Ising model: spins
 * sᵢ ∈ {−1, +1} on an L × L lattice with periodic boundaries, energy
 * <pre>
 * H(s) = − Σ_⟨ij⟩ sᵢ sⱼ        (each nearest-neighbour pair once: J = 1, no field)
 * </pre>
 * and target distribution p(s) ∝ exp(−H(s) / T), the example of an unnormalized density
 * p̃(x) = e^{−H(x)} in the lecture. Two samplers, both leaving p invariant:
 * <ul>
 *   <li><b>Metropolis</b>: an update is a sweep of L² single-spin steps; each picks a site
 *       uniformly, computes the energy change of flipping it, ΔE = 2 sᵢ Σ_{j~i} sⱼ, and flips
 *       with probability min(1, exp(−ΔE / T)).</li>
 *   <li><b>Wolff</b> (1989): grows a cluster from a uniform site, adding each aligned neighbour
 *       with probability 1 − exp(−2 / T), and flips the whole cluster (always accepted). Near
 *       the critical temperature T_c = 2 / ln(1 + √2) ≈ 2.269 it decorrelates far faster than
 *       Metropolis. An update is one cluster flip. (Not "clusters until L² spins have been
 *       flipped": a stopping rule that looks at the cluster sizes is a random stopping time,
 *       and the state at such a time is biased towards ordered configurations — the test
 *       against exact enumeration caught that.) At high temperature clusters are small, so
 *       space the samples by more updates there.</li>
 * </ul>
 * With L = 2 each neighbour is reached both ways round the torus, so each pair counts twice in
 * H and in ΔE and is tried twice by Wolff, consistently.
 */
public final class Ising {

    /** The Markov chain used. */
    public enum Sampler {
        METROPOLIS,
        WOLFF
    }

    private final int side;
    private final int sites;
    private final Sampler sampler;
    private final Rng rng;
    private final int[] spins;
    // Metropolis acceptance probabilities of the two uphill moves, ΔE = 4 and ΔE = 8
    private final double accept4;
    private final double accept8;
    // Wolff
    private final double addProbability;
    private final int[] stack;

    /** A chain from random spins (each ±1 with probability ½, drawn from {@code rng}). */
    public Ising(int side, double temperature, Sampler sampler, Rng rng) {
        if (side < 2) {
            throw new IllegalArgumentException("Ising: the lattice side must be >= 2, got " + side);
        }
        if (!(temperature > 0 && temperature < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("Ising: the temperature must be finite and > 0, got " + temperature);
        }
        this.side = side;
        this.sites = side * side;
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.rng = rng;
        this.spins = new int[sites];
        for (int i = 0; i < sites; i++) {
            spins[i] = rng.nextDouble() < 0.5 ? 1 : -1;
        }
        this.accept4 = StrictMath.exp(-4 / temperature);
        this.accept8 = StrictMath.exp(-8 / temperature);
        this.addProbability = 1 - StrictMath.exp(-2 / temperature);
        this.stack = new int[sampler == Sampler.WOLFF ? sites : 0];
    }

    /** One update: a Metropolis sweep of L² single-spin steps, or one Wolff cluster flip. */
    public void update() {
        if (sampler == Sampler.METROPOLIS) {
            for (int step = 0; step < sites; step++) {
                metropolisStep();
            }
        } else {
            wolffCluster();
        }
    }

    private void metropolisStep() {
        int i = rng.nextInt(sites);
        int deltaE = 2 * spins[i] * neighbourSum(i);
        if (deltaE <= 0 || rng.nextDouble() < (deltaE == 4 ? accept4 : accept8)) {
            spins[i] = -spins[i];
        }
    }

    /** Grows and flips one cluster; returns its size. */
    private int wolffCluster() {
        int seed = rng.nextInt(sites);
        int s = spins[seed];
        spins[seed] = -s; // a flipped spin is in the cluster: it no longer matches s
        int top = 0;
        stack[top++] = seed;
        int size = 1;
        while (top > 0) {
            int i = stack[--top];
            int x = i % side;
            int y = i / side;
            for (int k = 0; k < 4; k++) {
                int j = neighbour(x, y, k);
                if (spins[j] == s && rng.nextDouble() < addProbability) {
                    spins[j] = -s;
                    stack[top++] = j;
                    size++;
                }
            }
        }
        return size;
    }

    /** Neighbour k (0 right, 1 left, 2 down, 3 up) of site (x, y), periodic. */
    private int neighbour(int x, int y, int k) {
        switch (k) {
            case 0: return y * side + (x + 1) % side;
            case 1: return y * side + (x + side - 1) % side;
            case 2: return ((y + 1) % side) * side + x;
            default: return ((y + side - 1) % side) * side + x;
        }
    }

    private int neighbourSum(int i) {
        int x = i % side;
        int y = i / side;
        return spins[neighbour(x, y, 0)] + spins[neighbour(x, y, 1)] + spins[neighbour(x, y, 2)]
                + spins[neighbour(x, y, 3)];
    }

    /** The live spins, row-major, each −1 or +1. */
    public int[] spins() {
        return spins;
    }

    /** H(s) = −Σ over sites of sᵢ·(s_right + s_down): each pair once. */
    public static int energy(int[] spins, int side) {
        int e = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int s = spins[y * side + x];
                e -= s * (spins[y * side + (x + 1) % side] + spins[((y + 1) % side) * side + x]);
            }
        }
        return e;
    }

    /** M(s) = Σ sᵢ. */
    public static int magnetization(int[] spins) {
        int m = 0;
        for (int s : spins) {
            m += s;
        }
        return m;
    }
}
