package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only the exact expected bytes are installed; anything else leaves the old target and no temporary. */
class VerifiedFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void installsExactContentAndRefusesEverythingElse(long seed) throws Exception {
        Random rnd = new Random(seed);
        byte[] good = new byte[1 + rnd.nextInt(200_000)];
        rnd.nextBytes(good);
        DatasetSpec.FileSpec spec = new DatasetSpec.FileSpec("f", good.length, TinyData.sha256(good));
        Path target = dir.resolve("f");
        byte[] old = {42};
        Files.write(target, old);

        byte[] longer = Arrays.copyOf(good, good.length + 1);
        byte[] shorter = Arrays.copyOf(good, good.length - 1);
        byte[] changed = good.clone();
        changed[rnd.nextInt(good.length)] ^= (byte) (1 << rnd.nextInt(8));
        for (byte[] bad : List.of(longer, shorter, changed)) {
            VerifiedFiles.Mismatch m = assertThrows(VerifiedFiles.Mismatch.class,
                    () -> VerifiedFiles.install(new ByteArrayInputStream(bad), spec, target), "seed " + seed);
            assertArrayEquals(old, Files.readAllBytes(target), "seed " + seed + ": the old file stays");
            assertEquals(List.of("f"), names(), "seed " + seed + ": no temporary left");
            if (bad == shorter) {
                assertEquals("byte " + shorter.length, m.location, "seed " + seed);
            } else if (bad == longer) {
                assertEquals("byte " + good.length, m.location, "seed " + seed);
            } else {
                assertTrue(m.reason.startsWith("SHA-256 of the content is "), m.reason);
            }
        }
        VerifiedFiles.install(new ByteArrayInputStream(good), spec, target);
        assertArrayEquals(good, Files.readAllBytes(target), "seed " + seed);
        assertEquals(VerifiedFiles.Status.VALID, VerifiedFiles.check(target, spec, true));
        assertEquals(TinyData.sha256(good), VerifiedFiles.sha256Hex(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "size", "content"})
    void checkTellsWhatIsWrong(String what) throws IOException {
        byte[] good = {1, 2, 3, 4};
        DatasetSpec.FileSpec spec = new DatasetSpec.FileSpec("f", 4, TinyData.sha256(good));
        Path f = dir.resolve("f");
        switch (what) {
            case "size" -> Files.write(f, new byte[] {1, 2, 3});
            case "content" -> Files.write(f, new byte[] {1, 2, 3, 5});
            default -> { }
        }
        VerifiedFiles.Status expected = switch (what) {
            case "size" -> VerifiedFiles.Status.WRONG_SIZE;
            case "content" -> VerifiedFiles.Status.WRONG_CONTENT;
            default -> VerifiedFiles.Status.MISSING;
        };
        assertEquals(expected, VerifiedFiles.check(f, spec, true));
        if (what.equals("content")) {
            assertEquals(VerifiedFiles.Status.VALID, VerifiedFiles.check(f, spec, false), "without hashing, size only");
        }
    }

    @org.junit.jupiter.api.Test
    void failingStreamLeavesNothing() throws IOException {
        DatasetSpec.FileSpec spec = new DatasetSpec.FileSpec("f", 10, "00");
        java.io.InputStream failing = new java.io.InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 3) {
                    throw new IOException("connection reset");
                }
                return 7;
            }
        };
        IOException e = assertThrows(IOException.class, () -> VerifiedFiles.install(failing, spec, dir.resolve("f")));
        assertEquals("connection reset", e.getMessage());
        assertEquals(List.of(), names());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
