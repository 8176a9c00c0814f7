package dev.elbo.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TapeTest {

    private static double[][] grads(Tensor[] params) {
        double[][] g = new double[params.length][];
        for (int i = 0; i < params.length; i++) g[i] = params[i].grad().clone();
        return g;
    }

    static Stream<Integer> seeds() {
        return IntStream.range(0, 4).boxed();
    }

    // ---------------------------------------------------------------- buffer reuse

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sameStepTwiceGivesIdenticalResultsAndAllocatesNothing(int seed) {
        SmallVae vae = new SmallVae(seed, 3, 7, 5, 2, 1 + seed);
        Tape t = new Tape();
        Tensor loss1 = vae.loss(t);
        t.backward(loss1);
        double value1 = loss1.item();
        double[][] grads1 = grads(vae.params);
        int ops = t.size(), nodes = t.nodeAllocations, tensors = t.tensorAllocations, buffers = t.bufferAllocations;
        assertEquals(ops, nodes, "seed " + seed + ": first step makes one node per op");

        vae.zeroGrad();
        t.reset();
        Tensor loss2 = vae.loss(t);
        t.backward(loss2);
        assertSame(loss1, loss2, "seed " + seed + ": the loss tensor object is reused");
        assertEquals(value1, loss2.item(), 0.0, "seed " + seed + ": same value bit for bit");
        double[][] grads2 = grads(vae.params);
        for (int i = 0; i < grads1.length; i++) {
            assertArrayEquals(grads1[i], grads2[i], 0.0, "seed " + seed + ": gradient of " + vae.params[i]);
        }
        assertEquals(ops, t.size(), "seed " + seed);
        assertEquals(nodes, t.nodeAllocations, "seed " + seed + ": no new nodes");
        assertEquals(tensors, t.tensorAllocations, "seed " + seed + ": no new tensors");
        assertEquals(buffers, t.bufferAllocations, "seed " + seed + ": no new buffers");
    }

    @Test
    void aChangedShapeAllocatesAndStillComputesCorrectly() {
        Tensor w = Tensor.parameter("w", 3, 2);
        for (int i = 0; i < 6; i++) w.value()[i] = 0.1 * (i + 1);
        Tape t = new Tape();
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        t.backward(t.sum(t.matmul(t.constant(3, 3, x, 0), w)));
        int tensors = t.tensorAllocations;
        w.zeroGrad();
        t.reset();
        Tensor y = t.matmul(t.constant(1, 3, x, 0), w); // a smaller batch: new shapes
        assertEquals(tensors + 2, t.tensorAllocations, "constant and product get new tensors");
        assertEquals(1 * 0.1 + 2 * 0.3 + 3 * 0.5, y.get(0, 0), 1e-15);
        t.backward(t.sum(y));
        assertEquals(1.0, w.gradAt(0, 0), 0.0);
        assertEquals(3.0, w.gradAt(2, 1), 0.0);
    }

    @Test
    void aConstantCopiesItsSource() {
        double[] src = {9, 1, 2, 3, 9};
        Tape t = new Tape();
        Tensor c = t.constant(2, 2, src, 1);
        src[1] = 100;
        assertArrayEquals(new double[] {1, 2, 3, 9}, c.value(), 0.0);
        assertNull(c.grad());
        assertThrows(IndexOutOfBoundsException.class, () -> t.constant(2, 2, src, 2));
    }

    // ---------------------------------------------------------------- gradient accumulation

    @Test
    void aValueUsedTwiceGetsTheSumOfBothGradients() {
        Tensor x = new Mat(1, 3, new double[] {0.3, -1.2, 2.0}).parameter("x");
        Tape t = new Tape();
        // f = Σ x·x + tanh(x) + x  →  df/dx = 2x + (1 − tanh²x) + 1
        Tensor f = t.sum(t.add(t.add(t.mul(x, x), t.tanh(x)), x));
        t.backward(f);
        for (int j = 0; j < 3; j++) {
            double v = x.get(0, j), th = Math.tanh(v);
            assertEquals(2 * v + (1 - th * th) + 1, x.gradAt(0, j), 1e-14, "entry " + j);
        }
    }

    @Test
    void parametersAccumulateAcrossBackwardCallsUntilZeroGrad() {
        SmallVae vae = new SmallVae(7, 2, 4, 3, 2, 2);
        Tape t = new Tape();
        t.backward(vae.loss(t));
        double[][] once = grads(vae.params);
        t.reset();
        t.backward(vae.loss(t));
        double[][] twice = grads(vae.params);
        for (int i = 0; i < once.length; i++) {
            for (int j = 0; j < once[i].length; j++) {
                assertEquals(2 * once[i][j], twice[i][j], 1e-14 * Math.abs(once[i][j]), vae.params[i] + " entry " + j);
            }
        }
        vae.zeroGrad();
        for (Tensor p : vae.params) for (double g : p.grad()) assertEquals(0.0, g);
    }

    @Test
    void backwardTwiceOnOneTapeRestartsIntermediateGradients() {
        Tensor w = new Mat(2, 2, new double[] {0.5, -0.3, 0.8, 0.1}).parameter("w");
        Tape t = new Tape();
        Tensor x = t.constant(1, 2, new double[] {1, 2}, 0);
        Tensor h = t.tanh(t.matmul(x, w));
        Tensor loss = t.sum(h);
        t.backward(loss);
        double[] hGrad = h.grad().clone();
        double[] wGrad = w.grad().clone();
        t.backward(loss);
        assertArrayEquals(hGrad, h.grad(), 0.0, "intermediate gradients are cleared per pass");
        for (int i = 0; i < 4; i++) assertEquals(2 * wGrad[i], w.grad()[i], 0.0, "parameter gradients accumulate");
    }

    @Test
    void constantsTakeNoGradient() {
        Tensor w = new Mat(1, 2, new double[] {0.5, -0.3}).parameter("w");
        Tensor persistent = new Mat(1, 2, new double[] {2, 3}).constant("c");
        Tape t = new Tape();
        Tensor onTape = t.constant(1, 2, new double[] {4, 5}, 0);
        Tensor fromConstants = t.mul(persistent, onTape);
        assertFalse(fromConstants.requiresGrad());
        assertNull(fromConstants.grad());
        Tensor loss = t.sum(t.mul(t.add(w, persistent), fromConstants));
        t.backward(loss);
        assertNull(persistent.grad());
        assertNull(onTape.grad());
        assertNull(fromConstants.grad());
        assertEquals(8.0, w.gradAt(0, 0), 0.0);
        assertEquals(15.0, w.gradAt(0, 1), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.backward(t.sum(fromConstants)));
        assertTrue(e.getMessage().contains("depends on no tensor that takes a gradient"), e.getMessage());
    }

    @Test
    void backwardSkipsOpsThatNeedNoGradientOrAreOffThePath() {
        Tensor p = new Mat(1, 3, new double[] {1, 2, 3}).parameter("p");
        Tape t = new Tape();
        Tensor c = t.constant(1, 3, new double[] {4, 5, 6}, 0);
        Tensor fromConstant = CountingOp.apply(t, c);      // needs no gradient
        Tensor offPath = CountingOp.apply(t, p);           // not used by the loss
        Tensor onPath = CountingOp.apply(t, p);
        t.exp(offPath);
        Tensor loss = t.sum(t.mul(onPath, fromConstant));
        CountingOp.backwardCalls = 0;
        t.backward(loss);
        assertEquals(1, CountingOp.backwardCalls, "only the op on the path runs its VJP");
        assertArrayEquals(new double[] {4, 5, 6}, p.grad(), 0.0);
    }

    @Test
    void aFrozenParameterGetsNoGradientAndTheOthersStillDo() {
        Tensor w = new Mat(2, 1, new double[] {0.5, -0.3}).parameter("w");
        Tensor b = new Mat(1, 1, new double[] {0.2}).parameter("b");
        w.setRequiresGrad(false);
        Tape t = new Tape();
        Tensor y = t.affine(t.constant(3, 2, new double[] {1, 2, 3, 4, 5, 6}, 0), w, b);
        t.backward(t.sum(y));
        assertArrayEquals(new double[] {0, 0}, w.grad(), 0.0);
        assertEquals(3.0, b.gradAt(0, 0), 0.0);
        assertThrows(IllegalStateException.class, () -> t.constant(1, 1, new double[] {1}, 0).setRequiresGrad(true));
        assertThrows(IllegalStateException.class, () -> Tensor.constant("c", 1, 1, new double[] {1}).setRequiresGrad(true));
    }

    @Test
    void backwardWithASeedIsTheVectorJacobianProduct() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor w = Mat.uniform(rng, 3, 4, -1, 1).parameter("w");
        double[] x = Mat.uniform(rng, 2, 3, -1, 1).v();
        double[] seed = {7, 7, 0.5, -1, 2, 0.25, 3, -0.75, 1.5, 7}; // 8 entries at offset 2
        Tape t = new Tape();
        Tensor y = t.tanh(t.matmul(t.constant(2, 3, x, 0), w));
        t.backward(y, seed, 2);
        double[] viaSeed = w.grad().clone();
        w.zeroGrad();
        t.reset();
        Tensor y2 = t.tanh(t.matmul(t.constant(2, 3, x, 0), w));
        t.backward(t.sum(t.mul(y2, t.constant(2, 4, seed, 2))));
        assertArrayEquals(w.grad(), viaSeed, 1e-15);
        assertThrows(IndexOutOfBoundsException.class, () -> t.backward(y2, seed, 3));
    }

    @Test
    void backwardFromAParameterAddsTheSeed() {
        Tensor p = Tensor.parameter("p", 1, 1);
        new Tape().backward(p);
        assertEquals(1.0, p.gradAt(0, 0), 0.0);
    }

    // ---------------------------------------------------------------- forward-only mode

    @Test
    void withGradientsDisabledNoGradientBuffersAreKept() {
        SmallVae vae = new SmallVae(11, 2, 5, 4, 2, 3);
        Tape train = new Tape();
        double withGrad = vae.loss(train).item();
        Tape eval = new Tape();
        eval.setGradEnabled(false);
        Tensor loss = vae.loss(eval);
        assertEquals(withGrad, loss.item(), 0.0, "same forward values");
        assertFalse(loss.requiresGrad());
        assertNull(loss.grad());
        assertEquals(0, eval.bufferAllocations, "no gradient buffers allocated");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> eval.backward(loss));
        assertTrue(e.getMessage().contains("gradients are disabled"), e.getMessage());
    }

    @Test
    void stopGradientBlocksTheGradient() {
        Tensor p = new Mat(1, 2, new double[] {1.5, -2}).parameter("p");
        Tape t = new Tape();
        // f = Σ p · stop(p): the gradient is stop(p) = p, not 2p
        t.backward(t.sum(t.mul(p, t.stopGradient(p))));
        assertArrayEquals(new double[] {1.5, -2}, p.grad(), 0.0);
    }

    // ---------------------------------------------------------------- misuse

    @Test
    void aTensorFromAnEarlierStepIsRejected() {
        Tape t = new Tape();
        Tensor x = t.constant(1, 2, new double[] {1, 2}, 0);
        Tensor h = t.tanh(x);
        t.reset();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.exp(h));
        assertTrue(e.getMessage().startsWith("exp: tanh#1 1×2 is from an earlier step"), e.getMessage());
        t.reset();
        t.scalar(1); // slot 0 now holds another constant tensor; x's slot was taken over
        t.scalar(2);
        Tensor y = t.neg(t.scalar(3));
        assertNotNull(y);
        assertThrows(IllegalArgumentException.class, () -> t.exp(h));
    }

    @Test
    void aTensorFromAnotherTapeIsRejected() {
        Tape a = new Tape(), b = new Tape();
        Tensor x = a.scalar(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.exp(x));
        assertTrue(e.getMessage().contains("another tape"), e.getMessage());
    }

    @Test
    void intermediatesAreReadOnlyAndIndicesChecked() {
        Tape t = new Tape();
        Tensor y = t.exp(t.scalar(0));
        assertThrows(IllegalStateException.class, () -> y.set(0, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> y.get(1, 0));
        assertEquals(1.0, y.item(), 0.0);
        assertEquals("exp#1 1×1", y.toString());
        Tensor p = Tensor.parameter("p", 2, 3);
        p.set(1, 2, 4.5);
        assertEquals(4.5, p.value()[5], 0.0);
        assertNotEquals(0, p.grad().length);
        assertThrows(IllegalStateException.class, p::item);
        assertThrows(IllegalArgumentException.class, () -> Tensor.parameter("bad", 0, 3));
    }
}
