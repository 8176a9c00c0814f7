package dev.elbo.core;

/**
 * Whether the Vector API ({@code jdk.incubator.vector}) can be used in this JVM.
 *
 * <p>The module is an incubator: a JVM started without {@code --add-modules
 * jdk.incubator.vector} (an IDE run, a bare {@code java -jar}) does not have it. Kernels then
 * take their scalar paths, and one warning says so, instead of failing with
 * {@code NoClassDefFoundError}. Classes that mention Vector API types must only be loaded
 * when {@link #ENABLED} is true.
 *
 * <p>{@code -Delbo.scalar=true} forces the scalar paths (for comparisons and tests).
 */
public final class VectorSupport {
    private VectorSupport() {}

    /** True when vector kernels are in use. */
    public static final boolean ENABLED = detect();

    private static boolean detect() {
        if (Boolean.getBoolean("elbo.scalar")) {
            return false;
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            System.err.println("elbo: warning: jdk.incubator.vector is not enabled, using the slower "
                    + "scalar kernels (start java with --add-modules jdk.incubator.vector)");
        }
        return present;
    }
}
