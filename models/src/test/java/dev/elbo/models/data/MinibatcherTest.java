package dev.elbo.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.elbo.core.Rng;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MinibatcherTest {

    /** Example i has values (i, i + 0.5, …) in its D columns and label i % 10: rows identify themselves. */
    static DataSet numbered(int n, int d) {
        double[] x = new double[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i * d + j] = i + 0.5 * j;
            labels[i] = i % 10;
        }
        return new DataSet("numbered", n, d, x, labels, 0, 0, null);
    }

    static Stream<Arguments> shapes() {
        // seed, n, D, batch size
        return Stream.of(Arguments.of(1L, 10, 3, 5), Arguments.of(2L, 10, 1, 3), Arguments.of(3L, 37, 4, 8),
                Arguments.of(4L, 8, 2, 8), Arguments.of(5L, 100, 5, 7), Arguments.of(6L, 1, 1, 1));
    }

    /** The examples handed out in one epoch, in order, checking each row's values and label. */
    private static List<Integer> epochOrder(Minibatcher b, int epoch, String shape) {
        b.startEpoch(epoch);
        List<Integer> seen = new ArrayList<>();
        int d = b.data().dimension();
        while (b.hasNext()) {
            int rows = b.next();
            for (int r = 0; r < rows; r++) {
                int example = b.exampleIndex(r);
                int row = (int) b.buffer()[r * d];
                assertEquals(example, row, shape);
                for (int j = 0; j < d; j++) assertEquals(example + 0.5 * j, b.buffer()[r * d + j], shape);
                assertEquals(example % 10, b.labels()[r], shape);
                seen.add(example);
            }
        }
        return seen;
    }

    @ParameterizedTest(name = "seed {0}, n {1}, D {2}, B {3}")
    @MethodSource("shapes")
    void eachEpochIsAPermutationCutIntoBatches(long seed, int n, int d, int batch) {
        String shape = "seed " + seed + ", n " + n + ", D " + d + ", B " + batch;
        DataSet data = numbered(n, d);
        Minibatcher keep = Minibatcher.shuffled(data, batch, new Rng(seed), Minibatcher.LastBatch.KEEP);
        Minibatcher drop = Minibatcher.shuffled(data, batch, new Rng(seed), Minibatcher.LastBatch.DROP);
        assertEquals((n + batch - 1) / batch, keep.batchesPerEpoch(), shape);
        assertEquals(n / batch, drop.batchesPerEpoch(), shape);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Integer> all = epochOrder(keep, epoch, shape);
            List<Integer> sorted = new ArrayList<>(all);
            sorted.sort(null);
            for (int i = 0; i < n; i++) assertEquals(i, sorted.get(i), shape + ", epoch " + epoch);
            // DROP hands out the same order without its tail
            List<Integer> dropped = epochOrder(drop, epoch, shape);
            assertEquals(all.subList(0, n / batch * batch), dropped, shape + ", epoch " + epoch);
            assertEquals(dropped.size(), drop.examplesPerEpoch(), shape);
        }
    }

    @Test
    void theOrderDependsOnlyOnTheStreamAndTheEpoch() {
        DataSet data = numbered(50, 2);
        Minibatcher a = Minibatcher.shuffled(data, 10, new Rng(7), Minibatcher.LastBatch.DROP);
        List<List<Integer>> orders = new ArrayList<>();
        for (int e = 0; e < 4; e++) orders.add(epochOrder(a, e, "a"));
        // a fresh batcher that starts at epoch 3 (a resumed run) sees the same order
        Minibatcher b = Minibatcher.shuffled(data, 10, new Rng(7), Minibatcher.LastBatch.DROP);
        assertEquals(orders.get(3), epochOrder(b, 3, "b"));
        assertEquals(orders.get(1), epochOrder(b, 1, "b"));
        // ... and the stream given is copied: drawing from it later changes nothing
        Rng stream = new Rng(7);
        Minibatcher c = Minibatcher.shuffled(data, 10, stream, Minibatcher.LastBatch.DROP);
        stream.nextLong();
        assertEquals(orders.get(2), epochOrder(c, 2, "c"));
        // the order of epoch e is a shuffle by the (e + 1)-th split of the stream
        Rng parent = new Rng(7);
        Rng child = null;
        for (int e = 0; e <= 2; e++) child = parent.split();
        int[] perm = new int[50];
        for (int i = 0; i < 50; i++) perm[i] = i;
        child.shuffle(perm);
        assertEquals(Arrays.stream(perm).boxed().toList(), orders.get(2));
        // epochs differ from each other, and another seed gives another order
        assertFalse(orders.get(0).equals(orders.get(1)));
        Minibatcher d = Minibatcher.shuffled(data, 10, new Rng(8), Minibatcher.LastBatch.DROP);
        assertFalse(orders.get(0).equals(epochOrder(d, 0, "d")));
    }

    @Test
    void sequentialBatchesKeepDataOrderAndASmallerLastBatch() {
        Minibatcher s = Minibatcher.sequential(numbered(7, 2), 3);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), epochOrder(s, 0, "sequential"));
        s.startEpoch(5);
        assertEquals(3, s.next());
        assertEquals(3, s.next());
        assertEquals(1, s.next());
        assertEquals(2, s.batchIndex());
        assertFalse(s.hasNext());
        assertThrows(IllegalStateException.class, s::next);
    }

    @Test
    void misuseIsExplained() {
        DataSet data = numbered(5, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Minibatcher.shuffled(data, 6, new Rng(1), Minibatcher.LastBatch.DROP));
        assertTrue(e.getMessage().contains("fewer than one batch of 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Minibatcher.sequential(data, 0));
        Minibatcher b = Minibatcher.sequential(data, 2);
        IllegalStateException s = assertThrows(IllegalStateException.class, b::next);
        assertTrue(s.getMessage().contains("startEpoch"), s.getMessage());
    }

    @Test
    void batchesAreCopiedWithoutAllocating() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        long thread = Thread.currentThread().getId();
        Minibatcher b = Minibatcher.shuffled(numbered(1000, 4), 10, new Rng(3), Minibatcher.LastBatch.DROP);
        b.startEpoch(0);
        for (int i = 0; i < 10; i++) b.next(); // warm
        long before = mx.getThreadAllocatedBytes(thread);
        double sum = 0;
        while (b.hasNext()) sum += b.next();
        long after = mx.getThreadAllocatedBytes(thread);
        assertEquals(900, sum);
        assertTrue(after - before < 64, "bytes allocated by 90 batches: " + (after - before));
    }
}
