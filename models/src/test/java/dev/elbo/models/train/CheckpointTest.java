package dev.elbo.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.core.io.TensorFile;
import dev.elbo.models.optim.Adam;
import dev.elbo.models.optim.Optimizer;
import dev.elbo.models.optim.OptimizerState;
import dev.elbo.models.optim.Sgd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {

    @TempDir
    Path dir;

    private static final TrainingConfig CONFIG = TrainingConfig.defaults().toBuilder().epochs(7).batchSize(32).build();
    private static final String METRICS = new MetricsLog().toCsv();

    /** A model with Adam after a few steps of made-up gradients, so every buffer holds something. */
    private static Optimizer trainedAdam(TinyVae model, long seed) {
        Adam adam = new Adam(model.parameters(), new Adam.Settings(0.8, 0.9, 1e-6, 0.01));
        Rng r = new Rng(seed);
        for (int s = 0; s < 3; s++) {
            for (Tensor p : model.parameters()) r.fillNormal(p.grad(), 0, p.size());
            adam.step(0.01);
        }
        return adam;
    }

    private static Map<String, Rng> rngs(long seed) {
        Map<String, Rng> m = new LinkedHashMap<>();
        Rng a = new Rng(seed);
        a.nextNormal(); // leaves a spare normal in the state
        m.put("noise", a);
        m.put("binarization", new Rng(seed + 1));
        return m;
    }

    private Path saved(TinyVae model, Optimizer optimizer) throws Exception {
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        Checkpoint.capture(model.parameters(), optimizer, rngs(5), 3, 120, model.architecture(), CONFIG, METRICS)
                .write(file);
        return file;
    }

    @Test
    void everythingSavedIsRestored() throws Exception {
        TinyVae model = new TinyVae(6, 4, 2, new Rng(1));
        Optimizer adam = trainedAdam(model, 2);
        Path file = saved(model, adam);

        Checkpoint c = Checkpoint.read(file);
        assertEquals(3, c.epoch());
        assertEquals(120, c.step());
        assertEquals(model.architecture(), c.architecture());
        assertEquals(CONFIG, c.trainingConfig());
        assertEquals(METRICS, c.metricsCsv());
        assertEquals("adam", c.optimizerAlgorithm());
        assertEquals(file, c.source());
        assertEquals(List.of("encoder.dense0.w", "encoder.dense0.b", "encoder.mu.w", "encoder.mu.b",
                "encoder.logVar.w", "encoder.logVar.b", "decoder.dense0.w", "decoder.dense0.b"), c.parameterNames());

        TinyVae other = new TinyVae(6, 4, 2, new Rng(99));
        c.restoreParameters(other.parameters());
        assertArrayEquals(model.flatParameters(), other.flatParameters());

        Adam fresh = new Adam(other.parameters(), new Adam.Settings(0.8, 0.9, 1e-6, 0.01));
        c.restoreOptimizer(fresh);
        OptimizerState expected = adam.state();
        OptimizerState actual = fresh.state();
        assertEquals(expected.step(), actual.step());
        for (String slot : List.of("m", "v")) {
            for (int p = 0; p < model.parameters().size(); p++) {
                assertArrayEquals(expected.buffer(slot, p), actual.buffer(slot, p), slot + " " + p);
            }
        }
        for (Map.Entry<String, Rng> e : rngs(5).entrySet()) {
            Rng restored = new Rng(0);
            c.restoreRng(e.getKey(), restored);
            assertArrayEquals(e.getValue().state(), restored.state(), e.getKey());
            assertEquals(e.getValue().nextNormal(), restored.nextNormal(), e.getKey());
        }
    }

    @Test
    void theFileHasTheDocumentedLayout() throws Exception {
        TinyVae model = new TinyVae(3, 2, 1, new Rng(1));
        Path file = saved(model, trainedAdam(model, 3));
        TensorFile raw = TensorFile.read(file);
        List<String> names = List.copyOf(raw.tensors().keySet());
        assertEquals("encoder.dense0.w", names.get(0));
        assertEquals("optim.encoder.dense0.w.m", names.get(8));
        assertEquals("optim.decoder.dense0.b.v", names.get(23));
        assertEquals(List.of("optim.step", "rng.noise", "rng.binarization"), names.subList(24, 27));
        assertArrayEquals(new int[0], raw.tensors().get("optim.step").shape());
        assertArrayEquals(new long[] {3}, raw.i64("optim.step"));
        assertArrayEquals(new int[] {Rng.STATE_LENGTH}, raw.tensors().get("rng.noise").shape());
        assertEquals(List.of("format", "format_version", "epoch", "step", "optimizer", "architecture",
                "training_config", "metrics_csv", "data_sha256"), List.copyOf(raw.metadata().keySet()));
        assertEquals("elbo-checkpoint", raw.metadata().get("format"));
        assertEquals("1", raw.metadata().get("format_version"));
        // data_sha256 is the SHA-256 of every byte after the header, as the Python recipe checks
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] data = Arrays.copyOfRange(bytes, (int) (8 + n), bytes.length);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)),
                raw.metadata().get("data_sha256"));
    }

    static IntStream cuts() {
        return IntStream.of(0, 1, 7, 8, 9, 100, -200, -9, -8, -1);
    }

    @ParameterizedTest(name = "cut at {0}")
    @MethodSource("cuts")
    void aTruncatedFileIsRefused(int cut) throws Exception {
        TinyVae model = new TinyVae(6, 4, 2, new Rng(1));
        Path file = saved(model, trainedAdam(model, 2));
        byte[] bytes = Files.readAllBytes(file);
        int length = cut >= 0 ? cut : bytes.length + cut;
        Files.write(file, Arrays.copyOf(bytes, length));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Checkpoint.read(file),
                "truncated to " + length + " of " + bytes.length + " bytes");
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("too short")
                || e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void aChangedByteInTheDataIsRefused() throws Exception {
        TinyVae model = new TinyVae(6, 4, 2, new Rng(1));
        Path file = saved(model, trainedAdam(model, 2));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 100] ^= 0x10;
        Files.write(file, bytes);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + ": data region: SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(the file is corrupt)"), e.getMessage());
    }

    private static void replaceInHeader(Path file, String from, String to) throws Exception {
        assertEquals(from.length(), to.length());
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertTrue(at > 0, from);
        byte[] replacement = to.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(replacement, 0, bytes, at, replacement.length);
        Files.write(file, bytes);
    }

    @Test
    void otherFormatsAndVersionsAreRefused() throws Exception {
        TinyVae model = new TinyVae(6, 4, 2, new Rng(1));
        Path file = saved(model, trainedAdam(model, 2));
        replaceInHeader(file, "\"format_version\":\"1\"", "\"format_version\":\"2\"");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Checkpoint.read(file));
        assertEquals(file + ": metadata 'format_version': version 2, this program reads version 1", e.getMessage());

        replaceInHeader(file, "\"elbo-checkpoint\"", "\"elbo-checkpoinX\"");
        e = assertThrows(DataFormatException.class, () -> Checkpoint.read(file));
        assertEquals(file + ": not an elbo checkpoint (metadata 'format' is 'elbo-checkpoinX', expected "
                + "'elbo-checkpoint')", e.getMessage());

        Path plain = dir.resolve("plain.safetensors");
        TensorFile.builder().put("w", new int[] {1}, new double[] {1}).build().write(plain);
        e = assertThrows(DataFormatException.class, () -> Checkpoint.read(plain));
        assertTrue(e.getMessage().contains("metadata 'format' is missing"), e.getMessage());
    }

    @Test
    void anotherOptimizerIsRefusedWithoutChangingIt() throws Exception {
        TinyVae model = new TinyVae(6, 4, 2, new Rng(1));
        Checkpoint c = Checkpoint.read(saved(model, trainedAdam(model, 2)));
        Sgd sgd = new Sgd(model.parameters(), new Sgd.Settings(0.9, false, 0));
        DataFormatException e = assertThrows(DataFormatException.class, () -> c.restoreOptimizer(sgd));
        assertTrue(e.getMessage().endsWith("metadata 'optimizer': 'adam', but this run uses 'sgd'"), e.getMessage());
        assertEquals(0, sgd.stepCount());

        TinyVae smaller = new TinyVae(6, 3, 2, new Rng(1));
        Adam adam = new Adam(smaller.parameters());
        e = assertThrows(DataFormatException.class, () -> c.restoreOptimizer(adam));
        assertTrue(e.getMessage().contains("does not fit the optimizer: tensor 'optim.encoder.dense0.w.m' has shape "
                + "[6, 4], its parameter's is [6, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("more"), e.getMessage());
        assertEquals(0, adam.stepCount());

        DataFormatException missing = assertThrows(DataFormatException.class, () -> c.restoreRng("shuffle", new Rng(1)));
        assertTrue(missing.getMessage().endsWith("tensor 'rng.shuffle': missing"), missing.getMessage());
    }

    @Test
    void aModelWithOtherParametersIsRefusedWithEveryMismatchListed() throws Exception {
        TinyVae model = new TinyVae(6, 4, 2, new Rng(1));
        Path file = dir.resolve("c.safetensors");
        List<Tensor> params = List.of(model.w0, model.b0);
        Checkpoint.capture(params, null, Map.of(), 0, 0, null, CONFIG, METRICS).write(file);
        Checkpoint c = Checkpoint.read(file);
        assertNull(c.architecture());
        assertNull(c.optimizerAlgorithm());
        Tensor w = Tensor.parameter("encoder.dense0.w", 6, 4);
        Tensor extra = Tensor.parameter("decoder.dense0.b", 1, 6);
        DataFormatException e = assertThrows(DataFormatException.class, () -> c.restoreParameters(List.of(w, extra)));
        assertEquals(file + ": does not fit the model: tensor 'decoder.dense0.b' is missing (expected F64 [1, 6]); "
                + "tensor 'encoder.dense0.b' [1, 4] is not a parameter of the model", e.getMessage());
        assertArrayEquals(new double[24], w.value(), "nothing copied");
        e = assertThrows(DataFormatException.class, () -> c.restoreOptimizer(new Adam(List.of(w))));
        assertTrue(e.getMessage().contains("holds no optimizer state"), e.getMessage());
    }

    @Test
    void reservedOrRepeatedNamesCannotBeSaved() {
        Tensor a = Tensor.parameter("optim.x", 1, 1);
        Tensor b = Tensor.parameter("w", 1, 1);
        Tensor c = Tensor.parameter("w", 1, 2);
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.capture(List.of(a), null, Map.of(), 0, 0, null, CONFIG, METRICS));
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.capture(List.of(b, c), null, Map.of(), 0, 0, null, CONFIG, METRICS));
    }
}
