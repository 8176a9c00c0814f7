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
        String path = VectorSupport.ENABLED
                ? "vector " + GemmVector.L + " doubles, threads split " + GemmVector.SPLIT
                + ", transpose " + (GemmVector.VECTOR_TRANSPOSE ? "vector" : "scalar") : "scalar";
        int cases = 0;
        for (int m = 1; m <= 30; m++) {
            for (int n = 1; n <= 30; n++) {
                long seed = 31L * m + n;
                SplittableRandom rnd = new SplittableRandom(seed);
                int k = 1 + rnd.nextInt(rnd.nextBoolean() ? 9 : 120);
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
        // A few products above the parallel threshold, across the depth blocks; the last one
        // (m = 256) makes mulTransA copy A and B instead of reading them in place.
        for (long seed = 0; seed < 6; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            Parallel.setThreads(1 + (int) (seed % 3));
            int m = seed == 5 ? 256 : 1 + rnd.nextInt(130);
            GemmCase cs = new GemmCase(seed, Variant.values()[(int) (seed % 3)],
                    m, 1 + rnd.nextInt(130), 200 + rnd.nextInt(400), rnd.nextBoolean());
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
