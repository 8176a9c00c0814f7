package dev.elbo.models.cli;

import dev.elbo.models.data.DataSet;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.nn.Activation;
import dev.elbo.models.train.TrainingConfig.ScheduleConfig;
import dev.elbo.models.vae.VaeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsing of the option values that are small languages: layer lists, likelihoods, schedules. */
final class ModelOptions {
    private ModelOptions() {}

    /** {@code 200,200} → [200, 200]; {@code none} or empty → [] (no hidden layer). */
    static List<Integer> layers(String option, String value) {
        List<Integer> sizes = new ArrayList<>();
        String v = value.strip();
        if (v.isEmpty() || v.equalsIgnoreCase("none")) {
            return sizes;
        }
        for (String part : v.split(",")) {
            try {
                int n = Integer.parseInt(part.strip());
                if (n <= 0) {
                    throw new NumberFormatException();
                }
                sizes.add(n);
            } catch (NumberFormatException e) {
                throw new UsageException(option + " '" + value + "': expected layer sizes like 200,200 (positive "
                        + "whole numbers), or none");
            }
        }
        return sizes;
    }

    static Activation activation(String value) {
        try {
            return Activation.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--activation: " + e.getMessage());
        }
    }

    /**
     * {@code bernoulli}, {@code gaussian} (a learned variance per feature), {@code gaussian-example}
     * (a learned variance per example), {@code gaussian:VAR} (fixed variance VAR),
     * {@code categorical} (one-hot sequences; the alphabet comes from the data). With
     * {@code data} null, only the spelling is checked (and a categorical gives null).
     */
    static LikelihoodSpec likelihood(String value, DataSet data) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("bernoulli")) {
            return LikelihoodSpec.bernoulli();
        }
        if (v.equals("gaussian")) {
            return LikelihoodSpec.gaussian(LikelihoodSpec.GaussianVariance.FEATURE);
        }
        if (v.equals("gaussian-example")) {
            return LikelihoodSpec.gaussian(LikelihoodSpec.GaussianVariance.EXAMPLE);
        }
        if (v.startsWith("gaussian:")) {
            double var = number("--likelihood", value, v.substring("gaussian:".length()));
            if (!(var > 0 && var < Double.POSITIVE_INFINITY)) {
                throw new UsageException("--likelihood '" + value + "': the fixed variance must be positive");
            }
            return LikelihoodSpec.gaussianFixed(var);
        }
        if (v.equals("categorical")) {
            if (data == null) {
                return null;
            }
            if (data.alphabet() == null) {
                throw new UsageException("--likelihood categorical needs one-hot sequences (--data fasta:PATH); '"
                        + data.name() + "' holds none");
            }
            return LikelihoodSpec.categorical(data.alphabet().size());
        }
        throw new UsageException("--likelihood '" + value + "': expected bernoulli, gaussian, gaussian-example, "
                + "gaussian:VAR or categorical");
    }

    /** The architecture for data of this dimension. */
    static VaeSpec spec(int inputDim, String hidden, String decoderHidden, int latent, String activation,
            LikelihoodSpec likelihood) {
        if (latent <= 0) {
            throw new UsageException("--latent " + latent + ": must be positive");
        }
        List<Integer> enc = layers("--hidden", hidden);
        List<Integer> dec;
        if (decoderHidden == null) {
            dec = new ArrayList<>(enc);
            java.util.Collections.reverse(dec);
        } else {
            dec = layers("--decoder-hidden", decoderHidden);
        }
        try {
            return new VaeSpec(inputDim, enc, latent, dec, activation(activation), likelihood);
        } catch (IllegalArgumentException e) {
            throw new UsageException(Main.oneLine(e.getMessage()));
        }
    }

    /**
     * {@code constant}; {@code cosine[:FLOOR[:WARMUP]]} (down to FLOOR at the end, after WARMUP
     * epochs of linear warm-up); {@code step:EVERY:FACTOR} (× FACTOR every EVERY epochs).
     */
    static ScheduleConfig schedule(String value) {
        String[] p = value.strip().toLowerCase(Locale.ROOT).split(":");
        try {
            switch (p[0]) {
                case "constant":
                    if (p.length == 1) {
                        return ScheduleConfig.constant();
                    }
                    break;
                case "cosine":
                    if (p.length <= 3) {
                        double floor = p.length > 1 ? number("--schedule", value, p[1]) : 0;
                        int warmup = p.length > 2 ? (int) number("--schedule", value, p[2]) : 0;
                        return ScheduleConfig.cosine(floor, warmup);
                    }
                    break;
                case "step":
                    if (p.length == 3) {
                        return ScheduleConfig.step((int) number("--schedule", value, p[1]),
                                number("--schedule", value, p[2]));
                    }
                    break;
                default:
                    break;
            }
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--schedule '" + value + "': " + Main.oneLine(e.getMessage()));
        }
        throw new UsageException("--schedule '" + value + "': expected constant, cosine[:FLOOR[:WARMUP]] or "
                + "step:EVERY:FACTOR");
    }

    private static double number(String option, String whole, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + whole + "': '" + text + "' is not a number");
        }
    }
}
