package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void createsAndReplacesFiles() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.writeString(target, "first");
        assertEquals("first", Files.readString(target));
        AtomicFiles.writeBytes(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("out.bin"), listing(), "no temporary file may remain");
    }

    @Test
    void writerThatThrowsMidwayLeavesTheOldFileIntact() throws IOException {
        Path target = dir.resolve("model.ckpt");
        Files.writeString(target, "old checkpoint");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // past the buffer: bytes really reach the temporary file
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", thrown.getMessage());
        assertEquals("old checkpoint", Files.readString(target));
        assertEquals(List.of("model.ckpt"), listing(), "the temporary file must be deleted");
    }

    @Test
    void uncheckedFailureAlsoLeavesTheOldFileIntact() throws IOException {
        Path target = dir.resolve("grid.png");
        Files.writeString(target, "old picture");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of a new picture".getBytes(StandardCharsets.UTF_8));
            throw new UncheckedIOException(new IOException("boom"));
        }));
        assertEquals("old picture", Files.readString(target));
        assertEquals(List.of("grid.png"), listing());
    }

    @Test
    void failureWithoutAnOldFileLeavesNothing() throws IOException {
        Path target = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("fail");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listing());
    }

    @Test
    void contentMayCloseItsStream() throws IOException {
        Path target = dir.resolve("data.gz");
        AtomicFiles.write(target, out -> {
            GZIPOutputStream gz = new GZIPOutputStream(out);
            gz.write("hello".getBytes(StandardCharsets.UTF_8));
            gz.close(); // closes `out` too: must not break the sync and rename
        });
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(target))) {
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void missingFolderAndFolderTargetAreRefused() throws IOException {
        IOException missing = assertThrows(IOException.class,
                () -> AtomicFiles.writeString(dir.resolve("no/such/folder/x.txt"), "x"));
        assertTrue(missing.getMessage().contains("folder does not exist"), missing.getMessage());
        Files.createDirectory(dir.resolve("sub"));
        IOException folder = assertThrows(IOException.class,
                () -> AtomicFiles.writeString(dir.resolve("sub"), "x"));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());
        assertTrue(Files.isDirectory(dir.resolve("sub")));
    }

    @Test
    void relativePathsWork() throws IOException {
        // a bare file name has no parent: the folder is the working directory's
        Path name = Path.of("elbo-atomic-test-" + ProcessHandle.current().pid() + ".txt");
        try {
            AtomicFiles.writeString(name, "relative");
            assertEquals("relative", Files.readString(name));
        } finally {
            Files.deleteIfExists(name);
        }
    }
}
