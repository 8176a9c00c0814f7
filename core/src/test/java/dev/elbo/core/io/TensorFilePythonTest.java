package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that files written here read in numpy with the snippet documented in {@link TensorFile}
 * (taken from its Javadoc, so the documentation is what is tested), and that a file written by
 * Python the safetensors way reads here. Skipped where {@code /usr/bin/python3} has no numpy.
 */
class TensorFilePythonTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SOURCE = Path.of("src/main/java/dev/elbo/core/io/TensorFile.java");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        Result r = run(List.of(PYTHON.toString(), "-c", "import numpy"), null);
        Assumptions.assumeTrue(r.exitCode == 0, "no numpy for /usr/bin/python3");
    }

    private record Result(int exitCode, String out) {}

    private static Result run(List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("python did not finish: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The Python code between the markers of TensorFile's Javadoc, without the " * " margin. */
    static String documentedSnippet() throws IOException {
        String source = Files.readString(SOURCE);
        int start = source.indexOf("<pre>{@code", source.indexOf("numpy-reader-start"));
        int end = source.indexOf("}</pre>", start);
        assertTrue(start > 0 && end > start, "numpy snippet markers not found in " + SOURCE);
        StringBuilder code = new StringBuilder();
        for (String line : source.substring(start + "<pre>{@code".length(), end).split("\n")) {
            String stripped = line.replaceFirst("^\\s*\\* ?", "");
            code.append(stripped).append('\n');
        }
        return code.toString();
    }

    @Test
    void documentedNumpyReaderReadsOurFiles() throws Exception {
        TensorFile original = TensorFile.builder()
                .put("enc.w0", new int[] {2, 3}, new double[] {1.5, -2, 0.1, Double.MIN_VALUE, -0.0, Double.NaN})
                .put("rng.state", new int[] {2, 2}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE})
                .put("scalar", new int[] {}, new double[] {Math.E})
                .put("empty", new int[] {0, 3}, new double[0])
                .meta("epoch", "7")
                .meta("note", "σ² \"quoted\"\n\uD83D\uDE00")
                .build();
        Path file = dir.resolve("model.safetensors");
        original.write(file);
        Path script = dir.resolve("read.py");
        Files.writeString(script, documentedSnippet() + String.join("\n",
                "import sys",
                "arrays, metadata = read_safetensors(sys.argv[1])",
                "out = {'metadata': metadata, 'tensors': {}}",
                "for name, a in arrays.items():",
                "    bits = a.view(np.int64) if a.dtype == np.float64 else a",
                "    out['tensors'][name] = {'dtype': str(a.dtype), 'shape': list(a.shape),",
                "                            'values': [int(v) for v in bits.ravel()]}",
                "print(json.dumps(out))", ""));
        Result r = run(List.of(PYTHON.toString(), script.toString(), file.toString()), null);
        assertEquals(0, r.exitCode, r.out);

        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) Json.parse(r.out.strip());
        assertEquals(original.metadata(), parsed.get("metadata"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> tensors = (Map<String, Map<String, Object>>) parsed.get("tensors");
        assertEquals(List.copyOf(original.tensors().keySet()), List.copyOf(tensors.keySet()));
        for (Map.Entry<String, TensorFile.Tensor> e : original.tensors().entrySet()) {
            Map<String, Object> seen = tensors.get(e.getKey());
            TensorFile.Tensor t = e.getValue();
            assertEquals(t.dtype() == TensorFile.DType.F64 ? "float64" : "int64", seen.get("dtype"), e.getKey());
            assertArrayEquals(t.shape(), longs(seen.get("shape")).stream().mapToInt(Long::intValue).toArray(),
                    e.getKey());
            long[] expected = t instanceof TensorFile.F64 f
                    ? java.util.Arrays.stream(f.data()).mapToLong(Double::doubleToRawLongBits).toArray()
                    : ((TensorFile.I64) t).data();
            assertArrayEquals(expected, longs(seen.get("values")).stream().mapToLong(Long::longValue).toArray(),
                    e.getKey());
        }
    }

    private static List<Long> longs(Object jsonArray) {
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) jsonArray) {
            out.add(Long.parseLong(((Json.Num) o).text()));
        }
        return out;
    }

    @Test
    void filesWrittenByPythonReadHere() throws Exception {
        Path file = dir.resolve("from-python.safetensors");
        Path script = dir.resolve("write.py");
        // written the way the safetensors package lays files out (json.dumps spacing, 8-byte padding),
        // with the tensors listed out of offset order
        Files.writeString(script, String.join("\n",
                "import json, struct, sys, numpy as np",
                "w = np.arange(6, dtype='<f8').reshape(2, 3) / 7",
                "n = np.array([3, -4], dtype='<i8')",
                "header = {'n': {'dtype': 'I64', 'shape': [2], 'data_offsets': [48, 64]},",
                "          '__metadata__': {'format': 'pt', 'epoch': '2'},",
                "          'w': {'dtype': 'F64', 'shape': [2, 3], 'data_offsets': [0, 48]}}",
                "h = json.dumps(header).encode('utf-8')",
                "h += b' ' * (-len(h) % 8)",
                "with open(sys.argv[1], 'wb') as f:",
                "    f.write(struct.pack('<Q', len(h)) + h + w.tobytes() + n.tobytes())",
                ""));
        Result r = run(List.of(PYTHON.toString(), script.toString(), file.toString()), null);
        assertEquals(0, r.exitCode, r.out);
        TensorFile f = TensorFile.read(file);
        double[] w = f.f64("w", 2, 3);
        for (int i = 0; i < 6; i++) {
            assertEquals(i / 7.0, w[i], "w[" + i + "]");
        }
        assertArrayEquals(new long[] {3, -4}, f.i64("n", 2));
        assertEquals(Map.of("format", "pt", "epoch", "2"), f.metadata());
    }
}
