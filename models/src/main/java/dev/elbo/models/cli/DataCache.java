package dev.elbo.models.cli;

import java.nio.file.Path;

/**
 * Where downloaded data sets live: {@code --cache DIR} if given, else {@code $ELBO_CACHE}, else
 * {@code $XDG_CACHE_HOME/elbo}, else {@code ~/.cache/elbo}; each data set in a folder of its
 * name ({@code ~/.cache/elbo/mnist/train-images-idx3-ubyte} ...).
 */
public final class DataCache {
    private DataCache() {}

    /** The cache root for this run. */
    public static Path root(Path option, CliContext context) {
        if (option != null) {
            return option.toAbsolutePath();
        }
        String env = context.env("ELBO_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        String xdg = context.env("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "elbo");
        }
        return context.home().resolve(".cache").resolve("elbo");
    }

    /** The folder of one data set under {@code root}. */
    public static Path folder(Path root, DatasetSpec dataset) {
        return root.resolve(dataset.name());
    }
}
