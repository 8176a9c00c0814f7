package dev.elbo.bench;

import java.util.Locale;

/**
 * The matrix products of the two reference VAEs, named by layer, and the 1024³ cube.
 *
 * <p>A dense layer with input X (batch × in) and weights W (in × out) runs three products:
 * forward {@code Y = X·W} = {@code mul(batch, out, in)}, backward to the input
 * {@code dX = dY·Wᵀ} = {@code mulTransB(batch, in, out)}, and to the weights
 * {@code dW = Xᵀ·dY} = {@code mulTransA(in, out, batch)}.
 * <ul>
 *   <li>{@code iwae-*}: the IWAE paper's model 784-200-200-(50+50) / 50-200-200-784, batch 100;
 *   <li>{@code torch-*}: the PyTorch example 784-400-(20+20) / 20-400-784, batch 128;
 *   <li>{@code cube-1024}: batch = in = out = 1024, the classic GEMM size.
 * </ul>
 */
final class GemmShapes {
    private GemmShapes() {}

    /** Every layer, for {@code @Param} lists and the comparison script. */
    static final String ALL = "iwae-784-200,iwae-200-200,iwae-200-100,iwae-50-200,iwae-200-784,"
            + "torch-784-400,torch-400-40,torch-20-400,torch-400-784,cube-1024";

    /** A layer: batch × in times in × out. */
    record Layer(int batch, int in, int out) {
        static Layer parse(String name) {
            String[] parts = name.split("-");
            switch (parts[0]) {
                case "iwae":
                    return new Layer(100, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                case "torch":
                    return new Layer(128, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                case "cube":
                    int s = Integer.parseInt(parts[1]);
                    return new Layer(s, s, s);
                default:
                    throw new IllegalArgumentException("unknown layer '" + name + "' (expected e.g. iwae-784-200)");
            }
        }

        /** {m, n, k} of the product of {@code variant}: mul, mulTransB or mulTransA. */
        int[] product(String variant) {
            switch (variant) {
                case "mul":
                    return new int[] {batch, out, in};
                case "mulTransB":
                    return new int[] {batch, in, out};
                case "mulTransA":
                    return new int[] {in, out, batch};
                default:
                    throw new IllegalArgumentException("unknown variant " + variant);
            }
        }
    }

    static String describe(String variant, int[] mnk) {
        return String.format(Locale.ROOT, "%s(%d,%d,%d)", variant, mnk[0], mnk[1], mnk[2]);
    }
}
