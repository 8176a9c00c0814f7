package dev.elbo.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named arrays and string metadata in one file, in the safetensors layout: the checkpoint format.
 *
 * <h2>Layout</h2>
 * <pre>
 * bytes [0, 8)        N, the header length: unsigned 64-bit little-endian
 * bytes [8, 8+N)      the header: UTF-8 JSON, padded with spaces so that 8+N is a multiple of 8
 *                     {"__metadata__": {"key": "value", ...},
 *                      "name": {"dtype": "F64", "shape": [r, c], "data_offsets": [begin, end]}, ...}
 * bytes [8+N, end)    the data region: each tensor's values, row-major, little-endian,
 *                     at [8+N+begin, 8+N+end)
 * </pre>
 * Supported dtypes: {@code F64} (IEEE double) and {@code I64} (signed 64-bit integer), 8 bytes
 * each. {@code __metadata__} maps strings to strings (a model stores its architecture, optimizer
 * settings, epoch, RNG state there, e.g. as JSON text). This writer lays the tensors out in the
 * order given, back to back from offset 0.
 *
 * <h2>Validation on reading</h2>
 * Everything is checked before any tensor is loaded, with the rules of the reference
 * implementation: the header length must fit in the file (and below 100 MB); the header must be
 * UTF-8 JSON starting with <code>{</code>; each tensor needs exactly {@code dtype},
 * {@code shape} and {@code data_offsets}, a supported dtype, and {@code end − begin} equal to
 * the number of elements times 8; sorted by offset, the tensors must cover the data region
 * exactly, without gap or overlap, up to the end of the file. So a truncated file is always
 * refused, never partly loaded; each error is a {@link DataFormatException} naming the file and
 * the byte offset or tensor at fault.
 *
 * <h2>Reading it elsewhere</h2>
 * The Python {@code safetensors} package reads these files ({@code safetensors.numpy.load_file},
 * {@code safe_open(...).metadata()}). Without it, numpy alone:
 * <!-- numpy-reader-start -->
 * <pre>{@code
 * import json, struct, numpy as np
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
 *     return arrays, metadata
 * }</pre>
 * <!-- numpy-reader-end -->
 */
public final class TensorFile {

    /** Element types this class reads and writes; both are 8 bytes. */
    public enum DType {
        /** IEEE 754 double. */
        F64,
        /** Signed 64-bit integer. */
        I64
    }

    /** Largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    private static final String METADATA_KEY = "__metadata__";
    private static final int ELEMENT_BYTES = 8;
    private static final int IO_CHUNK = 1 << 20;

    /** One stored array: its shape (row-major, any rank, {@code []} for a scalar) and values. */
    public sealed interface Tensor permits F64, I64 {
        DType dtype();

        int[] shape();

        /** Number of elements: the product of the shape. */
        default long elementCount() {
            return elementCount(shape());
        }

        private static long elementCount(int[] shape) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        private static void check(String kind, int[] shape, int length) {
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException(kind + ": negative size in shape " + Arrays.toString(shape));
                }
            }
            long n = elementCount(shape);
            if (n != length) {
                throw new IllegalArgumentException(kind + ": shape " + Arrays.toString(shape) + " has " + n
                        + " elements, data has " + length);
            }
        }
    }

    /** A tensor of doubles. */
    public record F64(int[] shape, double[] data) implements Tensor {
        /** Checks the shape matches the data length. */
        public F64 {
            shape = shape.clone();
            Tensor.check("TensorFile.F64", shape, data.length);
        }

        @Override
        public DType dtype() {
            return DType.F64;
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof F64 t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "F64" + Arrays.toString(shape);
        }
    }

    /** A tensor of 64-bit integers. */
    public record I64(int[] shape, long[] data) implements Tensor {
        /** Checks the shape matches the data length. */
        public I64 {
            shape = shape.clone();
            Tensor.check("TensorFile.I64", shape, data.length);
        }

        @Override
        public DType dtype() {
            return DType.I64;
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof I64 t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "I64" + Arrays.toString(shape);
        }
    }

    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;
    private final Path source; // the file it was read from, for messages; null if built in memory

    private TensorFile(Map<String, Tensor> tensors, Map<String, String> metadata, Path source) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
        this.source = source;
    }

    /**
     * Tensors and metadata to write, in iteration order. Names are any non-empty strings except
     * {@code __metadata__}.
     */
    public static TensorFile of(Map<String, ? extends Tensor> tensors, Map<String, String> metadata) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            checkText("tensor name", name);
            if (name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("TensorFile: tensor name '" + name + "' is reserved or empty");
            }
            t.put(name, java.util.Objects.requireNonNull(tensor, name));
        });
        Map<String, String> m = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            checkText("metadata key", key);
            checkText("metadata value of '" + key + "'", java.util.Objects.requireNonNull(value, key));
            m.put(key, value);
        });
        return new TensorFile(t, m, null);
    }

    /** A builder that keeps insertion order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects tensors and metadata for {@link #of}. */
    public static final class Builder {
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {}

        /** Adds a tensor of doubles. */
        public Builder put(String name, int[] shape, double[] data) {
            return put(name, new F64(shape, data));
        }

        /** Adds a tensor of 64-bit integers. */
        public Builder put(String name, int[] shape, long[] data) {
            return put(name, new I64(shape, data));
        }

        /** Adds a tensor; a name may be used once. */
        public Builder put(String name, Tensor tensor) {
            if (tensors.putIfAbsent(name, tensor) != null) {
                throw new IllegalArgumentException("TensorFile.Builder: tensor '" + name + "' added twice");
            }
            return this;
        }

        /** Adds (or replaces) a metadata entry. */
        public Builder meta(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        public TensorFile build() {
            return of(tensors, metadata);
        }
    }

    /** The tensors, in file order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The doubles of tensor {@code name}, which must exist, be F64 and have exactly
     * {@code expectedShape}: the call a checkpoint loader makes, so a mismatched checkpoint gives
     * a clear error rather than a silently wrong model.
     */
    public double[] f64(String name, int... expectedShape) throws DataFormatException {
        return ((F64) require(name, DType.F64, expectedShape)).data();
    }

    /** The integers of tensor {@code name}, checked as {@link #f64} does. */
    public long[] i64(String name, int... expectedShape) throws DataFormatException {
        return ((I64) require(name, DType.I64, expectedShape)).data();
    }

    /** The metadata value for {@code key}, which must be present. */
    public String requireMetadata(String key) throws DataFormatException {
        String value = metadata.get(key);
        if (value == null) {
            throw new DataFormatException(sourceForMessages(), "metadata " + DataFormatException.quote(key),
                    "missing (present: " + metadata.keySet() + ")");
        }
        return value;
    }

    private Tensor require(String name, DType dtype, int[] expectedShape) throws DataFormatException {
        Tensor t = tensors.get(name);
        String where = "tensor " + DataFormatException.quote(name);
        if (t == null) {
            throw new DataFormatException(sourceForMessages(), where, "missing (the file has "
                    + tensors.size() + " tensors: " + abbreviate(tensors.keySet()) + ")");
        }
        if (t.dtype() != dtype) {
            throw new DataFormatException(sourceForMessages(), where, "dtype " + t.dtype() + ", expected "
                    + dtype);
        }
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new DataFormatException(sourceForMessages(), where, "shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(expectedShape));
        }
        return t;
    }

    private Path sourceForMessages() {
        return source != null ? source : Path.of("(in memory)");
    }

    private static String abbreviate(java.util.Collection<String> names) {
        List<String> list = new ArrayList<>(names);
        return list.size() <= 8 ? list.toString()
                : list.subList(0, 8).toString().replace("]", ", ...]");
    }

    private static void checkText(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("TensorFile: " + what + " holds a lone surrogate at " + i
                        + " (not encodable as UTF-8)");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // writing

    /** Writes the file atomically (see the class comment for the layout). */
    public void write(Path file) throws IOException {
        byte[] header = headerBytes();
        AtomicFiles.write(file, out -> {
            ByteBuffer buf = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length);
            flush(buf, out);
            out.write(header);
            for (Tensor t : tensors.values()) {
                if (t instanceof F64 f) {
                    for (int i = 0; i < f.data().length; ) {
                        int n = Math.min(f.data().length - i, IO_CHUNK / ELEMENT_BYTES);
                        buf.asDoubleBuffer().put(f.data(), i, n);
                        buf.position(n * ELEMENT_BYTES);
                        flush(buf, out);
                        i += n;
                    }
                } else if (t instanceof I64 l) {
                    for (int i = 0; i < l.data().length; ) {
                        int n = Math.min(l.data().length - i, IO_CHUNK / ELEMENT_BYTES);
                        buf.asLongBuffer().put(l.data(), i, n);
                        buf.position(n * ELEMENT_BYTES);
                        flush(buf, out);
                        i += n;
                    }
                }
            }
        });
    }

    private static void flush(ByteBuffer buf, OutputStream out) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes. */
    private byte[] headerBytes() {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.appendString(sb, METADATA_KEY);
            sb.append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Json.appendString(sb, e.getKey());
                sb.append(':');
                Json.appendString(sb, e.getValue());
            }
            sb.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            Tensor t = e.getValue();
            long end = offset + t.elementCount() * ELEMENT_BYTES;
            Json.appendString(sb, e.getKey());
            sb.append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                sb.append(i > 0 ? "," : "").append(shape[i]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    // ---------------------------------------------------------------------------------------------
    // reading

    /** Reads and fully validates a file (see the class comment). */
    public static TensorFile read(Path file) throws IOException, DataFormatException {
        Readers.open(file).close(); // same one-line errors as the other readers for a missing file
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw DataFormatException.atByte(file, 0, "file is " + size + " bytes, too short for the "
                        + "8-byte header length (truncated?)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long n = lengthBytes.flip().getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw DataFormatException.atByte(file, 0, "header length " + Long.toUnsignedString(n)
                        + " is over the " + MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
            }
            if (8 + n > size) {
                throw DataFormatException.atByte(file, 0, "header length " + n + " goes past the end of the "
                        + "file (" + size + " bytes; truncated?)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(channel, headerBytes, 8);
            String header = decodeUtf8(file, headerBytes.flip());
            long dataStart = 8 + n;
            List<Entry> entries = new ArrayList<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            parseHeader(file, header, entries, metadata);
            validateLayout(file, entries, dataStart, size - dataStart);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries) {
                tensors.put(e.name, readTensor(channel, buf, dataStart, e));
            }
            return new TensorFile(tensors, metadata, file);
        }
    }

    /** One header entry, validated field by field. */
    private static final class Entry {
        final String name;
        final DType dtype;
        final int[] shape;
        final long begin;
        final long end;

        Entry(String name, DType dtype, int[] shape, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }

        String describe() {
            return "tensor " + DataFormatException.quote(name);
        }
    }

    private static String decodeUtf8(Path file, ByteBuffer bytes) throws DataFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError()) {
            throw DataFormatException.atByte(file, 8 + bytes.position(), "header is not UTF-8 text "
                    + "(not a safetensors file?)");
        }
        decoder.flush(chars);
        return chars.flip().toString();
    }

    private static void parseHeader(Path file, String header, List<Entry> entries, Map<String, String> metadata)
            throws DataFormatException {
        if (header.isEmpty() || header.charAt(0) != '{') {
            throw DataFormatException.atByte(file, 8, "header does not start with '{' (found "
                    + (header.isEmpty() ? "an empty header" : DataFormatException.quote(header)) + ")");
        }
        Object root;
        try {
            root = Json.parse(header);
        } catch (Json.ParseError e) {
            long at = 8 + header.substring(0, e.position).getBytes(StandardCharsets.UTF_8).length;
            throw DataFormatException.atByte(file, at, "malformed header JSON: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) root; // starts with '{', so an object
        for (Map.Entry<String, Object> m : members.entrySet()) {
            String name = m.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(file, m.getValue(), metadata);
            } else {
                entries.add(readEntry(file, name, m.getValue()));
            }
        }
    }

    private static void readMetadata(Path file, Object value, Map<String, String> metadata)
            throws DataFormatException {
        if (!(value instanceof Map)) {
            throw new DataFormatException(file, "header field " + METADATA_KEY, "expected an object of "
                    + "strings, found " + Json.typeOf(value));
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new DataFormatException(file, "header field " + METADATA_KEY + "."
                        + e.getKey(), "expected a string, found " + Json.typeOf(e.getValue()));
            }
            metadata.put((String) e.getKey(), (String) e.getValue());
        }
    }

    private static Entry readEntry(Path file, String name, Object value) throws DataFormatException {
        String where = "tensor " + DataFormatException.quote(name);
        if (!(value instanceof Map)) {
            throw new DataFormatException(file, where, "expected an object with dtype, shape and "
                    + "data_offsets, found " + Json.typeOf(value));
        }
        Map<?, ?> fields = (Map<?, ?>) value;
        for (Object key : fields.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new DataFormatException(file, where, "unexpected field " + DataFormatException.quote(
                        key.toString()) + " (expected dtype, shape, data_offsets)");
            }
        }
        Object dtypeValue = fields.get("dtype");
        if (!(dtypeValue instanceof String)) {
            throw new DataFormatException(file, where, dtypeValue == null ? "no dtype"
                    : "dtype must be a string, found " + Json.typeOf(dtypeValue));
        }
        DType dtype;
        switch ((String) dtypeValue) {
            case "F64": dtype = DType.F64; break;
            case "I64": dtype = DType.I64; break;
            default:
                throw new DataFormatException(file, where, "dtype " + DataFormatException.quote(
                        (String) dtypeValue) + " is not supported (this reader handles F64 and I64)");
        }
        long[] shapeValues = nonNegativeIntegers(file, where, "shape", fields.get("shape"), -1);
        int[] shape = new int[shapeValues.length];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shapeValues[i] > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file, where, "shape " + Arrays.toString(shapeValues)
                        + " is too large for a Java array");
            }
            shape[i] = (int) shapeValues[i];
            elements *= shape[i];
            if (elements > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file, where, "shape " + Arrays.toString(shapeValues)
                        + " has more elements than a Java array can hold");
            }
        }
        long[] offsets = nonNegativeIntegers(file, where, "data_offsets", fields.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new DataFormatException(file, where, "data_offsets [" + begin + ", " + end
                    + "] end before they begin");
        }
        if (end - begin != elements * ELEMENT_BYTES) {
            throw new DataFormatException(file, where, "data_offsets [" + begin + ", " + end + "] cover "
                    + (end - begin) + " bytes, but " + dtype + " " + Arrays.toString(shape) + " needs "
                    + elements * ELEMENT_BYTES);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A JSON array of non-negative integers; {@code length} −1 means any length. */
    private static long[] nonNegativeIntegers(Path file, String where, String field, Object value, int length)
            throws DataFormatException {
        String expected = length < 0 ? "an array of non-negative integers"
                : "an array of " + length + " non-negative integers";
        if (value == null) {
            throw new DataFormatException(file, where, "no " + field);
        }
        if (!(value instanceof List) || (length >= 0 && ((List<?>) value).size() != length)) {
            throw new DataFormatException(file, where, field + " must be " + expected + ", found "
                    + (value instanceof List ? "an array of " + ((List<?>) value).size() : Json.typeOf(value)));
        }
        List<?> items = (List<?>) value;
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            Object item = items.get(i);
            out[i] = item instanceof Json.Num ? ((Json.Num) item).asNonNegativeLong() : -1;
            if (out[i] < 0) {
                throw new DataFormatException(file, where, field + " must be " + expected + ", found "
                        + Json.typeOf(item) + " at index " + i);
            }
        }
        return out;
    }

    /**
     * Sorted by offset, the tensors must tile {@code [0, dataSize)} exactly: what makes a
     * truncated or padded file detectable before anything is loaded.
     */
    private static void validateLayout(Path file, List<Entry> entries, long dataStart, long dataSize)
            throws DataFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.end > dataSize) {
                throw new DataFormatException(file, e.describe(), "data_offsets [" + e.begin + ", " + e.end
                        + "] go past the end of the data region (" + dataSize + " bytes; truncated?)");
            }
            if (e.begin != expected) {
                String reason = e.begin < expected
                        ? "data_offsets [" + e.begin + ", " + e.end + "] overlap " + previous.describe()
                                + " [" + previous.begin + ", " + previous.end + "]"
                        : "data_offsets [" + e.begin + ", " + e.end + "] leave bytes [" + expected + ", "
                                + e.begin + ") of the data region unused";
                throw new DataFormatException(file, e.describe(), reason);
            }
            expected = e.end;
            previous = e;
        }
        if (expected != dataSize) {
            throw DataFormatException.atByte(file, dataStart + expected, (dataSize - expected) + " bytes "
                    + "after the end of the last tensor's data (the header accounts for " + expected + " of the "
                    + dataSize + " data bytes)");
        }
    }

    private static Tensor readTensor(FileChannel channel, ByteBuffer buf, long dataStart, Entry e)
            throws IOException {
        int count = (int) ((e.end - e.begin) / ELEMENT_BYTES);
        double[] doubles = e.dtype == DType.F64 ? new double[count] : null;
        long[] longs = e.dtype == DType.I64 ? new long[count] : null;
        long position = dataStart + e.begin;
        for (int i = 0; i < count; ) {
            int n = Math.min(count - i, IO_CHUNK / ELEMENT_BYTES);
            buf.clear().limit(n * ELEMENT_BYTES);
            readFully(channel, buf, position);
            buf.flip();
            if (doubles != null) {
                buf.asDoubleBuffer().get(doubles, i, n);
            } else {
                buf.asLongBuffer().get(longs, i, n);
            }
            position += (long) n * ELEMENT_BYTES;
            i += n;
        }
        return doubles != null ? new F64(e.shape, doubles) : new I64(e.shape, longs);
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position);
            if (n < 0) {
                // the size was checked first: only a file cut while we read it gets here
                throw new java.io.EOFException("file shrank while being read");
            }
            position += n;
        }
    }
}
