package dev.elbo.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader (or a crash) never sees a half-written one: the target either
 * keeps its old content or gets the complete new content.
 *
 * <p>The content goes to a temporary file in the target's own folder (so the final rename stays
 * within one file system), is forced to disk ({@link FileChannel#force}), then renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE} — or, where the file system cannot do that,
 * with {@link StandardCopyOption#REPLACE_EXISTING}. If anything fails, including the content
 * writer throwing half way, the temporary file is deleted and the target is left untouched.
 *
 * <p>The temporary file is named {@code .NAME.RANDOM.tmp}; it is created with the default
 * permissions (unlike {@link Files#createTempFile}, which would leave the target readable by its
 * owner only). A symbolic link at the target is replaced by a regular file, not followed.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file to a stream; the stream is flushed and synced afterwards. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes everything. Closing {@code out} is allowed (it only flushes); the file is
         * completed by {@link AtomicFiles#write}.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces (or creates) {@code target} with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "folder does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + ": is a folder, cannot write a file there");
        }
        Path tmp = createTemp(dir, absolute.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new FlushOnClose(out));
                out.flush();
                channel.force(true);
            }
            moveOver(tmp, absolute);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
        syncFolder(dir);
    }

    /** Atomically replaces (or creates) {@code target} with these bytes. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Atomically replaces (or creates) {@code target} with this text in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static void moveOver(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes the rename itself durable (the folder entry is data too). Best effort: some
     * platforms (Windows) cannot open a folder as a channel, and the file content is already
     * safe by then.
     */
    private static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // nothing more can be done portably
        }
    }

    /** Lets a content writer close its stream (GZIP, ImageIO do) without closing the file. */
    private static final class FlushOnClose extends FilterOutputStream {
        FlushOnClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
