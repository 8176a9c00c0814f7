package dev.elbo.autodiff;

import dev.elbo.core.Kernels;
import dev.elbo.core.OpKernels;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reverse-mode automatic differentiation: records the ops of one step in order, then runs
 * their vector-Jacobian products in reverse.
 *
 * <pre>{@code
 * Tape t = new Tape();
 * for (int step = 0; step < steps; step++) {
 *     t.reset();                                           // start a new step
 *     Tensor x = t.constant(n, 784, images, offset);       // this minibatch, copied in
 *     Tensor h = t.tanh(t.affine(x, w1, b1));              // n×200
 *     Tensor logits = t.affine(h, w2, b2);                 // n×784
 *     Tensor loss = t.neg(t.mean(t.bernoulliLogLik(logits, x)));
 *     t.backward(loss);                                    // w1.grad() … b2.grad() += dloss/dθ
 *     optimizer.step();                                    // reads, then zeroes, the grads
 * }
 * }</pre>
 *
 * <p><b>Gradients.</b> {@link #backward(Tensor)} seeds dL/dL = 1 and visits the recorded ops
 * from the loss backwards; each adds ({@code +=}) its contribution into the gradient of every
 * input that takes one, so a tensor used twice receives the sum of both contributions.
 * Parameters keep accumulating across backward calls until {@link Tensor#zeroGrad()};
 * intermediate gradients are cleared by the tape at the start of each backward pass (lazily,
 * when first written). Constants take no gradient, and an op whose output depends on no
 * parameter records no gradient buffer and is skipped by backward, as is an op whose output
 * received no gradient (not on a path to the loss).
 *
 * <p><b>Buffer reuse.</b> After {@link #reset()}, the i-th op recorded reuses the node object
 * and the output tensor (value and gradient buffers) of the i-th op of the previous step when
 * the op class and the output shape match; it allocates only when they do not. A training loop
 * that repeats the same computation therefore allocates nothing per step once warm, and the
 * tensors it returns are the same objects every step: a reference to an intermediate (or to a
 * tape constant) is valid until the next {@code reset()}, after which its contents are
 * overwritten. Use one tape per kind of computation (one for training, one for evaluation),
 * so each keeps its own layout.
 *
 * <p><b>Evaluation.</b> {@code setGradEnabled(false)} records ops without gradient buffers
 * (forward only, e.g. to evaluate a bound on test data); {@code backward} then refuses to run.
 *
 * <p>A tape is not thread-safe. Shape misuse throws {@link IllegalArgumentException} naming the
 * op and both shapes, e.g. {@code matmul: inner dimensions differ: a is 100×784 [x],
 * b is 200×50 [w]}.
 */
public final class Tape {
    private Node[] nodes = new Node[64];
    /** Number of ops recorded in the current step. */
    private int count;
    private boolean gradEnabled = true;

    // Allocation counters, for tests of the reuse scheme.
    int nodeAllocations;
    int tensorAllocations;
    int bufferAllocations;

    /** Starts the next step: the ops recorded from now on reuse the previous step's buffers. */
    public void reset() {
        count = 0;
    }

    /** Number of ops (including tape constants) recorded since the last {@link #reset()}. */
    public int size() {
        return count;
    }

    /**
     * Turns gradient recording on (the default) or off. Ops recorded while it is off keep no
     * gradient buffers and pass no gradient back: their results behave as constants.
     */
    public void setGradEnabled(boolean enabled) {
        gradEnabled = enabled;
    }

    public boolean isGradEnabled() {
        return gradEnabled;
    }

    // ================================================================ inputs

    /**
     * A constant rows × cols input holding a copy of {@code src[offset, offset + rows·cols)}
     * (row-major). The buffer belongs to the tape and is reused next step; {@code src} is not
     * retained.
     */
    public Tensor constant(int rows, int cols, double[] src, int offset) {
        return constant(InputOps.Constant.NAME, rows, cols, src, offset);
    }

    /** As {@link #constant(int, int, double[], int)}, with a name for messages. */
    public Tensor constant(String name, int rows, int cols, double[] src, int offset) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(name + ": shape must be positive, got " + rows + "×" + cols);
        }
        if (offset < 0 || (long) rows * cols > (long) src.length - offset) {
            throw new IndexOutOfBoundsException(name + ": " + rows + "×" + cols + " values from offset " + offset
                    + " do not fit in an array of length " + src.length);
        }
        Tensor t = InputOps.Constant.apply(this, name, rows, cols);
        System.arraycopy(src, offset, t.value, 0, t.size);
        return t;
    }

    /**
     * A pooled constant rows × cols to fill directly through {@link Tensor#value()} (e.g. with
     * Gaussian noise), saving the copy of {@link #constant}. Its contents are left over from
     * the previous step (zeros the first time): write every entry.
     */
    public Tensor scratch(int rows, int cols) {
        return InputOps.Constant.apply(this, "scratch", rows, cols);
    }

    /** As {@link #scratch(int, int)}, with a name for messages. */
    public Tensor scratch(String name, int rows, int cols) {
        return InputOps.Constant.apply(this, name, rows, cols);
    }

    /** A 1×1 constant. */
    public Tensor scalar(double value) {
        Tensor t = InputOps.Constant.apply(this, "scalar", 1, 1);
        t.value[0] = value;
        return t;
    }

    // ================================================================ matrix products

    /** A·B: A m×k, B k×n → m×n. */
    public Tensor matmul(Tensor a, Tensor b) {
        return MatMulOps.MatMul.apply(this, a, b);
    }

    /** X·W + b, the dense layer: X n×in, W in×out, b 1×out → n×out. */
    public Tensor affine(Tensor x, Tensor w, Tensor b) {
        return MatMulOps.Affine.apply(this, x, w, b);
    }

    // ================================================================ elementwise arithmetic

    /**
     * a + b, elementwise. Either operand may be broadcast: each dimension must match or be 1
     * (same shape, row vector 1×c, column vector r×1, scalar 1×1).
     */
    public Tensor add(Tensor a, Tensor b) {
        return ElementwiseOps.Add.apply(this, a, b);
    }

    /** a − b, elementwise, with broadcasting as in {@link #add}. */
    public Tensor sub(Tensor a, Tensor b) {
        return ElementwiseOps.Sub.apply(this, a, b);
    }

    /** a ⊙ b, elementwise, with broadcasting as in {@link #add}. */
    public Tensor mul(Tensor a, Tensor b) {
        return ElementwiseOps.Mul.apply(this, a, b);
    }

    /** a / b, elementwise, with broadcasting as in {@link #add}. */
    public Tensor div(Tensor a, Tensor b) {
        return ElementwiseOps.Div.apply(this, a, b);
    }

    /** alpha · a. */
    public Tensor scale(Tensor a, double alpha) {
        return ElementwiseOps.Scale.apply(this, a, alpha);
    }

    /** a + c for a number c. */
    public Tensor addScalar(Tensor a, double c) {
        return ElementwiseOps.AddScalar.apply(this, a, c);
    }

    /** −a. */
    public Tensor neg(Tensor a) {
        return ElementwiseOps.Scale.apply(this, a, -1.0);
    }

    // ================================================================ elementwise functions

    /** exp(a). */
    public Tensor exp(Tensor a) {
        return UnaryOps.Exp.apply(this, a);
    }

    /** log(a), natural logarithm. */
    public Tensor log(Tensor a) {
        return UnaryOps.Log.apply(this, a);
    }

    /** a². */
    public Tensor square(Tensor a) {
        return UnaryOps.Square.apply(this, a);
    }

    /** softplus(a) = log(1 + exp(a)), stable for any a. */
    public Tensor softplus(Tensor a) {
        return UnaryOps.Softplus.apply(this, a);
    }

    /** σ(a) = 1 / (1 + exp(−a)). */
    public Tensor sigmoid(Tensor a) {
        return UnaryOps.Sigmoid.apply(this, a);
    }

    /** tanh(a). */
    public Tensor tanh(Tensor a) {
        return UnaryOps.Tanh.apply(this, a);
    }

    /** max(a, 0). */
    public Tensor relu(Tensor a) {
        return UnaryOps.Relu.apply(this, a);
    }

    /** ELU: a for a &gt; 0, exp(a) − 1 otherwise. */
    public Tensor elu(Tensor a) {
        return UnaryOps.Elu.apply(this, a);
    }

    // ================================================================ reductions

    /** Σ of all entries → 1×1. */
    public Tensor sum(Tensor a) {
        return ReductionOps.SumAll.apply(this, a, 1.0);
    }

    /** Mean of all entries → 1×1. */
    public Tensor mean(Tensor a) {
        return ReductionOps.SumAll.apply(this, a, 1.0 / a.size);
    }

    /** Σ over each row: r×c → r×1. */
    public Tensor sumRows(Tensor a) {
        return ReductionOps.SumRows.apply(this, a, 1.0);
    }

    /** Mean over each row: r×c → r×1. */
    public Tensor meanRows(Tensor a) {
        return ReductionOps.SumRows.apply(this, a, 1.0 / a.cols);
    }

    /** Σ over each column: r×c → 1×c. */
    public Tensor sumCols(Tensor a) {
        return ReductionOps.SumCols.apply(this, a, 1.0);
    }

    /** Mean over each column: r×c → 1×c. */
    public Tensor meanCols(Tensor a) {
        return ReductionOps.SumCols.apply(this, a, 1.0 / a.rows);
    }

    /** log Σ_c exp(a[r, c]) for each row, with the row maximum subtracted: r×c → r×1. */
    public Tensor logSumExpRows(Tensor a) {
        return ReductionOps.LogSumExpRows.apply(this, a);
    }

    /**
     * Log-softmax over column groups: a is r × (G·A); within each row, each consecutive group
     * of {@code groupSize} = A columns becomes a − log Σ_group exp(a). Same shape out.
     */
    public Tensor logSoftmaxGroups(Tensor a, int groupSize) {
        return ReductionOps.LogSoftmaxGroups.apply(this, a, groupSize);
    }

    // ================================================================ shapes

    /** Columns [from, to) of a: r×c → r×(to − from). */
    public Tensor sliceCols(Tensor a, int from, int to) {
        return ShapeOps.SliceCols.apply(this, a, from, to);
    }

    /** [a | b], side by side: r×p and r×q → r×(p + q). */
    public Tensor concatCols(Tensor a, Tensor b) {
        return ShapeOps.ConcatCols.apply(this, a, b);
    }

    /**
     * Each row repeated k times, copies adjacent: r×c → (r·k)×c, row i·k + s is row i of a
     * (k samples per example). Backward sums the k copies.
     */
    public Tensor repeatRows(Tensor a, int k) {
        return ShapeOps.RepeatRows.apply(this, a, k);
    }

    /** The same entries in row-major order read as rows × cols (same count), e.g. (n·K)×1 → n×K. */
    public Tensor reshape(Tensor a, int rows, int cols) {
        return ShapeOps.Reshape.apply(this, a, rows, cols);
    }

    /** The value of a, through which no gradient flows back (a constant to backward). */
    public Tensor stopGradient(Tensor a) {
        return ShapeOps.StopGradient.apply(this, a);
    }

    // ================================================================ log-densities and losses

    /**
     * Bernoulli log-likelihood per row from logits: Σ_j x·l − softplus(l), which equals
     * Σ_j x·log σ(l) + (1 − x)·log(1 − σ(l)) and is stable for any l. logits and x both
     * r×c (x in [0, 1]; grey levels allowed) → r×1.
     */
    public Tensor bernoulliLogLik(Tensor logits, Tensor x) {
        return LossOps.BernoulliLogLik.apply(this, logits, x);
    }

    /**
     * Diagonal Gaussian log density per row: −½ Σ_j log 2π + v + (x − m)²·exp(−v). x is r×c;
     * mean and logVar (v, the log-variance) are each r×c, 1×c, r×1 or 1×1 → r×1. Gradients
     * flow to all three (x too, e.g. the reparameterized z in log q(z|x)).
     */
    public Tensor gaussianLogDensity(Tensor x, Tensor mean, Tensor logVar) {
        return LossOps.GaussianLogDensity.apply(this, x, mean, logVar);
    }

    /** Standard normal log density per row: −½ Σ_j log 2π + z². z r×c → r×1. */
    public Tensor stdNormalLogDensity(Tensor z) {
        return LossOps.StdNormalLogDensity.apply(this, z);
    }

    /**
     * KL(N(μ, diag exp(v)) ‖ N(0, I)) per row: ½ Σ_j μ² + exp(v) − 1 − v. mu and logVar both
     * r×c → r×1.
     */
    public Tensor klStdNormal(Tensor mu, Tensor logVar) {
        return LossOps.KlStdNormal.apply(this, mu, logVar);
    }

    /**
     * Categorical log-likelihood per row: Σ over groups of Σ_a x·log softmax(logits) within
     * each group of {@code groupSize} consecutive columns (x one-hot per group; a group of
     * zeros adds nothing). logits and x both r × (G·groupSize) → r×1.
     */
    public Tensor categoricalLogLik(Tensor logits, Tensor x, int groupSize) {
        return LossOps.CategoricalLogLik.apply(this, logits, x, groupSize);
    }

    // ================================================================ backward

    /**
     * Adds dloss/dθ into the gradient of every parameter θ that the 1×1 {@code loss} depends
     * on (and fills the gradients of the intermediates on the way).
     */
    public void backward(Tensor loss) {
        Objects.requireNonNull(loss, "backward: loss");
        if (loss.size != 1) {
            throw Shapes.error("backward", "the loss must be 1×1 (for another shape pass a seed "
                    + "gradient: backward(output, seed, offset))", "loss", loss);
        }
        run(loss, null, 0);
    }

    /**
     * Backward from any output with an explicit seed gradient: dL/d(output) is taken to be
     * {@code seed[offset, offset + output.size())} (row-major), and every parameter receives
     * the vector-Jacobian product seedᵀ · d(output)/dθ.
     */
    public void backward(Tensor output, double[] seed, int offset) {
        Objects.requireNonNull(output, "backward: output");
        Objects.checkFromIndexSize(offset, output.size, seed.length);
        run(output, seed, offset);
    }

    private void run(Tensor output, double[] seed, int offset) {
        checkOperand("backward", output);
        if (!output.requiresGrad) {
            throw new IllegalStateException("backward: " + output + " depends on no tensor that takes a gradient"
                    + (gradEnabled ? "" : " (gradients are disabled on this tape)"));
        }
        if (output.tape == null) { // a parameter: its gradient is the seed itself
            if (seed == null) output.grad[0] += 1.0;
            else Kernels.axpy(output.size, 1.0, seed, offset, output.grad, 0);
            return;
        }
        int last = output.index;
        for (int i = 0; i <= last; i++) nodes[i].out.gradLive = false;
        if (seed == null) output.grad[0] = 1.0;
        else System.arraycopy(seed, offset, output.grad, 0, output.size);
        output.gradLive = true;
        for (int i = last; i >= 0; i--) {
            Node node = nodes[i];
            if (node.out.gradLive) node.backward(this);
        }
    }

    // ================================================================ for the ops

    /**
     * Last step's node at the current position if it is of the given class, else null (then the
     * op makes a new one). No allocation.
     */
    <T extends Node> T reuse(Class<T> type) {
        Node node = count < nodes.length ? nodes[count] : null;
        return node != null && node.getClass() == type ? type.cast(node) : null;
    }

    /**
     * Appends op with an output of shape rows × cols, reusing the op's previous output tensor if
     * the shape matches. The output takes a gradient when one of the inputs does
     * ({@code inputsNeedGrad}) and gradients are enabled. The caller then writes the value.
     */
    Tensor record(Node op, int rows, int cols, boolean inputsNeedGrad) {
        return append(op, Tensor.Kind.INTERMEDIATE, op.op, rows, cols, inputsNeedGrad && gradEnabled);
    }

    /** Appends a constant input node of shape rows × cols. */
    Tensor recordConstant(Node op, String name, int rows, int cols) {
        return append(op, Tensor.Kind.CONSTANT, name, rows, cols, false);
    }

    private Tensor append(Node op, Tensor.Kind kind, String name, int rows, int cols, boolean needsGrad) {
        Tensor t = op.out;
        if (t == null || t.rows != rows || t.cols != cols || t.kind != kind) {
            t = new Tensor(kind, name, rows, cols);
            t.tape = this;
            op.out = t;
            tensorAllocations++;
        }
        t.name = name;
        t.requiresGrad = needsGrad;
        if (needsGrad && t.grad == null) {
            t.grad = new double[t.size];
            bufferAllocations++;
        }
        t.gradLive = false;
        t.index = count;
        if (count == nodes.length) nodes = Arrays.copyOf(nodes, 2 * count);
        if (nodes[count] != op) {
            nodes[count] = op;
            nodeAllocations++;
        }
        count++;
        return t;
    }

    /**
     * Checks that t may be an input here: a leaf (parameter or persistent constant), or a
     * tensor recorded on this tape in the current step.
     */
    void checkOperand(String op, Tensor t) {
        if (t == null) throw new NullPointerException(op + ": an operand is null");
        if (t.tape == null) return;
        if (t.tape != this) {
            throw new IllegalArgumentException(op + ": " + t + " was recorded on another tape");
        }
        if (t.index >= count || nodes[t.index].out != t) {
            throw new IllegalArgumentException(op + ": " + t + " is from an earlier step (recorded before the"
                    + " last reset()); results of ops are valid until the next reset()");
        }
    }

    /**
     * For a backward pass: whether t takes a gradient. If so, t.grad is ready to be added into:
     * an intermediate's gradient is zeroed the first time it is asked for in this pass.
     */
    boolean needsGrad(Tensor t) {
        if (!t.requiresGrad) return false;
        if (t.tape != null && !t.gradLive) {
            OpKernels.zeroRows(t.rows, t.cols, t.grad, 0);
            t.gradLive = true;
        }
        return true;
    }
}
