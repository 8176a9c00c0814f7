package dev.elbo.models.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Grey-level images laid out in a labelled grid: a title on top, optional labels above the
 * columns and left of the rows. Tile {@code (r, c)} is image {@code r·cols + c} of
 * {@code pixels}, each {@code height × width} values row-major, 0 = black and 1 = white (values
 * outside are clamped; NaN is refused: a model that produced it has diverged). Pixels are
 * enlarged {@code scale} times without smoothing, so a 28×28 digit stays crisp.
 */
public final class Mosaic {
    static {
        Png.headless();
    }

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color GAP = new Color(0xB0, 0xB0, 0xB0);
    private static final Color TEXT = new Color(0x20, 0x20, 0x20);

    private final double[] pixels;
    private final int rows;
    private final int cols;
    private final int height;
    private final int width;
    private int scale = 3;
    private String title;
    private String[] rowLabels;
    private String[] colLabels;
    private String colCaption;

    /**
     * @param pixels images one after the other; fewer than {@code rows·cols} leaves the last tiles empty
     */
    public Mosaic(double[] pixels, int rows, int cols, int height, int width) {
        if (rows <= 0 || cols <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("Mosaic: " + rows + "×" + cols + " tiles of " + height + "×"
                    + width + " pixels, all must be positive");
        }
        if (pixels.length % (height * width) != 0 || pixels.length / (height * width) > (long) rows * cols) {
            throw new IllegalArgumentException("Mosaic: " + pixels.length + " values are not at most " + rows
                    + "×" + cols + " images of " + height + "×" + width + " pixels");
        }
        for (int i = 0; i < pixels.length; i++) {
            if (Double.isNaN(pixels[i])) {
                throw new IllegalArgumentException("Mosaic: pixel " + (i % (height * width)) + " of image "
                        + i / (height * width) + " is NaN");
            }
        }
        this.pixels = pixels;
        this.rows = rows;
        this.cols = cols;
        this.height = height;
        this.width = width;
    }

    /** Each pixel becomes {@code scale × scale} (default 3). */
    public Mosaic scale(int scale) {
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("Mosaic.scale: " + scale + ", expected 1 to 64");
        }
        this.scale = scale;
        return this;
    }

    /** A title above the grid. */
    public Mosaic title(String title) {
        this.title = title;
        return this;
    }

    /** A label left of each row ({@code rows} of them). */
    public Mosaic rowLabels(String... labels) {
        if (labels.length != rows) {
            throw new IllegalArgumentException("Mosaic.rowLabels: " + labels.length + " labels for " + rows + " rows");
        }
        this.rowLabels = labels.clone();
        return this;
    }

    /** A label above each column ({@code cols} of them), with an optional caption above them. */
    public Mosaic colLabels(String caption, String... labels) {
        if (labels.length != cols) {
            throw new IllegalArgumentException("Mosaic.colLabels: " + labels.length + " labels for " + cols
                    + " columns");
        }
        this.colCaption = caption;
        this.colLabels = labels.clone();
        return this;
    }

    /** Draws the picture. */
    public BufferedImage render() {
        int tileW = width * scale;
        int tileH = height * scale;
        int gap = Math.max(2, scale);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics lm = pg.getFontMetrics(labelFont);
        FontMetrics tm = pg.getFontMetrics(titleFont);
        int margin = 10;
        int left = margin;
        if (rowLabels != null) {
            left += Arrays.stream(rowLabels).mapToInt(s -> lm.stringWidth(s == null ? "" : s)).max().orElse(0) + 8;
        }
        int top = margin;
        if (title != null) {
            top += tm.getHeight() + 4;
        }
        if (colCaption != null) {
            top += lm.getHeight() + 2;
        }
        if (colLabels != null) {
            top += lm.getHeight() + 2;
        }
        pg.dispose();
        int gridW = cols * tileW + (cols + 1) * gap;
        int gridH = rows * tileH + (rows + 1) * gap;
        int w = Math.max(left + gridW + margin, title == null ? 0 : tm.stringWidth(title) + 2 * margin);
        int h = top + gridH + margin;
        if ((long) w * h > 100_000_000L) {
            throw new IllegalArgumentException("Mosaic: a " + w + "×" + h + " picture is too large; lower the scale");
        }

        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, w, h);
            g.setColor(TEXT);
            int y = margin;
            if (title != null) {
                g.setFont(titleFont);
                g.drawString(title, (w - tm.stringWidth(title)) / 2, y + tm.getAscent());
                y += tm.getHeight() + 4;
            }
            g.setFont(labelFont);
            if (colCaption != null) {
                g.drawString(colCaption, left + (gridW - lm.stringWidth(colCaption)) / 2, y + lm.getAscent());
                y += lm.getHeight() + 2;
            }
            if (colLabels != null) {
                for (int c = 0; c < cols; c++) {
                    String s = colLabels[c] == null ? "" : colLabels[c];
                    int cx = left + gap + c * (tileW + gap) + tileW / 2;
                    g.drawString(s, cx - lm.stringWidth(s) / 2, y + lm.getAscent());
                }
            }
            g.setColor(GAP);
            g.fillRect(left, top, gridW, gridH);
            if (rowLabels != null) {
                g.setColor(TEXT);
                for (int r = 0; r < rows; r++) {
                    String s = rowLabels[r] == null ? "" : rowLabels[r];
                    int cy = top + gap + r * (tileH + gap) + tileH / 2;
                    g.drawString(s, left - 8 - lm.stringWidth(s), cy + (lm.getAscent() - lm.getDescent()) / 2);
                }
            }
        } finally {
            g.dispose();
        }
        int count = pixels.length / (height * width);
        int[] rgb = new int[tileW];
        for (int i = 0; i < count; i++) {
            int x0 = left + gap + (i % cols) * (tileW + gap);
            int y0 = top + gap + (i / cols) * (tileH + gap);
            for (int py = 0; py < height; py++) {
                for (int px = 0; px < width; px++) {
                    int v = level(pixels[i * height * width + py * width + px]);
                    int color = (v << 16) | (v << 8) | v;
                    Arrays.fill(rgb, px * scale, (px + 1) * scale, color);
                }
                for (int sy = 0; sy < scale; sy++) {
                    image.setRGB(x0, y0 + py * scale + sy, tileW, 1, rgb, 0, tileW);
                }
            }
        }
        return image;
    }

    /** Intensity in [0, 1] → grey level 0..255, clamped. */
    static int level(double v) {
        double c = v < 0 ? 0 : v > 1 ? 1 : v;
        return (int) Math.round(c * 255);
    }
}
