package dev.elbo.core.io;

/**
 * Grayscale images of one size: {@code pixels} holds one image per row, each {@code height ×
 * width} pixels in row-major order (so {@code pixels.cols() == height * width}), values in
 * [0, 1] with 0 = black. Labels, when the source had them, are {@code pixels.labels()}.
 */
public record ImageSet(ExampleMatrix pixels, int height, int width) {

    /** Checks that each row holds exactly one {@code height × width} image. */
    public ImageSet {
        if (pixels == null) {
            throw new IllegalArgumentException("ImageSet: pixels is null");
        }
        if (height <= 0 || width <= 0 || (long) height * width != pixels.cols()) {
            throw new IllegalArgumentException("ImageSet: images of " + height + "×" + width
                    + " pixels do not fit rows of " + pixels.cols() + " values");
        }
    }

    /** Number of images. */
    public int count() {
        return pixels.rows();
    }

    /** The pixel at row {@code y}, column {@code x} of image {@code i}. */
    public double pixel(int i, int y, int x) {
        if (y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("ImageSet.pixel: (" + y + ", " + x + ") outside "
                    + height + "×" + width);
        }
        return pixels.get(i, y * width + x);
    }
}
