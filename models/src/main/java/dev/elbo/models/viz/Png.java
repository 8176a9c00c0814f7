package dev.elbo.models.viz;

import dev.elbo.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes pictures as PNG files, atomically (a reader never sees half a file), with AWT in
 * headless mode: rendering needs no display, on a server or in CI.
 */
public final class Png {
    private Png() {}

    static {
        headless();
    }

    /**
     * Puts AWT in headless mode unless the program chose otherwise. Must run before the first
     * AWT class initializes; every class of this package calls it.
     */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Writes {@code image} to {@code file} as PNG, replacing it atomically. */
    public static void write(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                if (!ImageIO.write(image, "png", ios)) {
                    throw new IOException("no PNG writer in this JVM");
                }
            }
        });
    }
}
