package dev.elbo.core;

/**
 * Jumping ahead in the xoshiro256 stream of {@link Rng}: the state d steps later, in time that
 * grows with log d, so that a long run of draws can be cut into parts made on different threads
 * and still be the very numbers one thread would draw.
 *
 * <h2>The math</h2>
 * xoshiro256's state update (shifts, xors, a rotation; {@link #step}) is a linear map T on the
 * 256 state bits over GF(2). Its characteristic polynomial P, of degree 256, satisfies P(T) = 0
 * (Cayley–Hamilton), so T^d = J(T) with J = x^d mod P, a polynomial of degree below 256, and
 * <pre>
 * state after d steps = T^d·s = Σ_{i: J_i = 1} T^i·s
 * </pre>
 * — 256 steps of the generator, adding up (xor) the states at the exponents where J has a 1
 * ({@link #apply}). This is how the xoshiro authors' fixed jumps of 2^128 and 2^192 steps work;
 * here J is computed for any d by squaring and multiplying polynomials modulo P ({@link #power}).
 *
 * <p>P itself is found, once, by Berlekamp–Massey from 512 output bits of one state bit: the
 * shortest linear recurrence of that bit sequence has P as its characteristic polynomial
 * (P is primitive, the generator having period 2^256 − 1, so every nonzero bit sequence of the
 * state needs all 256 terms). The tests check P(T)·s = 0 and the jumps against stepping.
 *
 * <p>Polynomials of degree below 256 are four longs, bit i of word i / 64 being the coefficient
 * of x^i.
 */
final class RngJump {
    private RngJump() {}

    /** The coefficients of x^0 … x^255 of P; the coefficient of x^256 is 1. */
    static final long[] POLYNOMIAL = characteristicPolynomial();

    /** One xoshiro256 state update on {s0, s1, s2, s3}, in place: what {@link Rng#nextLong} does to its state. */
    static void step(long[] s) {
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
    }

    /** J = x^d mod P: the jump of d ≥ 0 steps (square and multiply over the bits of d). */
    static long[] power(long d) {
        if (d < 0) {
            throw new IllegalArgumentException("RngJump.power: d must be >= 0, got " + d);
        }
        long[] result = {1, 0, 0, 0}; // x^0
        long[] square = {2, 0, 0, 0}; // x^(2^k), starting at x
        for (long bits = d; bits != 0; bits >>>= 1) {
            if ((bits & 1) != 0) {
                result = multiply(result, square);
            }
            if (bits > 1) {
                square = multiply(square, square);
            }
        }
        return result;
    }

    /** The state T^d·s for the jump J = x^d mod P: s is replaced, in place. Allocates nothing. */
    static void apply(long[] jump, long[] s) {
        long a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int i = 0; i < 256; i++) { // s runs through T^i·s; the sum keeps those J selects
            if ((jump[i >>> 6] >>> (i & 63) & 1) != 0) {
                a0 ^= s[0];
                a1 ^= s[1];
                a2 ^= s[2];
                a3 ^= s[3];
            }
            step(s);
        }
        s[0] = a0;
        s[1] = a1;
        s[2] = a2;
        s[3] = a3;
    }

    /** a·b mod P: shift and add, from b's highest coefficient down, reducing after every shift. */
    static long[] multiply(long[] a, long[] b) {
        long r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        long p0 = POLYNOMIAL[0], p1 = POLYNOMIAL[1], p2 = POLYNOMIAL[2], p3 = POLYNOMIAL[3];
        for (int i = 255; i >= 0; i--) {
            // r = r·x mod P: the coefficient pushed to x^256 comes back as P's lower terms
            long carry = r3 >>> 63;
            r3 = r3 << 1 | r2 >>> 63;
            r2 = r2 << 1 | r1 >>> 63;
            r1 = r1 << 1 | r0 >>> 63;
            r0 = r0 << 1;
            if (carry != 0) {
                r0 ^= p0;
                r1 ^= p1;
                r2 ^= p2;
                r3 ^= p3;
            }
            if ((b[i >>> 6] >>> (i & 63) & 1) != 0) {
                r0 ^= a[0];
                r1 ^= a[1];
                r2 ^= a[2];
                r3 ^= a[3];
            }
        }
        return new long[] {r0, r1, r2, r3};
    }

    /**
     * P from Berlekamp–Massey over GF(2) on 512 successive values of the lowest bit of s0,
     * from an arbitrary nonzero state: the connection polynomial C(x) = 1 + c₁x + … + c₂₅₆x²⁵⁶
     * of the shortest recurrence a_k = c₁a_{k−1} + … + c₂₅₆a_{k−256}, reversed: P(x) = x²⁵⁶·C(1/x).
     */
    private static long[] characteristicPolynomial() {
        int n = 512;
        int[] a = new int[n];
        long[] s = {0x9e3779b97f4a7c15L, 0xbf58476d1ce4e5b9L, 0x94d049bb133111ebL, 1};
        for (int k = 0; k < n; k++) {
            a[k] = (int) (s[0] & 1);
            step(s);
        }
        int[] c = new int[n + 1], b = new int[n + 1];
        c[0] = 1;
        b[0] = 1;
        int length = 0, shift = 1;
        for (int k = 0; k < n; k++) {
            int discrepancy = a[k];
            for (int i = 1; i <= length; i++) {
                discrepancy ^= c[i] & a[k - i];
            }
            if (discrepancy == 0) {
                shift++;
                continue;
            }
            boolean longer = 2 * length <= k; // the recurrence must grow: keep C before the correction
            int[] previous = longer ? c.clone() : null;
            for (int i = 0; i + shift <= n; i++) { // C(x) −= x^shift·B(x)
                c[i + shift] ^= b[i];
            }
            if (longer) {
                length = k + 1 - length;
                b = previous;
                shift = 1;
            } else {
                shift++;
            }
        }
        if (length != 256) {
            throw new IllegalStateException("RngJump: expected a recurrence of length 256, found " + length);
        }
        long[] p = new long[4];
        for (int i = 0; i < 256; i++) { // coefficient of x^i in P is c_{256−i}
            if (c[256 - i] != 0) {
                p[i >>> 6] |= 1L << (i & 63);
            }
        }
        return p;
    }
}
