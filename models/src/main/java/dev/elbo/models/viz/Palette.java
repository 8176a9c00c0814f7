package dev.elbo.models.viz;

import java.awt.Color;

/**
 * Colours for classes (digits 0–9) and for curves. The first eight are the Okabe–Ito palette,
 * chosen to stay distinguishable for readers with colour-vision deficiencies; its yellow is
 * darkened to show on white; grey and brown complete ten.
 */
public final class Palette {
    private Palette() {}

    private static final Color[] CLASSES = {
        new Color(0x00, 0x72, 0xB2), // blue
        new Color(0xE6, 0x9F, 0x00), // orange
        new Color(0x00, 0x9E, 0x73), // bluish green
        new Color(0xD5, 0x5E, 0x00), // vermillion
        new Color(0xCC, 0x79, 0xA7), // reddish purple
        new Color(0x56, 0xB4, 0xE9), // sky blue
        new Color(0xC9, 0xB8, 0x00), // yellow, darkened
        new Color(0x00, 0x00, 0x00), // black
        new Color(0x99, 0x99, 0x99), // grey
        new Color(0x8C, 0x51, 0x0A), // brown
    };

    /** Number of distinct colours before they repeat. */
    public static final int SIZE = CLASSES.length;

    /** The colour of class {@code k} (repeats after {@link #SIZE}). */
    public static Color of(int k) {
        return CLASSES[Math.floorMod(k, SIZE)];
    }

    /** The colour of class {@code k} with opacity {@code alpha} in [0, 1]. */
    public static Color of(int k, double alpha) {
        Color c = of(k);
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * alpha));
    }
}
