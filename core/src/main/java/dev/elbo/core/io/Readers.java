package dev.elbo.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening a user's input file, with the usual mistakes reported as one-line errors. */
final class Readers {
    private Readers() {}

    /** Opens {@code file} for reading; a missing file or a folder is the user's mistake. */
    static InputStream open(Path file) throws IOException, DataFormatException {
        if (Files.isDirectory(file)) {
            throw DataFormatException.of(file, "is a folder, expected a file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw DataFormatException.of(file, "no such file");
        } catch (AccessDeniedException e) {
            throw DataFormatException.of(file, "permission denied");
        }
    }
}
