package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GemmSmokeTest {
    @Test
    void knownTwoByTwoProducts() {
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        double[] c = new double[4];
        Gemm.mul(2, 2, 2, a, 0, b, 0, c, 0, false);
        assertArrayEquals(new double[] {19, 22, 43, 50}, c);
        Gemm.mulTransB(2, 2, 2, a, 0, b, 0, c, 0, false);
        assertArrayEquals(new double[] {17, 23, 39, 53}, c);
        Gemm.mulTransA(2, 2, 2, a, 0, b, 0, c, 0, true);
        assertArrayEquals(new double[] {17 + 26, 23 + 30, 39 + 38, 53 + 44}, c);
    }
}
