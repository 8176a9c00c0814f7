package dev.elbo.models.cli;

import dev.elbo.core.Rng;
import dev.elbo.core.io.AtomicFiles;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.train.Checkpoint;
import dev.elbo.models.train.Trainer;
import dev.elbo.models.train.TrainingConfig;
import dev.elbo.models.vae.Vae;
import dev.elbo.models.vae.VaeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The folder of one training run ({@code --out} of {@code elbo train}, {@code --run} of the other
 * commands):
 * <pre>
 * config.json              what was asked: data, architecture, training settings ({@link RunConfig})
 * checkpoint.safetensors   the model, optimizer and random streams after the last complete epoch
 * metrics.csv              one line per epoch
 * samples.png  reconstructions.png  latent.png  curves.png  traversal.png
 * </pre>
 */
final class RunFolder {
    static final String CONFIG = "config.json";
    static final String CHECKPOINT = Checkpoint.FILE_NAME;
    static final String METRICS = Trainer.METRICS_FILE;
    static final String SAMPLES = "samples.png";
    static final String RECONSTRUCTIONS = "reconstructions.png";
    static final String LATENT = "latent.png";
    static final String CURVES = "curves.png";
    static final String TRAVERSAL = "traversal.png";
    static final List<String> PICTURES = List.of(SAMPLES, RECONSTRUCTIONS, LATENT, CURVES, TRAVERSAL);
    /** Every file {@code elbo train} writes (what {@code --force} removes first). */
    static final List<String> FILES = List.of(CONFIG, CHECKPOINT, METRICS, SAMPLES, RECONSTRUCTIONS, LATENT,
            CURVES, TRAVERSAL);

    private final Path dir;

    RunFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Whether the folder holds (part of) a run: its configuration, checkpoint or metrics. */
    boolean holdsRun() {
        return Files.exists(file(CONFIG)) || Files.exists(file(CHECKPOINT)) || Files.exists(file(METRICS));
    }

    /** Removes the files a run consists of (nothing else). */
    void clear() throws IOException {
        for (String name : FILES) {
            Files.deleteIfExists(file(name));
        }
    }

    void writeConfig(RunConfig config) throws IOException {
        AtomicFiles.writeString(file(CONFIG), config.toJson());
    }

    /** The run's configuration; a folder without one is not a run. */
    RunConfig readConfig() throws IOException, DataFormatException {
        Path f = file(CONFIG);
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": no such run folder");
        }
        if (!Files.isRegularFile(f)) {
            throw new UserException(dir + ": not a run folder (no " + CONFIG + "; 'elbo train --out " + dir
                    + "' makes one)");
        }
        return RunConfig.parse(f, Files.readString(f, StandardCharsets.UTF_8));
    }

    /** The checkpoint; a run stopped before its first epoch ended has none. */
    Checkpoint readCheckpoint() throws IOException, DataFormatException {
        Path f = file(CHECKPOINT);
        if (!Files.isRegularFile(f)) {
            throw new UserException(dir + ": no " + CHECKPOINT + " yet (the run stopped before its first epoch "
                    + "ended?); train it with 'elbo train --out " + dir + " --force'");
        }
        return Checkpoint.read(f);
    }

    /** A trained model, its configuration, and the epoch it was saved at. */
    record Model(Vae vae, RunConfig config, TrainingConfig training, int epoch) {}

    /** The model of the last complete epoch, rebuilt from the checkpoint's architecture. */
    Model loadModel() throws IOException, DataFormatException {
        RunConfig config = readConfig();
        Checkpoint checkpoint = readCheckpoint();
        String architecture = checkpoint.architecture();
        if (architecture == null) {
            throw new DataFormatException(file(CHECKPOINT), "metadata 'architecture'", "missing: not a VAE "
                    + "checkpoint written by 'elbo train'");
        }
        VaeSpec spec;
        try {
            spec = VaeSpec.fromJson(architecture);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file(CHECKPOINT), "metadata 'architecture'", Main.oneLine(e.getMessage()));
        }
        Vae vae = new Vae(spec, new Rng(0)); // the weights are replaced right away
        checkpoint.restoreParameters(vae.parameters());
        return new Model(vae, config, checkpoint.trainingConfig(), checkpoint.epoch());
    }
}
