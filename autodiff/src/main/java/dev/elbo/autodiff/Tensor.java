package dev.elbo.autodiff;

import dev.elbo.core.Kernels;

/**
 * A matrix of doubles with an optional gradient: {@code rows × cols}, stored row-major in
 * {@link #value()} (entry (r, c) at index {@code r·cols + c}); {@link #grad()} has the same
 * layout and holds dL/d(entry) after {@link Tape#backward}.
 *
 * <p>Three kinds:
 * <ul>
 *   <li><b>parameters</b> ({@link #parameter}): persistent leaves owned by a model. Their
 *       gradient accumulates over every backward pass until {@link #zeroGrad()}, so an
 *       optimizer step reads it and then clears it.</li>
 *   <li><b>constants</b> (data, noise, masks): no gradient. Made with {@link #constant} for a
 *       persistent one, or {@link Tape#constant}/{@link Tape#scratch} for a per-step input whose
 *       buffer the tape reuses.</li>
 *   <li><b>intermediates</b>: results of ops recorded on a {@link Tape}. The tape owns them and
 *       reuses the object and its buffers in the next step: a reference to an intermediate is
 *       valid until the next {@link Tape#reset()}.</li>
 * </ul>
 *
 * <p>{@code value()} and {@code grad()} return the live buffers, not copies: writing into a
 * parameter's values (initialization, an optimizer step) is how they are meant to be changed.
 */
public final class Tensor {

    enum Kind { PARAMETER, CONSTANT, INTERMEDIATE }

    final Kind kind;
    /** A parameter's or constant's name, or the name of the op that produced an intermediate. */
    String name;
    final int rows;
    final int cols;
    final int size;
    final double[] value;
    /** dL/d(value); null while this tensor takes no gradient (constants, no-grad results). */
    double[] grad;
    /** Whether a backward pass accumulates into {@link #grad}. */
    boolean requiresGrad;

    // ---- bookkeeping of intermediates (set by the tape)
    /** The tape that recorded this intermediate, null for leaves. */
    Tape tape;
    /** Position of the producing node on {@link #tape}. */
    int index = -1;
    /** Within one backward pass: grad has been zeroed and holds accumulated contributions. */
    boolean gradLive;

    Tensor(Kind kind, String name, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(name + ": shape must be positive, got " + rows + "×" + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": too many entries: " + rows + "×" + cols);
        }
        this.kind = kind;
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.size = rows * cols;
        this.value = new double[size];
    }

    /**
     * A trainable parameter of shape rows × cols, values zero (initialize them through
     * {@link #value()}), gradient zero.
     */
    public static Tensor parameter(String name, int rows, int cols) {
        Tensor t = new Tensor(Kind.PARAMETER, name, rows, cols);
        t.grad = new double[t.size];
        t.requiresGrad = true;
        return t;
    }

    /**
     * A persistent constant (no gradient) holding a copy of {@code values} (row-major, length
     * rows·cols). For per-step inputs prefer {@link Tape#constant}, which reuses its buffer.
     */
    public static Tensor constant(String name, int rows, int cols, double[] values) {
        Tensor t = new Tensor(Kind.CONSTANT, name, rows, cols);
        if (values.length != t.size) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for a "
                    + rows + "×" + cols + " constant");
        }
        System.arraycopy(values, 0, t.value, 0, t.size);
        return t;
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** rows · cols. */
    public int size() { return size; }

    /** The name given at creation, or for an intermediate the name of its op. */
    public String name() { return name; }

    /** Shape as {@code "rows×cols"}. */
    public String shape() { return rows + "×" + cols; }

    /** The live row-major value buffer (length rows·cols). */
    public double[] value() { return value; }

    /**
     * The live row-major gradient buffer; null for constants and for results that take no
     * gradient. A parameter always has one (zeros while frozen).
     */
    public double[] grad() { return kind == Kind.PARAMETER || requiresGrad ? grad : null; }

    public boolean isParameter() { return kind == Kind.PARAMETER; }

    public boolean isConstant() { return kind == Kind.CONSTANT; }

    /** Whether backward passes accumulate a gradient into this tensor. */
    public boolean requiresGrad() { return requiresGrad; }

    /**
     * Freezes ({@code false}) or unfreezes a parameter: a frozen parameter takes no gradient
     * and the ops that read it skip that part of their backward pass (e.g. fitting an encoder
     * against a fixed decoder). Only parameters can be frozen.
     */
    public void setRequiresGrad(boolean requires) {
        if (kind != Kind.PARAMETER) {
            throw new IllegalStateException(this + ": only parameters can be frozen or unfrozen");
        }
        requiresGrad = requires;
    }

    /** Entry (r, c) of the value. */
    public double get(int r, int c) {
        checkIndex(r, c);
        return value[r * cols + c];
    }

    /** Sets entry (r, c) of a parameter or a constant (an intermediate is read-only). */
    public void set(int r, int c, double v) {
        if (kind == Kind.INTERMEDIATE) {
            throw new IllegalStateException(this + ": results of ops are read-only");
        }
        checkIndex(r, c);
        value[r * cols + c] = v;
    }

    /** The single value of a 1×1 tensor (a loss, a bound). */
    public double item() {
        if (size != 1) throw new IllegalStateException(this + ": item() needs a 1×1 tensor");
        return value[0];
    }

    /** Entry (r, c) of the gradient (0 when this tensor has no gradient buffer). */
    public double gradAt(int r, int c) {
        checkIndex(r, c);
        double[] g = grad();
        return g == null ? 0.0 : g[r * cols + c];
    }

    /** Sets the gradient to zero (what an optimizer does after each step). */
    public void zeroGrad() {
        if (grad != null) Kernels.fill(size, 0.0, grad, 0);
    }

    private void checkIndex(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException(this + ": no entry (" + r + ", " + c + ")");
        }
    }

    /** Name and shape, e.g. {@code enc.w1 784×200} or {@code tanh#3 32×200}. */
    @Override
    public String toString() {
        return (kind == Kind.INTERMEDIATE ? name + "#" + index : name) + " " + shape();
    }
}
