package dev.elbo.models.train;

import dev.elbo.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-epoch metrics of a run and their CSV form, {@code metrics.csv}:
 * <pre>
 * epoch,step,lr,kl_weight,train_bound,train_rec,train_kl,valid_bound,valid_rec,valid_kl,seconds,examples_per_second,active_units,kl_dim_0,…
 * </pre>
 * one row per epoch (see {@link EpochMetrics} for the meaning of each column). Numbers are
 * written with {@link Double#toString}, the shortest text that reads back to the same double,
 * so two runs compare exactly from their files; columns that do not apply (no validation this
 * epoch, no KL per dimension) are empty.
 *
 * <p>The file is rewritten whole, atomically, after every epoch ({@link #write}), so a crash
 * leaves either the previous complete file or the new one — never a torn line.
 */
public final class MetricsLog {

    static final String FIXED_HEADER = "epoch,step,lr,kl_weight,train_bound,train_rec,train_kl,valid_bound,valid_rec,"
            + "valid_kl,seconds,examples_per_second,active_units";
    private static final int FIXED_COLUMNS = FIXED_HEADER.split(",").length;

    private final List<EpochMetrics> rows = new ArrayList<>();
    private int klDimensions = -1; // fixed by the first row

    /** Appends an epoch; every row must report KL for the same number of dimensions. */
    public void add(EpochMetrics m) {
        int dims = m.klPerDimension().length;
        if (klDimensions >= 0 && dims != klDimensions) {
            throw new IllegalArgumentException("metrics: epoch " + m.epoch() + " reports KL for " + dims
                    + " dimensions, earlier epochs for " + klDimensions);
        }
        klDimensions = dims;
        rows.add(m);
    }

    /** The epochs so far, oldest first. */
    public List<EpochMetrics> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** The header line (without line end). */
    public String header() {
        StringBuilder sb = new StringBuilder(FIXED_HEADER);
        for (int d = 0; d < Math.max(0, klDimensions); d++) {
            sb.append(",kl_dim_").append(d);
        }
        return sb.toString();
    }

    /** The whole CSV text: header and one line per epoch, each ending in a newline. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(header()).append('\n');
        for (EpochMetrics m : rows) {
            sb.append(m.epoch()).append(',').append(m.step());
            for (double v : new double[] {m.learningRate(), m.klWeight(), m.trainBound(), m.trainReconstruction(),
                    m.trainKl(), m.validBound(), m.validReconstruction(), m.validKl(), m.seconds(),
                    m.examplesPerSecond()}) {
                sb.append(',').append(number(v));
            }
            sb.append(',').append(m.activeUnits() < 0 ? "" : Integer.toString(m.activeUnits()));
            for (double kl : m.klPerDimension()) {
                sb.append(',').append(number(kl));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** Writes {@link #toCsv()} to {@code file} atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv());
    }

    /**
     * Reads back the text of {@link #toCsv()} (as stored in a checkpoint).
     *
     * @throws IllegalArgumentException naming the line that does not fit
     */
    public static MetricsLog parse(String csv) {
        MetricsLog log = new MetricsLog();
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].startsWith(FIXED_HEADER)) {
            throw new IllegalArgumentException("metrics: line 1 is not the metrics header '" + FIXED_HEADER + ",...'");
        }
        int columns = lines[0].split(",", -1).length;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split(",", -1);
            if (f.length != columns) {
                throw new IllegalArgumentException("metrics: line " + (i + 1) + " has " + f.length + " fields, the header "
                        + columns);
            }
            try {
                double[] kl = new double[columns - FIXED_COLUMNS];
                for (int d = 0; d < kl.length; d++) {
                    kl[d] = parseNumber(f[FIXED_COLUMNS + d]);
                }
                log.add(new EpochMetrics(Integer.parseInt(f[0]), Long.parseLong(f[1]), parseNumber(f[2]),
                        parseNumber(f[3]), parseNumber(f[4]), parseNumber(f[5]), parseNumber(f[6]), parseNumber(f[7]),
                        parseNumber(f[8]), parseNumber(f[9]), parseNumber(f[10]), parseNumber(f[11]),
                        f[12].isEmpty() ? -1 : Integer.parseInt(f[12]), kl));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("metrics: line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (log.klDimensions < 0) {
            log.klDimensions = columns - FIXED_COLUMNS;
        }
        return log;
    }

    private static double parseNumber(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
