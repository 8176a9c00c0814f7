package dev.elbo.autodiff;

/**
 * Shape rules shared by the ops: the error messages for shape misuse, and broadcasting.
 *
 * <p>Broadcasting follows the usual rule in two dimensions: two shapes are compatible when,
 * in each dimension, they are equal or one of them is 1; the result takes the larger size. So
 * the operand of an elementwise op can be the same shape, a row vector 1×c, a column vector
 * r×1 or a scalar 1×1 (either operand; 1×c with r×1 gives an r×c "outer" result). A
 * broadcast operand is read with strides 0 along its broadcast dimensions (see
 * {@link dev.elbo.core.OpKernels}).
 */
final class Shapes {
    private Shapes() {}

    /** "label is r×c", with the tensor's name in brackets: {@code w is 784×200 [enc.w1]}. */
    static String describe(String label, Tensor t) {
        return label + " is " + t.shape() + " [" + (t.kind == Tensor.Kind.INTERMEDIATE ? t.name + "#" + t.index : t.name) + "]";
    }

    static IllegalArgumentException error(String op, String problem, String la, Tensor a) {
        return new IllegalArgumentException(op + ": " + problem + ": " + describe(la, a));
    }

    static IllegalArgumentException error(String op, String problem, String la, Tensor a, String lb, Tensor b) {
        return new IllegalArgumentException(op + ": " + problem + ": " + describe(la, a) + ", " + describe(lb, b));
    }

    static boolean sameShape(Tensor a, Tensor b) {
        return a.rows == b.rows && a.cols == b.cols;
    }

    /** Throws unless a and b have the same shape. */
    static void requireSameShape(String op, String la, Tensor a, String lb, Tensor b) {
        if (!sameShape(a, b)) throw error(op, "shapes differ", la, a, lb, b);
    }

    /** Rows of the broadcast result of a and b, or an error naming the op and both shapes. */
    static int broadcastRows(String op, String la, Tensor a, String lb, Tensor b) {
        if (a.rows == b.rows || b.rows == 1) return a.rows;
        if (a.rows == 1) return b.rows;
        throw error(op, "shapes do not broadcast (each dimension must match or be 1)", la, a, lb, b);
    }

    /** Columns of the broadcast result of a and b, or an error naming the op and both shapes. */
    static int broadcastCols(String op, String la, Tensor a, String lb, Tensor b) {
        if (a.cols == b.cols || b.cols == 1) return a.cols;
        if (a.cols == 1) return b.cols;
        throw error(op, "shapes do not broadcast (each dimension must match or be 1)", la, a, lb, b);
    }

    /** Throws unless t broadcasts to rows × cols (each dimension equal or 1). */
    static void requireBroadcastsTo(String op, String lt, Tensor t, String lx, Tensor x) {
        if ((t.rows != x.rows && t.rows != 1) || (t.cols != x.cols && t.cols != 1)) {
            throw error(op, lt + " must be " + x.shape() + ", 1×" + x.cols + ", " + x.rows + "×1 or 1×1",
                    lt, t, lx, x);
        }
    }

    /** Row stride of t read as a rows-row operand: 0 when t is one row broadcast down. */
    static int rowStride(Tensor t, int rows) {
        return t.rows == rows ? t.cols : 0;
    }

    /** Column stride of t read as a cols-column operand: 0 when t is one column broadcast across. */
    static int colStride(Tensor t, int cols) {
        return t.cols == cols ? 1 : 0;
    }
}
