package dev.elbo.models.vae;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.dist.LikelihoodSpec.GaussianVariance;
import dev.elbo.models.dist.LikelihoodSpec.Kind;
import dev.elbo.models.nn.Activation;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The architecture of a {@link Vae}: everything needed to rebuild it, nothing learned. Stored in
 * checkpoints as JSON, e.g. the IWAE paper's MNIST model:
 * <pre>{@code
 * {"inputDim":784,"encoderHidden":[200,200],"latentDim":50,"decoderHidden":[200,200],
 *  "activation":"tanh","likelihood":{"kind":"bernoulli"}}
 * }</pre>
 * Other likelihoods: {@code {"kind":"gaussian","variance":"feature"}} (or {@code "example"}),
 * {@code {"kind":"gaussian","variance":"fixed","fixedVariance":0.1}},
 * {@code {"kind":"categorical","alphabetSize":21}}.
 *
 * @param inputDim      D, columns of a data row
 * @param encoderHidden hidden layer sizes of the encoder x → [μ | log σ²] (may be empty)
 * @param latentDim     L, dimension of z
 * @param decoderHidden hidden layer sizes of the decoder z → parameters of p(x|z) (may be empty:
 *                      a linear decoder)
 * @param activation    after every hidden layer of both networks
 * @param likelihood    p(x|z)
 */
