package dev.elbo.core;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * One warning when this JVM's JIT settings are known to compile the {@link Gemm} micro-kernel
 * badly, with the two options that avoid it.
 *
 * <p>The main micro-kernel keeps 28 vectors in the 32 vector registers of AVX-512 (24
 * accumulators, 3 vectors of B, one broadcast of A; with AVX2, 16 of 16). JDK 17's C2 compiles
 * its loop well when it strip-mines it (cuts it into an outer loop with a safepoint every
 * {@code LoopStripMiningIter} iterations), which is the default with the G1 collector. Without
 * strip mining ({@code LoopStripMiningIter=0}, the default with the serial and the parallel
 * collectors, so also on a machine with one CPU or less than 2 GB of memory, where the JVM
 * picks the serial one), C2 spilled integers into vector registers and accumulators to the
 * stack in 6 of 8 JVMs of a kernel benchmark (3 of 8 with AVX2), and the kernel then ran 2–3
 * times slower for the whole run. With {@value #OPTIONS} every run was compiled well. JDK 25
 * compiled it well in every run with or without strip mining, so only older JDKs are checked.
 * (Measured on JDK 17.0.15 and 25 on a Zen 5 machine; see docs/performance.md.)
 */
final class JitCheck {
    private JitCheck() {}

    /** The JVM options that turn strip mining on whatever the collector. */
    static final String OPTIONS = "-XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000";

    /** The first feature release whose JIT was seen to compile the kernel well without strip mining. */
    static final int FIXED_IN = 25;

    /**
     * The warning for a JVM of this feature release whose {@code LoopStripMiningIter} option has
     * this value (null when unknown), or null when there is nothing to warn about.
     */
    static String warning(int javaFeature, String loopStripMiningIter) {
        if (javaFeature >= FIXED_IN || !"0".equals(loopStripMiningIter)) {
            return null;
        }
        return "elbo: warning: this JVM (Java " + javaFeature + ") runs without loop strip mining "
                + "(as with the serial or parallel garbage collector, the default on one CPU), and its JIT "
                + "then can compile the matrix kernel 2-4x slower for the whole run; start java with " + OPTIONS;
    }

    /** Prints {@link #warning} for this JVM to standard error, if any. */
    static void warnIfNeeded() {
        int feature = Runtime.version().feature();
        if (feature >= FIXED_IN) {
            return; // and no management beans are loaded
        }
        String message = warning(feature, loopStripMiningIter());
        if (message != null) {
            System.err.println(message);
        }
    }

    /** The JVM's {@code LoopStripMiningIter}, or null when this JVM cannot tell (not HotSpot, no C2). */
    private static String loopStripMiningIter() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("LoopStripMiningIter").getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
