package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings fixed when the classes load, each checked in a fresh JVM running {@link GemmCheckMain}:
 * the scalar path in a JVM without the incubator module, and the kernels at forced vector widths
 * (the AVX2 micro-tile family and 4 × 4 transposition blocks on an AVX-512 machine, and 128-bit
 * vectors), B always copied, threads always splitting by rows or always by columns, and B
 * transposed one double at a time rather than in registers; and the warning of {@link JitCheck}.
 */
class GemmSubprocessTest {

    @Test
    void withoutTheVectorModuleUsesTheScalarPathAndNeverLoadsVectorClasses() throws Exception {
        List<String> out = runCheck(List.of("-Xlog:class+load=info"), false);
        assertTrue(out.stream().anyMatch(line -> line.startsWith("ok scalar")), String.join("\n", tail(out)));
        assertFalse(out.stream().anyMatch(line -> line.contains("dev.elbo.core.GemmVector")
                || line.contains("dev.elbo.core.GemmMicroKernels")), "a vector class was loaded");
        assertTrue(out.stream().anyMatch(line -> line.contains("dev.elbo.core.GemmScalar")),
                "class loading was not logged");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-Delbo.gemm.vectorBits=256", "-Delbo.gemm.vectorBits=128", "-Delbo.gemm.packing=always",
            "-Delbo.gemm.split=rows", "-Delbo.gemm.split=cols", "-Delbo.gemm.transpose=scalar"})
    void forcedVectorWidthPackingSplitOrTransposition(String option) throws Exception {
        List<String> out = runCheck(List.of(option), true);
        int bits = option.contains("vectorBits") ? Integer.parseInt(option.replaceAll("\\D", "")) : 0;
        String expected = bits == 0 ? "ok vector" : "ok vector " + bits / 64 + " doubles";
        String value = option.substring(option.indexOf('=') + 1);
        String setting = option.contains("split") ? "threads split " + value
                : option.contains("transpose") ? "transpose " + value : "";
        assertTrue(out.stream().anyMatch(line -> line.startsWith(expected) && line.contains(setting)),
                String.join("\n", tail(out)));
    }

    @Test
    void warnsOnceWhenTheJitMayCompileTheKernelBadly() throws Exception {
        // The serial collector turns loop strip mining off; JitCheck's options turn it back on.
        List<String> serial = runCheck(List.of("-XX:+UseSerialGC"), true);
        long expected = Runtime.version().feature() < JitCheck.FIXED_IN ? 1 : 0;
        assertEquals(expected, jitWarnings(serial), "Java " + Runtime.version() + ", serial collector:\n"
                + String.join("\n", tail(serial)));
        List<String> stripMined = new ArrayList<>(List.of("-XX:+UseSerialGC"));
        stripMined.addAll(List.of(JitCheck.OPTIONS.split(" ")));
        List<String> out = runCheck(stripMined, true);
        assertEquals(0, jitWarnings(out), "with " + JitCheck.OPTIONS + ":\n" + String.join("\n", tail(out)));
    }

    private static long jitWarnings(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("elbo: warning: this JVM")).count();
    }

    private static List<String> runCheck(List<String> jvmArgs, boolean vectorModule)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorModule) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(GemmCheckMain.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the check JVM did not finish");
        List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
        assertEquals(0, p.exitValue(), String.join("\n", tail(lines)));
        return lines;
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    }
}
