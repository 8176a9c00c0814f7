package dev.elbo.models.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.train.TrainingConfig;
import dev.elbo.models.vae.VaeSpec;
import java.nio.file.Path;

/**
 * A run's {@code config.json}: what {@code elbo train} was asked to do, readable by a person and
 * by the other commands (which find the run's data there).
 * <pre>{@code
 * {
 *   "format": "elbo-run", "version": 1,
 *   "data": {"spec": "mnist", "csvHeader": "auto", "trainLimit": 0, "testFraction": 0.1,
 *            "imageHeight": 28, "imageWidth": 28},
 *   "architecture": {"inputDim": 784, "encoderHidden": [200, 200], ...},   // VaeSpec
 *   "training": {"epochs": 10, "batchSize": 100, ...}                       // TrainingConfig
 * }
 * }</pre>
 * The checkpoint holds the architecture and the training configuration too, and is what a
 * resumed run trusts; this file adds the data, which the checkpoint does not know.
 *
 * @param data         where the examples come from and how they are read
 * @param trainLimit   only the first this many examples of the source were used (0 = all)
 * @param testFraction part of the examples held out as the test set when the source has none
 * @param imageHeight  height of an example drawn as a picture, 0 when examples are not images
 * @param imageWidth   its width, 0 when examples are not images
 * @param architecture the model
 * @param training     the training configuration
 */
record RunConfig(DataSource data, int trainLimit, double testFraction, int imageHeight, int imageWidth,
        VaeSpec architecture, TrainingConfig training) {

    static final String FORMAT = "elbo-run";
    static final int VERSION = 1;

    String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        JsonObject d = data.toJson();
        d.addProperty("trainLimit", trainLimit);
        d.addProperty("testFraction", testFraction);
        d.addProperty("imageHeight", imageHeight);
        d.addProperty("imageWidth", imageWidth);
        o.add("data", d);
        o.add("architecture", JsonParser.parseString(architecture.toJson()));
        o.add("training", JsonParser.parseString(training.toJson()));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues()
                .create().toJson(o) + "\n";
    }

    /** Reads {@code file}; anything missing or malformed is a {@link DataFormatException} naming the field. */
    static RunConfig parse(Path file, String text) throws DataFormatException {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new DataFormatException(file, "", "expected a JSON object, found " + e);
            }
            o = e.getAsJsonObject();
        } catch (com.google.gson.JsonParseException e) {
            throw new DataFormatException(file, "", "not valid JSON: " + Main.oneLine(rootMessage(e)));
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new DataFormatException(file, "field 'format'", "expected \"" + FORMAT
                    + "\" (a run folder written by 'elbo train')");
        }
        String field = "data";
        try {
            JsonObject d = o.getAsJsonObject("data");
            DataSource source = DataSource.fromJson(d);
            int limit = d.has("trainLimit") ? d.get("trainLimit").getAsInt() : 0;
            double testFraction = d.has("testFraction") ? d.get("testFraction").getAsDouble() : 0;
            int height = d.has("imageHeight") ? d.get("imageHeight").getAsInt() : 0;
            int width = d.has("imageWidth") ? d.get("imageWidth").getAsInt() : 0;
            field = "architecture";
            VaeSpec spec = VaeSpec.fromJson(o.get("architecture").toString());
            field = "training";
            TrainingConfig training = TrainingConfig.fromJson(o.get("training").toString());
            return new RunConfig(source, limit, testFraction, height, width, spec, training);
        } catch (RuntimeException e) {
            throw new DataFormatException(file, "field '" + field + "'", Main.oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return String.valueOf(e.getMessage());
    }
}
