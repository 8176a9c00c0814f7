package dev.elbo.models.cli;

import dev.elbo.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Installs a data file only if it is exactly the expected one (size and SHA-256), atomically:
 * the content streams into a temporary file beside the target while being hashed, and only a
 * verified file is renamed into place. A wrong, short or long stream leaves no file behind and
 * the previous target (if any) untouched.
 */
final class VerifiedFiles {
    private VerifiedFiles() {}

    /** What a file in the cache looks like, compared to its {@link DatasetSpec.FileSpec}. */
    enum Status { VALID, MISSING, WRONG_SIZE, WRONG_CONTENT }

    /** The content is not the expected file: where it goes wrong and how. */
    static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;
        final String location;
        final String reason;

        Mismatch(String location, String reason) {
            super(location.isEmpty() ? reason : location + ": " + reason);
            this.location = location;
            this.reason = reason;
        }
    }

    /**
     * Streams {@code raw} (the uncompressed content) into {@code target} if it has the size and
     * SHA-256 of {@code spec}.
     *
     * @throws Mismatch    the content is not the expected file; nothing was written
     * @throws IOException reading {@code raw} or writing the target failed; nothing was written
     */
    static void install(InputStream raw, DatasetSpec.FileSpec spec, Path target) throws IOException, Mismatch {
        MessageDigest sha = sha256();
        Mismatch[] mismatch = new Mismatch[1];
        try {
            AtomicFiles.write(target, out -> {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = raw.read(buf)) > 0) {
                    if (total + n > spec.bytes()) {
                        mismatch[0] = new Mismatch("byte " + spec.bytes(), "more data than the " + spec.bytes()
                                + " bytes of " + spec.name());
                        throw new IOException(mismatch[0].getMessage());
                    }
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    total += n;
                }
                if (total < spec.bytes()) {
                    mismatch[0] = new Mismatch("byte " + total, "ends after " + total + " bytes, expected "
                            + spec.bytes() + " (truncated?)");
                    throw new IOException(mismatch[0].getMessage());
                }
                String hex = HexFormat.of().formatHex(sha.digest());
                if (!hex.equals(spec.sha256())) {
                    mismatch[0] = new Mismatch("", "SHA-256 of the content is " + hex + ", expected "
                            + spec.sha256() + " (damaged, or not the original " + spec.name() + ")");
                    throw new IOException(mismatch[0].getMessage());
                }
            });
        } catch (IOException e) {
            if (mismatch[0] != null) {
                throw mismatch[0];
            }
            throw e;
        }
    }

    /** Checks a file in place: present, of the right size, with the right SHA-256. */
    static Status check(Path file, DatasetSpec.FileSpec spec, boolean hash) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Status.MISSING;
        }
        if (Files.size(file) != spec.bytes()) {
            return Status.WRONG_SIZE;
        }
        if (hash && !sha256Hex(file).equals(spec.sha256())) {
            return Status.WRONG_CONTENT;
        }
        return Status.VALID;
    }

    /** SHA-256 of a file, lower-case hex. */
    static String sha256Hex(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
