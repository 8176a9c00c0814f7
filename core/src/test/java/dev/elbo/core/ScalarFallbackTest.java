package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The facade without the Vector API: child JVMs started without
 * {@code --add-modules jdk.incubator.vector}, or with {@code -Delbo.scalar=true}, must compute
 * through the scalar loops (the results are those of the scalar definitions, computed here),
 * never load {@code VectorKernels}, and warn exactly once when the module is missing.
 */
class ScalarFallbackTest {

    record Run(List<String> stdout, String stderr) {}

    private static Run runChild(List<String> jvmArgs) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-Xlog:class+load=info:stdout", "-cp", cp));
        cmd.addAll(jvmArgs);
        cmd.add(ScalarFallbackMain.class.getName());
        Path err = Files.createTempFile("elbo-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out: " + cmd);
            String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), "child JVM failed: " + cmd + "\n" + stderr);
            return new Run(out, stderr);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The expected lines: the scalar definitions' results, in ScalarFallbackMain's order. */
    private static List<String> scalarExpectation() {
        double[] in = ScalarFallbackMain.INPUT;
        int n = in.length;
        double[] out = new double[7 * n + 3 + 5 * ScalarFallbackMain.RAMP.length];
        ScalarKernels.add(n, in, 0, in, 0, out, 0);
        ScalarKernels.softplus(n, in, 0, out, n);
        ScalarKernels.exp(n, in, 0, out, 2 * n);
        ScalarKernels.tanh(n, in, 0, out, 3 * n);
        ScalarKernels.mulRowVector(1, n, in, 0, in, 0, out, 4 * n);
        ScalarKernels.elu(n, in, 0, out, 5 * n);
        ScalarKernels.sigmoid(n, in, 0, out, 6 * n);
        out[7 * n] = ScalarKernels.sum(n, in, 0);
        out[7 * n + 1] = ScalarKernels.dot(n, in, 0, in, 0);
        ScalarKernels.logSumExpRows(1, 8, in, 0, out, 7 * n + 2);
        double[] ramp = ScalarFallbackMain.RAMP;
        int r = ramp.length, base = 7 * n + 3;
        ScalarKernels.exp(r, ramp, 0, out, base);
        ScalarKernels.sigmoid(r, ramp, 0, out, base + r);
        ScalarKernels.logSumExpRows(r / 7, 7, ramp, 0, out, base + 2 * r);
        ScalarKernels.tanh(r, ramp, 0, out, base + 3 * r);
        ScalarKernels.softplus(r, ramp, 0, out, base + 4 * r);
        return ScalarFallbackMain.lines(out);
    }

    private static void checkScalarRun(Run run, String how) {
        List<String> results = run.stdout().stream().filter(l -> !l.startsWith("[")).toList();
        assertEquals("vectorized=false", results.get(0), how);
        assertEquals(scalarExpectation(), results.subList(1, results.size()), how + ": results differ from the scalar definitions");
        assertFalse(run.stdout().stream().anyMatch(l -> l.contains("dev.elbo.core.VectorKernels")),
                how + ": VectorKernels was loaded");
        assertFalse(run.stdout().stream().anyMatch(l -> l.contains("jdk.incubator.vector.DoubleVector ")),
                how + ": Vector API classes were loaded");
    }

    @Test
    void withoutTheModuleTheScalarPathRunsAndWarnsOnce() throws Exception {
        Run run = runChild(List.of());
        checkScalarRun(run, "no --add-modules");
        long warnings = run.stderr().lines().filter(l -> l.contains("jdk.incubator.vector is not enabled")).count();
        assertEquals(1, warnings, "one warning expected on stderr, got:\n" + run.stderr());
    }

    @Test
    void scalarPropertyForcesTheScalarPathWithoutWarning() throws Exception {
        Run run = runChild(List.of("--add-modules=jdk.incubator.vector", "-Delbo.scalar=true"));
        checkScalarRun(run, "-Delbo.scalar=true");
        assertFalse(run.stderr().contains("elbo: warning"), run.stderr());
    }

    /**
     * With the default settings every facade result is the same in the interpreter as once C2
     * has compiled the kernels: the child runs with {@code -Xint}, this JVM after warm-up.
     * (With {@code -Delbo.vectorMath=true} this would not hold; see {@link Kernels}.)
     */
    @Test
    void facadeResultsDoNotDependOnTheJitTier() throws Exception {
        Run run = runChild(List.of("--add-modules=jdk.incubator.vector", "-Xint"));
        List<String> results = run.stdout().stream().filter(l -> !l.startsWith("[")).toList();
        assertEquals("vectorized=true", results.get(0));
        for (int k = 0; k < 30_000; k++) ScalarFallbackMain.compute();
        assertEquals(ScalarFallbackMain.lines(ScalarFallbackMain.compute()), results.subList(1, results.size()),
                "interpreted (child, -Xint) and compiled (here, warm) results differ");
    }

    @Test
    void withTheModuleTheVectorPathIsUsed() throws Exception {
        Run run = runChild(List.of("--add-modules=jdk.incubator.vector"));
        assertTrue(run.stdout().contains("vectorized=true"), String.join("\n", run.stdout()));
        assertTrue(run.stdout().stream().anyMatch(l -> l.contains("dev.elbo.core.VectorKernels")), "VectorKernels not loaded");
    }
}
