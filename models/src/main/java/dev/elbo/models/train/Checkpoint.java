package dev.elbo.models.train;

import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.core.io.TensorFile;
import dev.elbo.models.optim.Optimizer;
import dev.elbo.models.optim.OptimizerState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything needed to continue a training run exactly where it stopped, in one file in the
 * safetensors layout of {@link TensorFile}, readable without this project.
 *
 * <h2>Contents</h2>
 * Tensors, in this order:
 * <pre>
 * &lt;parameter name&gt;             F64 [rows, cols]   every parameter, by its stable name
 *                                                   ("encoder.dense0.w", "likelihood.logVar" …)
 * optim.&lt;parameter name&gt;.&lt;slot&gt;  F64 [rows, cols]   the optimizer's buffers: slots "m" and "v" for
 *                                                   Adam, "velocity" for SGD with momentum
 * optim.step                   I64 []             optimizer steps taken (Adam's t)
 * rng.&lt;stream&gt;                 I64 [6]            generator states (see {@link Rng#state()}):
 *                                                   rng.noise, rng.binarization
 * </pre>
 * String metadata ({@code __metadata__}):
 * <pre>
 * format            "elbo-checkpoint"
 * format_version    "1"
 * epoch             epochs completed, e.g. "12"
 * step              optimizer steps completed, e.g. "7200"
 * optimizer         "adam" or "sgd"
 * architecture      the model's specification (JSON text; opaque here), absent if none was given
 * training_config   the {@link TrainingConfig} as JSON
 * metrics_csv       the text of metrics.csv up to this epoch
 * data_sha256       SHA-256 (lower-case hex) of the data region: all bytes after the header
 * </pre>
 *
 * <h2>Integrity</h2>
 * The file is written atomically (temporary file, fsync, rename), so the previous checkpoint
 * stays whole until the new one is complete. On reading, {@link TensorFile#read} refuses any
 * truncated or malformed file before loading anything; then the SHA-256 of the data region
 * must match {@code data_sha256}, which catches changed bytes inside the tensors. Restoring
 * ({@link #restoreParameters}, {@link #restoreOptimizer}) first checks every name, dtype and
 * shape against the model and lists all mismatches (file, tensor, found vs expected), and
 * only then copies anything.
 *
 * <h2>Reading it in Python</h2>
 * With numpy alone (the reader of {@link TensorFile}, plus the hash check; a test runs it):
 * <!-- numpy-checkpoint-start -->
 * <pre>{@code
 * import json, struct, hashlib, numpy as np
 *
 * def read_safetensors(path):
 *     with open(path, "rb") as f:
 *         (n,) = struct.unpack("<Q", f.read(8))
 *         header = json.loads(f.read(n))
 *         data = f.read()
 *     metadata = header.pop("__metadata__", {})
 *     kinds = {"F64": "<f8", "I64": "<i8"}
 *     arrays = {name: np.frombuffer(data[t["data_offsets"][0]:t["data_offsets"][1]],
 *                                   dtype=kinds[t["dtype"]]).reshape(t["shape"])
 *               for name, t in header.items()}
 *     return arrays, metadata, data
 *
 * arrays, meta, data = read_safetensors("checkpoint.safetensors")
 * assert hashlib.sha256(data).hexdigest() == meta["data_sha256"]
 * w = arrays["encoder.dense0.w"]               # (784, 200): y = x @ w + b
 * config = json.loads(meta["training_config"])
 * }</pre>
 * <!-- numpy-checkpoint-end -->
 * or {@code safetensors.numpy.load_file} and {@code safe_open(path, "np").metadata()}.
 */
public final class Checkpoint {

    /** Value of the {@code format} metadata entry. */
    public static final String FORMAT = "elbo-checkpoint";
    /** The version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The checkpoint's file name in an output directory. */
    public static final String FILE_NAME = "checkpoint.safetensors";

    static final String OPTIM_PREFIX = "optim.";
    static final String RNG_PREFIX = "rng.";
    static final String OPTIM_STEP = "optim.step";

    private static final String META_FORMAT = "format";
    private static final String META_VERSION = "format_version";
    private static final String META_EPOCH = "epoch";
    private static final String META_STEP = "step";
    private static final String META_OPTIMIZER = "optimizer";
    private static final String META_ARCHITECTURE = "architecture";
    private static final String META_CONFIG = "training_config";
    private static final String META_METRICS = "metrics_csv";
    private static final String META_SHA = "data_sha256";

    private final TensorFile contents;
    private final Path source;
    private final int epoch;
    private final long step;

    private Checkpoint(TensorFile contents, Path source, int epoch, long step) {
        this.contents = contents;
        this.source = source;
        this.epoch = epoch;
        this.step = step;
    }

    /**
     * A snapshot (copies) of a run's state.
     *
     * @param parameters   the model's parameters; names must be unique and must not start with
     *                     {@code optim.} or {@code rng.}
     * @param optimizer    the optimizer over those parameters, or null to store no optimizer state
     * @param rngs         generators to store, by stream name (stored as {@code rng.<name>})
     * @param epoch        epochs completed
     * @param step         optimizer steps completed
     * @param architecture the model's specification as JSON text, or null
     * @param config       the training configuration
     * @param metricsCsv   the metrics so far, as CSV text
     */
    public static Checkpoint capture(List<Tensor> parameters, Optimizer optimizer, Map<String, Rng> rngs, int epoch,
                                     long step, String architecture, TrainingConfig config, String metricsCsv) {
        checkNames(parameters);
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("Checkpoint: negative epoch " + epoch + " or step " + step);
        }
        Map<String, TensorFile.Tensor> tensors = new LinkedHashMap<>();
        for (Tensor p : parameters) {
            tensors.put(p.name(), new TensorFile.F64(new int[] {p.rows(), p.cols()}, p.value().clone()));
        }
        if (optimizer != null) {
            if (!optimizer.parameters().equals(parameters)) {
                throw new IllegalArgumentException("Checkpoint: the optimizer updates other parameters than those given");
            }
            OptimizerState state = optimizer.state();
            for (String slot : optimizer.slotNames()) {
                for (int i = 0; i < parameters.size(); i++) {
                    Tensor p = parameters.get(i);
                    tensors.put(OPTIM_PREFIX + p.name() + "." + slot,
                            new TensorFile.F64(new int[] {p.rows(), p.cols()}, state.buffer(slot, i)));
                }
            }
            tensors.put(OPTIM_STEP, new TensorFile.I64(new int[0], new long[] {state.step()}));
        }
        rngs.forEach((name, rng) -> tensors.put(RNG_PREFIX + name, new TensorFile.I64(new int[] {Rng.STATE_LENGTH},
                rng.state())));

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_FORMAT, FORMAT);
        meta.put(META_VERSION, Integer.toString(FORMAT_VERSION));
        meta.put(META_EPOCH, Integer.toString(epoch));
        meta.put(META_STEP, Long.toString(step));
        if (optimizer != null) {
            meta.put(META_OPTIMIZER, optimizer.algorithm());
        }
        if (architecture != null) {
            meta.put(META_ARCHITECTURE, architecture);
        }
        meta.put(META_CONFIG, config.toJson());
        meta.put(META_METRICS, Objects.requireNonNull(metricsCsv, "metricsCsv"));
        meta.put(META_SHA, sha256(tensors.values()));
        return new Checkpoint(TensorFile.of(tensors, meta), null, epoch, step);
    }

    private static void checkNames(List<Tensor> parameters) {
        Set<String> names = new HashSet<>();
        for (Tensor p : parameters) {
            String name = p.name();
            if (name == null || name.isEmpty() || name.startsWith(OPTIM_PREFIX) || name.startsWith(RNG_PREFIX)) {
                throw new IllegalArgumentException("Checkpoint: parameter name '" + name + "' is empty or reserved "
                        + "(names starting with 'optim.' or 'rng.' hold the training state)");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("Checkpoint: two parameters are named '" + name + "'");
            }
        }
    }

    /** Writes the checkpoint atomically: a reader or a crash sees the old file or the whole new one. */
    public void write(Path file) throws IOException {
        contents.write(file);
    }

    /**
     * Reads and checks a checkpoint: the safetensors structure, the format and its version, the
     * SHA-256 of the data, the epoch and step entries. Nothing of a bad file is returned.
     */
    public static Checkpoint read(Path file) throws IOException, DataFormatException {
        TensorFile contents = TensorFile.read(file);
        String format = contents.metadata().get(META_FORMAT);
        if (!FORMAT.equals(format)) {
            throw DataFormatException.of(file, "not an elbo checkpoint (metadata 'format' is "
                    + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "')");
        }
        String version = contents.requireMetadata(META_VERSION);
        if (!version.equals(Integer.toString(FORMAT_VERSION))) {
            throw new DataFormatException(file, "metadata 'format_version'", "version " + version
                    + ", this program reads version " + FORMAT_VERSION);
        }
        String expectedSha = contents.requireMetadata(META_SHA);
        String actualSha = sha256(contents.tensors().values());
        if (!actualSha.equals(expectedSha)) {
            throw new DataFormatException(file, "data region", "SHA-256 " + actualSha + " does not match the "
                    + "recorded " + expectedSha + " (the file is corrupt)");
        }
        int epoch = (int) parseCount(file, contents, META_EPOCH, Integer.MAX_VALUE);
        long step = parseCount(file, contents, META_STEP, Long.MAX_VALUE);
        contents.requireMetadata(META_CONFIG);
        contents.requireMetadata(META_METRICS);
        return new Checkpoint(contents, file, epoch, step);
    }

    private static long parseCount(Path file, TensorFile contents, String key, long max) throws DataFormatException {
        String text = contents.requireMetadata(key);
        try {
            long v = Long.parseLong(text);
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFormatException(file, "metadata '" + key + "'", "'" + text + "' is not a count");
    }

    // ------------------------------------------------------------------------------------ accessors

    /** Epochs completed when the checkpoint was taken. */
    public int epoch() {
        return epoch;
    }

    /** Optimizer steps completed. */
    public long step() {
        return step;
    }

    /** The model's specification as stored (JSON text), or null when none was stored. */
    public String architecture() {
        return contents.metadata().get(META_ARCHITECTURE);
    }

    /** The training configuration as stored. */
    public TrainingConfig trainingConfig() throws DataFormatException {
        try {
            return TrainingConfig.fromJson(contents.metadata().get(META_CONFIG));
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(sourceForMessages(), "metadata '" + META_CONFIG + "'", e.getMessage());
        }
    }

    /** The metrics up to this epoch, as CSV text. */
    public String metricsCsv() {
        return contents.metadata().get(META_METRICS);
    }

    /** The optimizer algorithm stored, or null when no optimizer state was stored. */
    public String optimizerAlgorithm() {
        return contents.metadata().get(META_OPTIMIZER);
    }

    /** The file it was read from, or null for a snapshot in memory. */
    public Path source() {
        return source;
    }

    /** The raw contents (tensors and metadata). */
    public TensorFile contents() {
        return contents;
    }

    /** Names of the parameter tensors, in file order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (String name : contents.tensors().keySet()) {
            if (!name.startsWith(OPTIM_PREFIX) && !name.startsWith(RNG_PREFIX)) {
                names.add(name);
            }
        }
        return names;
    }

    private Path sourceForMessages() {
        return source != null ? source : Path.of("(checkpoint in memory)");
    }

    // ------------------------------------------------------------------------------------ restoring

    /**
     * Copies the stored values into the model's parameters, after checking that the file holds
     * exactly these parameters (same names, F64, same shapes).
     *
     * @throws DataFormatException listing every mismatch; no parameter is changed then
     */
    public void restoreParameters(List<Tensor> parameters) throws DataFormatException {
        List<String> problems = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (Tensor p : parameters) {
            expected.add(p.name());
            checkF64(p.name(), p, "the model's", problems);
        }
        for (String name : parameterNames()) {
            if (!expected.contains(name)) {
                problems.add("tensor '" + name + "' " + Arrays.toString(contents.tensors().get(name).shape())
                        + " is not a parameter of the model");
            }
        }
        failIfAny(problems, "does not fit the model");
        for (Tensor p : parameters) {
            double[] stored = ((TensorFile.F64) contents.tensors().get(p.name())).data();
            System.arraycopy(stored, 0, p.value(), 0, p.size());
        }
    }

    /**
     * Restores the optimizer's buffers and step count, after checking the algorithm, the slots
     * and every buffer's shape against the optimizer's parameters.
     *
     * @throws DataFormatException listing every mismatch; the optimizer is unchanged then
     */
    public void restoreOptimizer(Optimizer optimizer) throws DataFormatException {
        String stored = optimizerAlgorithm();
        if (stored == null) {
            throw new DataFormatException(sourceForMessages(), "metadata 'optimizer'", "missing: the checkpoint holds "
                    + "no optimizer state");
        }
        if (!stored.equals(optimizer.algorithm())) {
            throw new DataFormatException(sourceForMessages(), "metadata 'optimizer'", "'" + stored
                    + "', but this run uses '" + optimizer.algorithm() + "'");
        }
        List<String> problems = new ArrayList<>();
        List<Tensor> params = optimizer.parameters();
        Set<String> expected = new HashSet<>();
        for (String slot : optimizer.slotNames()) {
            for (Tensor p : params) {
                String name = OPTIM_PREFIX + p.name() + "." + slot;
                expected.add(name);
                checkF64(name, p, "its parameter's", problems);
            }
        }
        for (String name : contents.tensors().keySet()) {
            if (name.startsWith(OPTIM_PREFIX) && !name.equals(OPTIM_STEP) && !expected.contains(name)) {
                problems.add("tensor '" + name + "' is not a buffer of this optimizer (slots " + optimizer.slotNames()
                        + ")");
            }
        }
        TensorFile.Tensor stepTensor = contents.tensors().get(OPTIM_STEP);
        if (!(stepTensor instanceof TensorFile.I64 s && s.shape().length == 0 && s.data()[0] >= 0)) {
            problems.add("tensor '" + OPTIM_STEP + "' " + (stepTensor == null ? "is missing"
                    : "is " + stepTensor + ", expected a non-negative I64 scalar"));
        }
        failIfAny(problems, "does not fit the optimizer");

        Map<String, List<double[]>> slots = new LinkedHashMap<>();
        for (String slot : optimizer.slotNames()) {
            List<double[]> buffers = new ArrayList<>();
            for (Tensor p : params) {
                buffers.add(((TensorFile.F64) contents.tensors().get(OPTIM_PREFIX + p.name() + "." + slot)).data());
            }
            slots.put(slot, buffers);
        }
        long steps = ((TensorFile.I64) stepTensor).data()[0];
        optimizer.restore(new OptimizerState(stored, steps, slots));
    }

    /** Sets {@code rng} to the state stored as {@code rng.<stream>}. */
    public void restoreRng(String stream, Rng rng) throws DataFormatException {
        TensorFile.Tensor t = contents.tensors().get(RNG_PREFIX + stream);
        String where = "tensor '" + RNG_PREFIX + stream + "'";
        if (!(t instanceof TensorFile.I64 state) || !Arrays.equals(state.shape(), new int[] {Rng.STATE_LENGTH})) {
            throw new DataFormatException(sourceForMessages(), where, t == null ? "missing"
                    : "is " + t + ", expected I64[" + Rng.STATE_LENGTH + "]");
        }
        try {
            rng.restore(state.data());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(sourceForMessages(), where, "not a generator state: " + e.getMessage());
        }
    }

    private void checkF64(String name, Tensor like, String whose, List<String> problems) {
        TensorFile.Tensor t = contents.tensors().get(name);
        int[] shape = {like.rows(), like.cols()};
        if (t == null) {
            problems.add("tensor '" + name + "' is missing (expected F64 " + Arrays.toString(shape) + ")");
        } else if (t.dtype() != TensorFile.DType.F64) {
            problems.add("tensor '" + name + "' is " + t.dtype() + ", expected F64");
        } else if (!Arrays.equals(t.shape(), shape)) {
            problems.add("tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", " + whose + " is "
                    + Arrays.toString(shape));
        }
    }

    private void failIfAny(List<String> problems, String what) throws DataFormatException {
        if (problems.isEmpty()) {
            return;
        }
        int shown = Math.min(problems.size(), 6);
        String list = String.join("; ", problems.subList(0, shown))
                + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "");
        throw DataFormatException.of(sourceForMessages(), what + ": " + list);
    }

    // ------------------------------------------------------------------------------------ hashing

    /**
     * SHA-256 of the tensors' bytes in header order, little-endian: for the files this class
     * writes, header order is file order, so this is the hash of the data region (computed from
     * the values already loaded, so the file is read once).
     */
    private static String sha256(Iterable<TensorFile.Tensor> tensors) {
        MessageDigest digest = sha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorFile.Tensor t : tensors) {
            if (t instanceof TensorFile.F64 f) {
                for (double v : f.data()) {
                    if (!buf.hasRemaining()) {
                        digest.update(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putDouble(v);
                }
            } else {
                for (long v : ((TensorFile.I64) t).data()) {
                    if (!buf.hasRemaining()) {
                        digest.update(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putLong(v);
                }
            }
        }
        digest.update(buf.array(), 0, buf.position());
        return hex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
