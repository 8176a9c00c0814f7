/**
 * Reverse-mode automatic differentiation over row-major {@code double[]} matrices.
 *
 * <ul>
 *   <li>{@link dev.elbo.autodiff.Tensor}: a rows × cols value with an optional gradient;
 *       parameters (persistent, trainable), constants, and results of ops.</li>
 *   <li>{@link dev.elbo.autodiff.Tape}: records the ops of one step (its methods read like the
 *       math: {@code t.tanh(t.affine(x, w, b))}), runs their vector-Jacobian products in
 *       reverse on {@code backward}, and reuses every buffer in the next step.</li>
 *   <li>{@link dev.elbo.autodiff.GradCheck}: compares gradients with finite differences.</li>
 * </ul>
 *
 * <p>The ops live in package-private families, one small class per op with its forward and its
 * VJP side by side: {@code MatMulOps}, {@code ElementwiseOps}, {@code UnaryOps},
 * {@code ReductionOps}, {@code ShapeOps}, {@code LossOps}, {@code InputOps}. Their loops are
 * in {@link dev.elbo.core.Kernels}, {@link dev.elbo.core.OpKernels} and
 * {@link dev.elbo.core.Gemm}.
 */
package dev.elbo.autodiff;