public record VaeSpec(int inputDim, List<Integer> encoderHidden, int latentDim, List<Integer> decoderHidden,
                      Activation activation, LikelihoodSpec likelihood) {

    private static final Set<String> FIELDS =
            Set.of("inputDim", "encoderHidden", "latentDim", "decoderHidden", "activation", "likelihood");
    private static final Set<String> LIKELIHOOD_FIELDS = Set.of("kind", "variance", "fixedVariance", "alphabetSize");

    public VaeSpec {
        if (inputDim <= 0) throw new IllegalArgumentException("VaeSpec: inputDim must be positive, got " + inputDim);
        if (latentDim <= 0) throw new IllegalArgumentException("VaeSpec: latentDim must be positive, got " + latentDim);
        encoderHidden = checkHidden("encoderHidden", encoderHidden);
        decoderHidden = checkHidden("decoderHidden", decoderHidden);
        if (activation == null) throw new IllegalArgumentException("VaeSpec: activation is missing");
        if (likelihood == null) throw new IllegalArgumentException("VaeSpec: likelihood is missing");
        if (likelihood.kind() == Kind.CATEGORICAL && inputDim % likelihood.alphabetSize() != 0) {
            throw new IllegalArgumentException("VaeSpec: inputDim " + inputDim + " is not a multiple of the alphabet size "
                    + likelihood.alphabetSize() + " (one-hot columns: positions × symbols)");
        }
    }

    private static List<Integer> checkHidden(String field, List<Integer> sizes) {
        if (sizes == null) throw new IllegalArgumentException("VaeSpec: " + field + " is missing (use [] for none)");
        for (Integer s : sizes) {
            if (s == null || s <= 0) throw new IllegalArgumentException("VaeSpec: " + field + " sizes must be positive, got " + sizes);
        }
        return List.copyOf(sizes);
    }

    /** A spec whose decoder mirrors the encoder (hidden sizes reversed), as in the IWAE paper. */
    public static VaeSpec symmetric(int inputDim, List<Integer> hidden, int latentDim, Activation activation,
                                    LikelihoodSpec likelihood) {
        List<Integer> reversed = new ArrayList<>(hidden);
        java.util.Collections.reverse(reversed);
        return new VaeSpec(inputDim, hidden, latentDim, reversed, activation, likelihood);
    }

    /** Layer sizes of the encoder network: [D, encoderHidden…, 2L]. */
    public int[] encoderSizes() {
        return sizes(inputDim, encoderHidden, 2 * latentDim);
    }

    /** Layer sizes of the decoder network: [L, decoderHidden…, outputs of the likelihood]. */
    public int[] decoderSizes(int decoderOutputs) {
        return sizes(latentDim, decoderHidden, decoderOutputs);
    }

    private static int[] sizes(int in, List<Integer> hidden, int out) {
        int[] s = new int[hidden.size() + 2];
        s[0] = in;
        for (int i = 0; i < hidden.size(); i++) s[i + 1] = hidden.get(i);
        s[s.length - 1] = out;
        return s;
    }

    // ================================================================ JSON

    /** This spec as one line of JSON (the format in the class comment). */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("inputDim", inputDim);
        o.add("encoderHidden", array(encoderHidden));
        o.addProperty("latentDim", latentDim);
        o.add("decoderHidden", array(decoderHidden));
        o.addProperty("activation", activation.jsonName());
        JsonObject l = new JsonObject();
        l.addProperty("kind", likelihood.kind().jsonName());
        if (likelihood.variance() != null) l.addProperty("variance", likelihood.variance().jsonName());
        if (likelihood.variance() == GaussianVariance.FIXED) l.addProperty("fixedVariance", likelihood.fixedVariance());
        if (likelihood.kind() == Kind.CATEGORICAL) l.addProperty("alphabetSize", likelihood.alphabetSize());
        o.add("likelihood", l);
        return o.toString();
    }

    private static JsonArray array(List<Integer> values) {
        JsonArray a = new JsonArray();
        for (int v : values) a.add(v);
        return a;
    }

    /**
     * Reads a spec written by {@link #toJson()}. Every field is required (the likelihood's
     * options only where they apply); unknown fields are errors, so a typo never silently
     * falls back to a default. Throws {@link IllegalArgumentException} with a one-line message
     * naming the field and what was expected.
     */
    public static VaeSpec fromJson(String json) {
        JsonElement root = parseStrict(json);
        JsonObject o = object(root, "the spec");
        checkFields(o, FIELDS, "");
        int inputDim = positiveInt(o, "inputDim", "");
        List<Integer> encoderHidden = sizes(o, "encoderHidden");
        int latentDim = positiveInt(o, "latentDim", "");
        List<Integer> decoderHidden = sizes(o, "decoderHidden");
        String activationName = string(o, "activation", "");
        Activation activation;
        try {
            activation = Activation.parse(activationName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VaeSpec JSON: field 'activation' must be one of " + Activation.names()
                    + ", got \"" + activationName + "\"");
        }
        LikelihoodSpec likelihood = likelihood(object(require(o, "likelihood", ""), "field 'likelihood'"));
        try {
            return new VaeSpec(inputDim, encoderHidden, latentDim, decoderHidden, activation, likelihood);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VaeSpec JSON: " + e.getMessage());
        }
    }

    private static LikelihoodSpec likelihood(JsonObject l) {
        String where = "likelihood.";
        checkFields(l, LIKELIHOOD_FIELDS, where);
        String kindName = string(l, "kind", where);
        Kind kind = null;
        for (Kind k : Kind.values()) if (k.jsonName().equals(kindName)) kind = k;
        if (kind == null) {
            throw new IllegalArgumentException("VaeSpec JSON: field 'likelihood.kind' must be bernoulli, gaussian or categorical, got \""
                    + kindName + "\"");
        }
        try {
            switch (kind) {
                case BERNOULLI:
                    onlyFields(l, kind, "kind");
                    return LikelihoodSpec.bernoulli();
                case GAUSSIAN: {
                    String v = string(l, "variance", where);
                    GaussianVariance variance = null;
                    for (GaussianVariance g : GaussianVariance.values()) if (g.jsonName().equals(v)) variance = g;
                    if (variance == null) {
                        throw new IllegalArgumentException("VaeSpec JSON: field 'likelihood.variance' must be feature, example or fixed, got \""
                                + v + "\"");
                    }
                    if (variance != GaussianVariance.FIXED) {
                        onlyFields(l, kind, "kind", "variance");
                        return LikelihoodSpec.gaussian(variance);
                    }
                    onlyFields(l, kind, "kind", "variance", "fixedVariance");
                    double s2 = number(l, "fixedVariance", where);
                    if (!(s2 > 0 && s2 < Double.POSITIVE_INFINITY)) {
                        throw new IllegalArgumentException("VaeSpec JSON: field 'likelihood.fixedVariance' must be a positive number, got " + s2);
                    }
                    return LikelihoodSpec.gaussianFixed(s2);
                }
                case CATEGORICAL: {
                    onlyFields(l, kind, "kind", "alphabetSize");
                    int a = positiveInt(l, "alphabetSize", where);
                    if (a < 2) throw new IllegalArgumentException("VaeSpec JSON: field 'likelihood.alphabetSize' must be at least 2, got " + a);
                    return LikelihoodSpec.categorical(a);
                }
                default:
                    throw new AssertionError(kind);
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("VaeSpec JSON:")) throw e;
            throw new IllegalArgumentException("VaeSpec JSON: " + e.getMessage());
        }
    }

    /** The likelihood object may hold only these fields for this kind. */
    private static void onlyFields(JsonObject l, Kind kind, String... allowed) {
        for (String key : l.keySet()) {
            boolean ok = false;
            for (String a : allowed) ok |= a.equals(key);
            if (!ok) {
                throw new IllegalArgumentException("VaeSpec JSON: field 'likelihood." + key + "' does not apply to a "
                        + kind.jsonName() + " likelihood" + (kind == Kind.GAUSSIAN ? " with this variance" : ""));
            }
        }
    }

    private static void checkFields(JsonObject o, Set<String> known, String where) {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("VaeSpec JSON: unknown field '" + where + key + "' (expected "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static JsonElement require(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) throw new IllegalArgumentException("VaeSpec JSON: field '" + where + field + "' is missing");
        return e;
    }

    private static JsonObject object(JsonElement e, String what) {
        if (!e.isJsonObject()) throw new IllegalArgumentException("VaeSpec JSON: " + what + " must be an object {…}, got " + e);
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String field, String where) {
        JsonElement e = require(o, field, where);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("VaeSpec JSON: field '" + where + field + "' must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static double number(JsonObject o, String field, String where) {
        JsonElement e = require(o, field, where);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("VaeSpec JSON: field '" + where + field + "' must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    private static int positiveInt(JsonObject o, String field, String where) {
        JsonElement e = require(o, field, where);
        Integer v = positiveInt(e);
        if (v == null) throw new IllegalArgumentException("VaeSpec JSON: field '" + where + field + "' must be a positive integer, got " + e);
        return v;
    }

    /** The value if e is a whole number in [1, 2³¹ − 1], else null. */
    private static Integer positiveInt(JsonElement e) {
        if (!e.isJsonPrimitive()) return null;
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (!p.isNumber()) return null;
        double d = p.getAsDouble();
        if (!(d >= 1 && d <= Integer.MAX_VALUE) || d != Math.rint(d)) return null;
        return (int) d;
    }

    private static List<Integer> sizes(JsonObject o, String field) {
        JsonElement e = require(o, field, "");
        if (!e.isJsonArray()) throw new IllegalArgumentException("VaeSpec JSON: field '" + field + "' must be an array of positive integers, got " + e);
        List<Integer> out = new ArrayList<>();
        JsonArray a = e.getAsJsonArray();
        for (int i = 0; i < a.size(); i++) {
            Integer v = positiveInt(a.get(i));
            if (v == null) {
                throw new IllegalArgumentException("VaeSpec JSON: field '" + field + "' must be an array of positive integers, got "
                        + a.get(i) + " at index " + i);
            }
            out.add(v);
        }
        return out;
    }

    /**
     * Standard JSON only (no comments, unquoted names or trailing text), so that what one
     * program writes every other JSON reader (Python's json) reads the same way.
     */
    private static JsonElement parseStrict(String json) {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("VaeSpec JSON: malformed: text after the end of the object (" + reader.getPath() + ")");
            }
            return root;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("VaeSpec JSON: malformed: " + describe(rootCause(e)));
        }
    }

    /** One JSON value from the reader, rejecting an object that repeats a name. */
    private static JsonElement read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT: {
                JsonObject o = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String path = reader.getPath();
                    String name = reader.nextName();
                    if (o.has(name)) {
                        throw new IllegalArgumentException("VaeSpec JSON: field '" + name + "' appears twice (" + path + ")");
                    }
                    o.add(name, read(reader));
                }
                reader.endObject();
                return o;
            }
            case BEGIN_ARRAY: {
                JsonArray a = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) a.add(read(reader));
                reader.endArray();
                return a;
            }
            case STRING: return new JsonPrimitive(reader.nextString());
            case NUMBER: return new JsonPrimitive(new BigDecimal(reader.nextString()));
            case BOOLEAN: return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new IllegalArgumentException("VaeSpec JSON: malformed: unexpected " + reader.peek() + " at " + reader.getPath());
        }
    }

    private static final Pattern POSITION = Pattern.compile(" at line (\\d+) column (\\d+)");

    /** Gson's multi-line message as "what, at line l, column c". */
    private static String describe(String message) {
        String first = message.lines().findFirst().orElse(message);
        Matcher m = POSITION.matcher(first);
        String where = m.find() ? " at line " + m.group(1) + ", column " + m.group(2) : "";
        String what = m.find(0) ? first.substring(0, m.start()) : first;
        if (what.startsWith("Use JsonReader.setStrictness")) {
            what = "not standard JSON (an unquoted name or string, a comment, or text after the end?)";
        }
        return what + where;
    }

    private static String rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
