package dev.elbo.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.io.Alphabet;
import dev.elbo.core.io.Csv;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.core.io.ExampleMatrix;
import dev.elbo.core.io.Idx;
import dev.elbo.core.io.ImageSet;
import dev.elbo.core.io.PngImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoadersTest {

    @TempDir
    Path dir;

    private static ImageSet digits(int n, int h, int w, int seed) {
        double[] px = new double[n * h * w];
        for (int i = 0; i < px.length; i++) px[i] = ((i * 31 + seed * 7) % 256) / 255.0;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (i + seed) % 10;
        return new ImageSet(new ExampleMatrix(n, h * w, px, labels), h, w);
    }

    @Test
    void anMnistFolderGivesTrainingAndTestSets() throws Exception {
        ImageSet train = digits(5, 3, 2, 1);
        ImageSet test = digits(2, 3, 2, 2);
        Idx.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), train, true);
        Idx.writeLabels(dir.resolve("train-labels-idx1-ubyte"), train.pixels().labels(), false);
        Idx.writeImages(dir.resolve("t10k-images.idx3-ubyte"), test, false);
        Idx.writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), test.pixels().labels(), true);

        for (DataLoaders.Loaded loaded : new DataLoaders.Loaded[] {
                DataLoaders.load("mnist:" + dir, DataLoaders.Options.defaults()),
                DataLoaders.load(dir.toString(), DataLoaders.Options.defaults())}) {
            assertEquals("mnist/train", loaded.data().name());
            assertEquals(5, loaded.data().size());
            assertEquals(3, loaded.data().imageHeight());
            assertEquals(2, loaded.data().imageWidth());
            assertArrayEquals(train.pixels().data(), loaded.data().data());
            assertArrayEquals(train.pixels().labels(), loaded.data().labels());
            assertArrayEquals(test.pixels().data(), loaded.test().data());
            assertArrayEquals(test.pixels().labels(), loaded.test().labels());
        }
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertNull(DataLoaders.mnist(dir).test());
        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataLoaders.mnist(dir));
        assertTrue(e.getMessage().startsWith(dir + ": no train-labels-idx1-ubyte[.gz] here"), e.getMessage());
    }

    @Test
    void idxFilesWithAndWithoutLabels() throws Exception {
        ImageSet set = digits(4, 2, 2, 3);
        Path images = dir.resolve("x.idx");
        Path labels = dir.resolve("y.idx");
        Idx.writeImages(images, set, false);
        Idx.writeLabels(labels, set.pixels().labels(), false);
        DataSet withLabels = DataLoaders.load("idx:" + images + "," + labels, DataLoaders.Options.defaults()).data();
        assertArrayEquals(set.pixels().labels(), withLabels.labels());
        DataSet without = DataLoaders.load("idx:" + images, DataLoaders.Options.defaults()).data();
        assertNull(without.labels());
        assertEquals("x.idx", without.name());
        assertArrayEquals(set.pixels().data(), without.data());
    }

    @Test
    void csvWithHeaderAndLabelColumn() throws Exception {
        Path file = dir.resolve("genes.csv");
        Files.writeString(file, "cell,g1,g2\n3,0.5,-1\n1,2.25,1e-3\n");
        DataSet byName = DataLoaders.load("csv:" + file, DataLoaders.Options.defaults().withLabelColumn("cell")).data();
        assertEquals(2, byName.dimension());
        assertArrayEquals(new double[] {0.5, -1, 2.25, 1e-3}, byName.data());
        assertArrayEquals(new int[] {3, 1}, byName.labels());
        DataSet byIndex = DataLoaders.load("csv:" + file, DataLoaders.Options.defaults().withLabelColumn("0")).data();
        assertArrayEquals(byName.data(), byIndex.data());
        DataSet none = DataLoaders.csv(file, DataLoaders.Options.defaults().withCsvHeader(Csv.HeaderMode.PRESENT));
        assertEquals(3, none.dimension());
        assertNull(none.labels());
    }

    @Test
    void aFolderOfPngImages() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("pics"));
        PngImages.writeGrid(folder.resolve("a.png"), new double[] {0, 1, 1, 0, 0, 1}, 1, 2, 3, 1, 0, 0);
        PngImages.writeGrid(folder.resolve("b.png"), new double[] {1, 1, 1, 0, 0, 0}, 1, 2, 3, 1, 0, 0);
        DataSet d = DataLoaders.load("images:" + folder, DataLoaders.Options.defaults()).data();
        assertEquals(2, d.size());
        assertEquals(2, d.imageHeight());
        assertEquals(3, d.imageWidth());
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0}, d.data());
    }

    @Test
    void fastaSequencesOneHot() throws Exception {
        Path file = dir.resolve("seqs.fasta");
        Files.writeString(file, ">a\nAC-\n>b\nTTG\n");
        DataLoaders.Options dna = DataLoaders.Options.defaults().withAlphabet(Alphabet.DNA,
                dev.elbo.core.io.Sequences.UnknownSymbols.REJECT);
        DataSet d = DataLoaders.load("fasta:" + file, dna).data();
        assertEquals(2, d.size());
        assertEquals(3 * 5, d.dimension());
        assertEquals(Alphabet.DNA, d.alphabet());
        for (int i = 0; i < 2; i++) {
            for (int pos = 0; pos < 3; pos++) {
                double sum = 0;
                for (int a = 0; a < 5; a++) sum += d.get(i, pos * 5 + a);
                assertEquals(1.0, sum, "one symbol per position");
            }
        }
        assertEquals(1.0, d.get(0, Alphabet.DNA.indexOf('A')));
        assertEquals(1.0, d.get(1, 2 * 5 + Alphabet.DNA.indexOf('G')));
    }

    @Test
    void badSpecsAndFilesAreExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataLoaders.load("cvs:x.csv", DataLoaders.Options.defaults()));
        assertTrue(e.getMessage().contains("expected one of mnist:DIR") && e.getMessage().contains("unknown kind 'cvs'"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataLoaders.load("csv:", DataLoaders.Options.defaults()));
        DataFormatException f = assertThrows(DataFormatException.class,
                () -> DataLoaders.load("csv:" + dir.resolve("missing.csv"), DataLoaders.Options.defaults()));
        assertTrue(f.getMessage().endsWith("missing.csv: no such file"), f.getMessage());
        f = assertThrows(DataFormatException.class, () -> DataLoaders.mnist(dir.resolve("nowhere")));
        assertTrue(f.getMessage().endsWith("no such folder"), f.getMessage());
    }
}
