package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./elbo} launcher with a fake JDK (a script standing in for java, and its release
 * file) and a prebuilt jar ({@code ELBO_JAR}), so nothing is built: the Java checks, the options
 * it passes, the exit code, and the filter that drops only the JVM's incubator warning.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherTest {
    @TempDir
    Path tmp;

    private Path launcher;
    private Path jar;

    @BeforeEach
    void setUp() throws IOException {
        launcher = Path.of("").toAbsolutePath().getParent().resolve("elbo");
        assumeTrue(Files.isRegularFile(launcher), "launcher not found at " + launcher);
        jar = Files.writeString(tmp.resolve("elbo.jar"), "not really a jar");
    }

    /** A JDK home whose java logs its arguments, prints {@code stderr} then "out", and exits {@code code}. */
    private Path fakeJdk(String version, String stderr, int code) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("jdk-" + version));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "for a in \"$@\"; do echo \"$a\"; done > '" + tmp.resolve("args") + "'\n"
                + "printf '" + stderr + "' >&2\n"
                + "echo out\n"
                + "exit " + code + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private record Run(int code, String out, String err) {}

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("bash");
        pb.command().add(launcher.toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("ELBO_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8));
    }

    @Test
    void runsTheJarWithTheVectorModuleAndPassesTheExitCodeThrough() throws Exception {
        Path jdk = fakeJdk("17.0.9", "WARNING: Using incubator modules: jdk.incubator.vector\\nreal error\\n", 3);
        Run r = run(Map.of("JAVA_HOME", jdk.toString(), "ELBO_JAR", jar.toString(),
                "ELBO_JAVA_OPTS", "-Xmx3g -Dx=y"), "data", "path", "mnist", "--json");
        assertEquals(3, r.code(), r.toString());
        assertEquals("out\n", r.out());
        assertEquals("real error\n", r.err(), "only the incubator warning is dropped");
        List<String> args = Files.readAllLines(tmp.resolve("args"));
        assertEquals("--add-modules=jdk.incubator.vector", args.get(0), args.toString());
        assertTrue(args.containsAll(List.of("-Xmx3g", "-Dx=y", "-Delbo.stderr.tty=false")), args.toString());
        int j = args.indexOf("-jar");
        assertEquals(List.of("-jar", jar.toString(), "data", "path", "mnist", "--json"), args.subList(j, args.size()));
    }

    @Test
    void otherStderrIsPassedThroughUntouched() throws Exception {
        Path jdk = fakeJdk("25", "first line\\nWARNING: Using incubator modules: jdk.incubator.vector\\nno newline", 0);
        Run r = run(Map.of("JAVA_HOME", jdk.toString(), "ELBO_JAR", jar.toString()));
        assertEquals(0, r.code(), r.toString());
        assertEquals("first line\nWARNING: Using incubator modules: jdk.incubator.vector\nno newline", r.err(),
                "a warning that is not first is someone else's line: kept");
    }

    @Test
    void refusesJavaOlderThan17() throws Exception {
        Path jdk = fakeJdk("11.0.2", "", 0);
        Run r = run(Map.of("JAVA_HOME", jdk.toString(), "ELBO_JAR", jar.toString()));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().startsWith("elbo: Java 11.0.2 is too old"), r.err());
        assertTrue(r.err().contains("needs 17 or newer"), r.err());
        Path old = fakeJdk("1.8.0_402", "", 0);
        Run r8 = run(Map.of("JAVA_HOME", old.toString(), "ELBO_JAR", jar.toString()));
        assertTrue(r8.err().startsWith("elbo: Java 1.8.0_402 is too old"), r8.err());
    }

    @Test
    void explainsABadJavaHomeOrJar() throws Exception {
        Run r = run(Map.of("JAVA_HOME", tmp.resolve("nowhere").toString()));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("JAVA_HOME is '" + tmp.resolve("nowhere") + "', but it has no bin/java"), r.err());
        Path jdk = fakeJdk("21.0.1", "", 0);
        Run noJar = run(Map.of("JAVA_HOME", jdk.toString(), "ELBO_JAR", tmp.resolve("missing.jar").toString()));
        assertEquals(1, noJar.code());
        assertTrue(noJar.err().contains("ELBO_JAR is"), noJar.err());
    }
}
