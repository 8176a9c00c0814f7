package dev.elbo.core.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A user's file does not hold what it should: the one checked error every reader in this
 * package throws for bad content.
 *
 * <p>It carries the file, a location inside it (a line, a cell, a byte offset, a field of a
 * header, or nothing when the problem concerns the whole file) and the reason, which says what
 * was expected and what was found. {@link #getMessage()} joins them into one line meant to be
 * printed as is, without a stack trace:
 *
 * <pre>
 * data/train.csv: line 17: expected 784 numbers, found 783
 * train-images-idx3-ubyte.gz: byte 28: file ends after 12 of 47040000 pixel bytes (truncated?)
 * model.safetensors: tensor 'enc.w0': data_offsets [0, 800] cover 800 bytes, but F64 [10, 20] needs 1600
 * </pre>
 *
 * <p>It is deliberately not an {@link java.io.IOException}: an I/O failure (a disk error, a
 * permission problem) says nothing about the file's content, and a command line tool wants to
 * tell the two apart. Not to be confused with {@code java.util.zip.DataFormatException}.
 */
public final class DataFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Longest excerpt of the user's text quoted in a message. */
    private static final int QUOTE_LIMIT = 40;

    private final transient Path file;
    private final String location;
    private final String reason;

    /**
     * @param file     the file (or folder) at fault, as the user named it
     * @param location where in the file, e.g. {@code "line 17"}, {@code "byte 16"}; empty when
     *                 the problem concerns the whole file
     * @param reason   what was expected and what was found
     */
    public DataFormatException(Path file, String location, String reason) {
        this(file, location, reason, null);
    }

    /** As {@link #DataFormatException(Path, String, String)}, keeping the low-level cause. */
    public DataFormatException(Path file, String location, String reason, Throwable cause) {
        super(format(file, location, reason), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.location = location == null ? "" : oneLine(location);
        this.reason = oneLine(Objects.requireNonNull(reason, "reason"));
    }

    /** A problem with the whole file (empty, missing, no images ...). */
    public static DataFormatException of(Path file, String reason) {
        return new DataFormatException(file, "", reason);
    }

    /** A problem on a 1-based line of a text file. */
    public static DataFormatException atLine(Path file, long line, String reason) {
        return new DataFormatException(file, "line " + line, reason);
    }

    /** A problem in one cell (1-based line and column) of a text file. */
    public static DataFormatException atCell(Path file, long line, long column, String reason) {
        return new DataFormatException(file, "line " + line + ", column " + column, reason);
    }

    /** A problem at a 0-based byte offset of a binary file. */
    public static DataFormatException atByte(Path file, long offset, String reason) {
        return new DataFormatException(file, "byte " + offset, reason);
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** Where in the file, e.g. {@code "line 17"}; empty when the whole file is at fault. */
    public String location() {
        return location;
    }

    /** What was expected and what was found, without the file and location. */
    public String reason() {
        return reason;
    }

    private static String format(Path file, String location, String reason) {
        String where = location == null || location.isEmpty() ? "" : oneLine(location) + ": ";
        return file + ": " + where + oneLine(String.valueOf(reason));
    }

    /** The message must stay one line whatever text the user's file put into it. */
    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Quotes a piece of the user's text for a message: single quotes, at most 40 characters
     * (then an ellipsis), invisible characters (controls, BOM, lone surrogates) shown as
     * {@code <U+XXXX>}.
     */
    static String quote(CharSequence text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), QUOTE_LIMIT) + 8).append('\'');
        int n = Math.min(text.length(), QUOTE_LIMIT);
        for (int i = 0; i < n; i++) {
            appendVisible(sb, text.charAt(i));
        }
        if (text.length() > QUOTE_LIMIT) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    /** One character for a message: {@code 'X'} when visible, else {@code U+XXXX}. */
    static String describe(char c) {
        return isVisible(c) ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static void appendVisible(StringBuilder sb, char c) {
        if (isVisible(c)) {
            sb.append(c);
        } else {
            sb.append(String.format("<U+%04X>", (int) c));
        }
    }

    private static boolean isVisible(char c) {
        return !Character.isISOControl(c) && !Character.isSurrogate(c) && Character.isDefined(c)
                && Character.getType(c) != Character.FORMAT;
    }
}
