package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PanelTranspose}, the register transposition that copies a B stored transposed into
 * panels: its panels equal the scalar copy's value for value, on depths and widths that are not
 * multiples of the block, with padding, and nothing outside the panel is written. Runs where the
 * vectors hold 8 or 4 doubles (the blocks of the other size are checked through the products, in
 * {@link GemmSubprocessTest}'s JVM with 256-bit vectors).
 */
class PanelTransposeTest {
    /** A panel copy: {@code kc} rows of {@code cols} columns, rows {@code w} apart, from columns {@code bcs} apart. */
    record Panel(long seed, int kc, int cols, int w, int bcs, int src, int d) {
        @Override
        public String toString() {
            return "seed=" + seed + " kc=" + kc + " cols=" + cols + " w=" + w + " bcs=" + bcs
                    + " src=" + src + " d=" + d;
        }
    }

    static Stream<Panel> panels() {
        return LongStream.range(0, 40).mapToObj(seed -> {
            SplittableRandom rnd = new SplittableRandom(4100 + seed);
            int kc = seed < 4 ? 1 + (int) seed * 7 : 1 + rnd.nextInt(70); // 1, 8, 15, 22, then any
            int cols = 1 + rnd.nextInt(seed % 5 == 0 ? 8 : 40);
            int w = GemmVector.roundUp(cols, GemmVector.L) + (seed % 7 == 0 ? GemmVector.L : 0);
            int bcs = kc + rnd.nextInt(12);
            return new Panel(seed, kc, cols, w, bcs, rnd.nextInt(9), rnd.nextInt(9));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("panels")
    void sameValuesAsTheScalarCopy(Panel p) {
        assumeTrue(VectorSupport.ENABLED && PanelTranspose.AVAILABLE, "vectors of 8 or 4 doubles only");
        SplittableRandom rnd = new SplittableRandom(p.seed());
        double[] b = rnd.doubles(p.src() + (p.cols() - 1) * p.bcs() + p.kc(), -1, 1).toArray();
        int size = p.d() + p.kc() * p.w() + 5;
        double[] expected = new double[size];
        double[] got = new double[size];
        java.util.Arrays.fill(expected, Double.NaN); // untouched entries stay NaN in both
        java.util.Arrays.fill(got, Double.NaN);
        GemmVector.packColumnsScalar(p.kc(), p.cols(), p.w(), b, p.src(), p.bcs(), expected, p.d());
        PanelTranspose.packColumns(p.kc(), p.cols(), p.w(), b, p.src(), p.bcs(), got, p.d());
        for (int i = 0; i < size; i++) {
            final int at = i;
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]),
                    () -> p + ": entry " + at + " (panel row " + (at - p.d()) / p.w() + ", column "
                            + Math.floorMod(at - p.d(), p.w()) + ")");
        }
    }

    @Test
    void twoBlocksAreTheTranspose() {
        assumeTrue(VectorSupport.ENABLED && PanelTranspose.AVAILABLE, "vectors of 8 or 4 doubles only");
        int size = PanelTranspose.L, blocks = 2, lds = 2 * size + 3, ldd = 13, s = 3, o = 2;
        double[] src = new double[s + (size - 1) * lds + blocks * size];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        double[] dst = new double[o + (blocks * size - 1) * ldd + size];
        if (size == 8) {
            PanelTranspose.blocks8(blocks, src, s, lds, dst, o, ldd);
        } else {
            PanelTranspose.blocks4(blocks, src, s, lds, dst, o, ldd);
        }
        for (int r = 0; r < size; r++) {
            for (int q = 0; q < blocks * size; q++) {
                assertEquals(src[s + r * lds + q], dst[o + q * ldd + r], "row " + r + ", column " + q);
            }
        }
    }
}
