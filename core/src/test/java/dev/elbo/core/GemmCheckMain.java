package dev.elbo.core;

import dev.elbo.core.GemmCase.Variant;
import java.util.SplittableRandom;

/**
 * Run in a separate JVM by {@link GemmSubprocessTest}: checks {@link Gemm} under settings fixed
 * at class initialization (no Vector API, a forced vector width) and prints one line,
 * {@code ok <path>} or the first failure.
 */
public final class GemmCheckMain {
    private GemmCheckMain() {}

    public static void main(String[] args) {
        String path = VectorSupport.ENABLED ? "vector " + GemmVector.L + " doubles" : "scalar";
        int cases = 0;
        for (int m = 1; m <= 40; m += 1) {
            for (int n = 1; n <= 40; n += 1) {
                long seed = 31L * m + n;
                SplittableRandom rnd = new SplittableRandom(seed);
                int k = 1 + rnd.nextInt(rnd.nextBoolean() ? 9 : 300);
                Parallel.setThreads(1 + rnd.nextInt(3));
                for (Variant v : Variant.values()) {
                    String failure = check(new GemmCase(seed, v, m, n, k, rnd.nextBoolean()));
                    if (failure != null) {
                        System.out.println("FAIL " + path + ": " + failure);
                        System.exit(1);
                    }
                    cases++;
                }
            }
        }
        // A few products above the parallel threshold, across the depth blocks.
        for (long seed = 0; seed < 12; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            Parallel.setThreads(1 + (int) (seed % 3));
            GemmCase cs = new GemmCase(seed, Variant.values()[(int) (seed % 3)],
                    1 + rnd.nextInt(130), 1 + rnd.nextInt(130), 200 + rnd.nextInt(400), rnd.nextBoolean());
            String failure = check(cs);
            if (failure != null) {
                System.out.println("FAIL " + path + ": " + failure);
                System.exit(1);
            }
            cases++;
        }
        System.out.println("ok " + path + " (" + cases + " cases)");
    }

    private static String check(GemmCase cs) {
        double[] got = cs.run(cs.variant.gemm);
        if (VectorSupport.ENABLED) {
            return cs.compare(cs.fmaChain(), got, null);
        }
        return cs.compare(cs.run(cs.variant.reference), got, null);
    }
}
