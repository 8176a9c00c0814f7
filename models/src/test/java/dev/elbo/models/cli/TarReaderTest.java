package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.elbo.core.io.DataFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tar reader against archives written by the system's tar in each of its formats (an
 * independent writer), and against damaged ones.
 */
class TarReaderTest {
    @TempDir
    Path tmp;

    /** Folder → archive of it with {@code tar --format=FORMAT}; skipped where there is no GNU tar. */
    private byte[] tar(String format, Map<String, byte[]> files) throws IOException, InterruptedException {
        Path root = Files.createDirectories(tmp.resolve("root-" + format));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        Path out = tmp.resolve(format + ".tar");
        Process p;
        try {
            p = new ProcessBuilder("tar", "--format=" + format, "-cf", out.toString(), "-C", root.toString(), "package")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no tar: " + e.getMessage());
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "this tar cannot write --format=" + format + ": " + log);
        return Files.readAllBytes(out);
    }

    private static Map<String, byte[]> sampleFiles(long seed) {
        Random rnd = new Random(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] big = new byte[70_000 + rnd.nextInt(1000)];
        rnd.nextBytes(big);
        files.put("package/data/big-idx3-ubyte", big);
        files.put("package/data/empty", new byte[0]);
        files.put("package/data/exactly-512", Arrays.copyOf(big, 512));
        String longDir = "package/" + "a-rather-long-folder-name/".repeat(5);
        files.put(longDir + "file-with-a-long-name-" + "x".repeat(40) + ".bin", Arrays.copyOf(big, 1000));
        return files;
    }

    /** Every regular file of the archive: name → content. */
    private static Map<String, byte[]> readAll(byte[] archive) throws IOException, DataFormatException {
        TarReader tar = new TarReader(new ByteArrayInputStream(archive), Path.of("test.tar"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        TarReader.Entry e;
        while ((e = tar.next()) != null) {
            if (e.isFile()) {
                byte[] content = tar.content().readAllBytes();
                assertEquals(e.size(), content.length, e.name());
                files.put(e.name(), content);
            }
        }
        return files;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "pax", "ustar", "v7"})
    void readsWhatTarWrites(String format) throws Exception {
        Map<String, byte[]> files = sampleFiles(format.hashCode());
        if (format.equals("v7")) { // v7 has no room for names over 99 bytes
            files.keySet().removeIf(n -> n.length() > 99);
        }
        byte[] archive = tar(format, files);
        Map<String, byte[]> read = readAll(archive);
        assertEquals(files.keySet(), read.keySet(), format);
        for (String name : files.keySet()) {
            assertArrayEquals(files.get(name), read.get(name), format + ": " + name);
        }
    }

    @Test
    void skippingUnreadContentFindsTheNextEntry() throws Exception {
        Map<String, byte[]> files = sampleFiles(3);
        byte[] archive = tar("pax", files);
        TarReader tar = new TarReader(new ByteArrayInputStream(archive), Path.of("t.tar"));
        java.util.Set<String> seen = new java.util.HashSet<>();
        TarReader.Entry e;
        while ((e = tar.next()) != null) {
            if (!e.isFile()) {
                continue;
            }
            assertTrue(files.containsKey(e.name()), e.name());
            byte[] expected = files.get(e.name());
            if (seen.size() % 2 == 0 && expected.length > 0) { // every other file: one byte read, the rest skipped
                InputStream c = tar.content();
                assertEquals(expected[0] & 0xFF, c.read(), e.name());
            }
            seen.add(e.name());
        }
        assertEquals(files.keySet(), seen);
    }

    @Test
    void damagedHeaderIsRefusedWithItsOffset() throws Exception {
        byte[] archive = tar("ustar", sampleFiles(5));
        archive[3] ^= 0x20; // a letter of the first name: the checksum no longer matches
        DataFormatException e = assertThrows(DataFormatException.class, () -> readAll(archive));
        assertEquals("tar byte 148", e.location());
        assertTrue(e.reason().contains("checksum"), e.getMessage());
    }

    @Test
    void notATarIsRefused() {
        byte[] junk = new byte[1024];
        new Random(1).nextBytes(junk);
        DataFormatException e = assertThrows(DataFormatException.class, () -> readAll(junk));
        assertTrue(e.getMessage().startsWith("test.tar: tar byte "), e.getMessage());
    }

    @Test
    void truncatedArchiveIsReported() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/one", new byte[3000]);
        byte[] archive = tar("gnu", files); // "package/" header at 0, "package/one" header at 512, content from 1024
        byte[] cutInHeader = Arrays.copyOf(archive, 300);
        DataFormatException e = assertThrows(DataFormatException.class, () -> readAll(cutInHeader));
        assertEquals("tar byte 300", e.location());
        assertTrue(e.reason().contains("truncated"), e.getMessage());

        byte[] cutInContent = Arrays.copyOf(archive, 2000);
        IOException io = assertThrows(IOException.class, () -> readAll(cutInContent));
        assertTrue(io.getMessage().contains("archive ends inside an entry"), io.getMessage());
    }

    @Test
    void archiveWithoutTheClosingZeroBlocksEndsQuietly() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/one", new byte[] {1, 2, 3});
        byte[] archive = tar("ustar", files);
        int end = archive.length;
        while (end > 0 && archive[end - 1] == 0) {
            end--;
        }
        end = (end + 511) / 512 * 512; // the last entry's padded content; the zero blocks dropped
        assertTrue(end < archive.length);
        Map<String, byte[]> read = readAll(Arrays.copyOf(archive, end));
        assertArrayEquals(new byte[] {1, 2, 3}, read.get("package/one"));
        TarReader tar = new TarReader(new ByteArrayInputStream(new byte[0]), Path.of("e.tar"));
        assertNull(tar.next());
    }
}
