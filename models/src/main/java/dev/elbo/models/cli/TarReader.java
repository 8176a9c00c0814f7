package dev.elbo.models.cli;

import dev.elbo.core.io.DataFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the entries of a tar archive one after the other, as a stream: enough of POSIX ustar
 * (with pax and GNU long names) to unpack an npm package, with no temporary files.
 *
 * <p>The format: each entry is a 512-byte header, then its content padded with zeros to a
 * multiple of 512 bytes; two zero blocks end the archive. The header holds the name (bytes
 * 0–99, and for ustar a prefix at 345–499 joined with a {@code /}), the size as octal digits at
 * 124–135 (or big-endian binary when the first byte has its high bit set), a checksum at
 * 148–155 (the sum of all header bytes with this field read as spaces) and the entry type at
 * 156: {@code '0'} or NUL for a file, {@code '5'} a folder, {@code 'x'} a pax header whose
 * {@code path=} record renames the next entry, {@code 'L'} a GNU long name for the next entry.
 *
 * <p>Errors name the archive and the byte offset (of the uncompressed tar stream).
 */
final class TarReader {
    static final int BLOCK = 512;

    private final InputStream in;
    private final Path archive;
    private final byte[] header = new byte[BLOCK];
    private long offset;
    /** Bytes of the current entry's content not yet read, then its padding. */
    private long remaining;
    private long padding;

    /** One entry: its path inside the archive, its size and whether it is a regular file. */
    record Entry(String name, long size, boolean isFile) {}

    /**
     * @param in      the uncompressed tar stream (wrap a {@code .tgz} in a GZIPInputStream)
     * @param archive the archive's name, for error messages
     */
    TarReader(InputStream in, Path archive) {
        this.in = in;
        this.archive = archive;
    }

    /** The next entry, or null at the end of the archive; skips what was left of the previous one. */
    Entry next() throws IOException, DataFormatException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        while (true) {
            long at = offset;
            int got = readFully(header, 0, BLOCK);
            if (got == 0) {
                return null; // some writers omit the two zero blocks at the end
            }
            if (got < BLOCK) {
                throw error(at + got, "archive ends inside a 512-byte header (truncated?)");
            }
            if (isZero(header)) {
                return null;
            }
            checkChecksum(at);
            long size = size(at);
            char type = (char) (header[156] & 0xFF);
            String name = name();
            if (type == 'x' || type == 'L') {
                byte[] meta = readMeta(size, at);
                longName = type == 'L' ? cString(meta, 0, meta.length) : paxPath(meta, at, longName);
                continue;
            }
            if (type == 'g') { // global pax header: nothing we need
                skip(padded(size));
                continue;
            }
            remaining = size;
            padding = padded(size) - size;
            boolean isFile = type == '0' || type == '\0' || type == '7';
            return new Entry(longName != null ? longName : name, size, isFile);
        }
    }

    /** The content of the current entry; reading past it gives end of stream. Not to be closed. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException(archive + ": byte " + offset + ": archive ends inside an entry "
                            + "(truncated?)");
                }
                remaining -= n;
                offset += n;
                return n;
            }
        };
    }

    private byte[] readMeta(long size, long at) throws IOException, DataFormatException {
        if (size > 1 << 20) {
            throw error(at + 124, "extended header of " + size + " bytes, expected at most 1 MiB");
        }
        byte[] meta = new byte[(int) size];
        if (readFully(meta, 0, meta.length) < meta.length) {
            throw error(offset, "archive ends inside an extended header (truncated?)");
        }
        skip(padded(size) - size);
        return meta;
    }

    /** Reads the {@code path} record of a pax header: lines {@code "LEN key=value\n"}. */
    private String paxPath(byte[] meta, long at, String previous) throws DataFormatException {
        String path = previous;
        int i = 0;
        while (i < meta.length) {
            int space = i;
            while (space < meta.length && meta[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(meta, i, space - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw error(at + BLOCK + i, "pax record does not start with its length");
            }
            if (length <= space - i || i + length > meta.length) {
                throw error(at + BLOCK + i, "pax record length " + length + " does not fit the header");
            }
            String record = new String(meta, space + 1, i + length - space - 2, StandardCharsets.UTF_8);
            if (record.startsWith("path=")) {
                path = record.substring(5);
            }
            i += length;
        }
        return path;
    }

    private void checkChecksum(long at) throws DataFormatException {
        long stored = octal(148, 8, at, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        }
        if (sum != stored) {
            throw error(at + 148, "header checksum is " + stored + ", but the header bytes sum to " + sum
                    + " (not a tar archive, or damaged)");
        }
    }

    private long size(long at) throws DataFormatException {
        if ((header[124] & 0x80) != 0) { // GNU base-256 for sizes of 8 GiB and more
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (header[i] & 0xFF);
            }
            if (v < 0 || (header[124] & 0x7F) != 0) {
                throw error(at + 124, "entry size does not fit 63 bits");
            }
            return v;
        }
        return octal(124, 12, at, "entry size");
    }

    /** Octal digits, optionally surrounded by spaces and ended by NUL or space. */
    private long octal(int from, int length, long at, String what) throws DataFormatException {
        long v = 0;
        int i = from;
        int end = from + length;
        while (i < end && header[i] == ' ') {
            i++;
        }
        int digits = 0;
        for (; i < end && header[i] >= '0' && header[i] <= '7'; i++, digits++) {
            v = (v << 3) | (header[i] - '0');
        }
        for (; i < end; i++) {
            if (header[i] != 0 && header[i] != ' ') {
                throw error(at + i, what + " field holds byte " + (header[i] & 0xFF)
                        + ", expected octal digits");
            }
        }
        if (digits == 0) {
            throw error(at + from, what + " field has no octal digits");
        }
        return v;
    }

    private String name() {
        String name = cString(header, 0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r';
        if (ustar) {
            String prefix = cString(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        return name;
    }

    private static String cString(byte[] b, int from, int max) {
        int end = from;
        while (end < from + max && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        offset += total;
        return total;
    }

    private void skip(long n) throws IOException, DataFormatException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int got = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (got < 0) {
                throw error(offset, "archive ends inside an entry (truncated?)");
            }
            n -= got;
            offset += got;
        }
    }

    private DataFormatException error(long at, String reason) {
        return new DataFormatException(archive, "tar byte " + at, reason);
    }
}
