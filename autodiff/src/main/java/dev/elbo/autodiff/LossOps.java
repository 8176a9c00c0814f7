package dev.elbo.autodiff;

import dev.elbo.core.OpKernels;

/**
 * Fused, numerically stable log-densities and the Gaussian KL, one value per row (r×1), so an
 * ELBO or IWAE bound can combine per-example and per-sample terms before reducing. Fused
 * means: one pass forward, one pass per input backward, no intermediate r×c tensors, and the
 * stable form of each formula (softplus of logits, log-variances, a log-sum-exp per group).
 */
final class LossOps {
    private LossOps() {}

    /**
     * y[r] = Σ_j x·l − softplus(l) = Σ_j x·log σ(l) + (1 − x)·log(1 − σ(l)): the Bernoulli
     * log-likelihood of data x ∈ [0, 1] under logits l, both r×c.
     */
    static final class BernoulliLogLik extends Node {
        static final String NAME = "bernoulliLogLik";
        private Tensor logits, x;

        BernoulliLogLik() { super(NAME); }

        static Tensor apply(Tape tape, Tensor logits, Tensor x) {
            tape.checkOperand(NAME, logits);
            tape.checkOperand(NAME, x);
            Shapes.requireSameShape(NAME, "logits", logits, "x", x);
            BernoulliLogLik op = tape.reuse(BernoulliLogLik.class);
            if (op == null) op = new BernoulliLogLik();
            op.logits = logits;
            op.x = x;
            Tensor y = tape.record(op, x.rows, 1, logits.requiresGrad || x.requiresGrad);
            OpKernels.bernoulliLogLikRows(x.rows, x.cols, logits.value, 0, x.value, 0, y.value, 0);
            return y;
        }

        /** dl[r, j] += dy[r]·(x − σ(l)); dx[r, j] += dy[r]·l. */
        @Override
        void backward(Tape tape) {
            int rows = x.rows, cols = x.cols;
            if (tape.needsGrad(logits)) {
                OpKernels.bernoulliLogLikBackwardAcc(rows, cols, logits.value, 0, x.value, 0, out.grad, 0, logits.grad, 0);
            }
            if (tape.needsGrad(x)) OpKernels.mulColumnVectorAcc(rows, cols, 1.0, out.grad, 0, logits.value, 0, x.grad, 0);
        }
    }

    /**
     * y[r] = −½ Σ_j log 2π + v + (x − m)²·e^{−v}: the log density of x (r×c) under
     * N(mean, diag exp(logVar)), where mean and logVar are each r×c, 1×c (one per feature),
     * r×1 (one per example) or 1×1.
     */
    static final class GaussianLogDensity extends Node {
        static final String NAME = "gaussianLogDensity";
        private Tensor x, mean, logVar;

        GaussianLogDensity() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, Tensor mean, Tensor logVar) {
            tape.checkOperand(NAME, x);
            tape.checkOperand(NAME, mean);
            tape.checkOperand(NAME, logVar);
            Shapes.requireBroadcastsTo(NAME, "mean", mean, "x", x);
            Shapes.requireBroadcastsTo(NAME, "logVar", logVar, "x", x);
            GaussianLogDensity op = tape.reuse(GaussianLogDensity.class);
            if (op == null) op = new GaussianLogDensity();
            op.x = x;
            op.mean = mean;
            op.logVar = logVar;
            Tensor y = tape.record(op, x.rows, 1, x.requiresGrad || mean.requiresGrad || logVar.requiresGrad);
            int rows = x.rows, cols = x.cols;
            OpKernels.gaussianLogDensityRows(rows, cols, x.value, 0,
                    mean.value, 0, Shapes.rowStride(mean, rows), Shapes.colStride(mean, cols),
                    logVar.value, 0, Shapes.rowStride(logVar, rows), Shapes.colStride(logVar, cols),
                    y.value, 0);
            return y;
        }

        /**
         * With d = x − m and p = e^{−v}: dx += −dy·d·p, dm += dy·d·p, dv += ½·dy·(d²·p − 1),
         * each summed over the dimensions its tensor was broadcast along.
         */
        @Override
        void backward(Tape tape) {
            int rows = x.rows, cols = x.cols;
            int mRs = Shapes.rowStride(mean, rows), mCs = Shapes.colStride(mean, cols);
            int vRs = Shapes.rowStride(logVar, rows), vCs = Shapes.colStride(logVar, cols);
            if (tape.needsGrad(x)) {
                OpKernels.gaussianResidualAcc(rows, cols, -1.0, x.value, 0, mean.value, 0, mRs, mCs,
                        logVar.value, 0, vRs, vCs, out.grad, 0, x.grad, 0, cols, 1);
            }
            if (tape.needsGrad(mean)) {
                OpKernels.gaussianResidualAcc(rows, cols, 1.0, x.value, 0, mean.value, 0, mRs, mCs,
                        logVar.value, 0, vRs, vCs, out.grad, 0, mean.grad, 0, mRs, mCs);
            }
            if (tape.needsGrad(logVar)) {
                OpKernels.gaussianLogVarBackwardAcc(rows, cols, x.value, 0, mean.value, 0, mRs, mCs,
                        logVar.value, 0, vRs, vCs, out.grad, 0, logVar.grad, 0);
            }
        }
    }

    /** y[r] = −½ Σ_j log 2π + z²: the log density of z (r×c) under N(0, I). */
    static final class StdNormalLogDensity extends Node {
        static final String NAME = "stdNormalLogDensity";
        private Tensor z;

        StdNormalLogDensity() { super(NAME); }

        static Tensor apply(Tape tape, Tensor z) {
            tape.checkOperand(NAME, z);
            StdNormalLogDensity op = tape.reuse(StdNormalLogDensity.class);
            if (op == null) op = new StdNormalLogDensity();
            op.z = z;
            Tensor y = tape.record(op, z.rows, 1, z.requiresGrad);
            OpKernels.stdNormalLogDensityRows(z.rows, z.cols, z.value, 0, y.value, 0);
            return y;
        }

        /** dz[r, j] += −dy[r]·z. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(z)) OpKernels.mulColumnVectorAcc(z.rows, z.cols, -1.0, out.grad, 0, z.value, 0, z.grad, 0);
        }
    }

    /**
     * y[r] = ½ Σ_j μ² + e^{v} − 1 − v = KL(N(μ, diag e^{v}) ‖ N(0, I)) per row, μ and v (the
     * log-variance) both r×c.
     */
    static final class KlStdNormal extends Node {
        static final String NAME = "klStdNormal";
        private Tensor mu, logVar;

        KlStdNormal() { super(NAME); }

        static Tensor apply(Tape tape, Tensor mu, Tensor logVar) {
            tape.checkOperand(NAME, mu);
            tape.checkOperand(NAME, logVar);
            Shapes.requireSameShape(NAME, "mu", mu, "logVar", logVar);
            KlStdNormal op = tape.reuse(KlStdNormal.class);
            if (op == null) op = new KlStdNormal();
            op.mu = mu;
            op.logVar = logVar;
            Tensor y = tape.record(op, mu.rows, 1, mu.requiresGrad || logVar.requiresGrad);
            OpKernels.klStdNormalRows(mu.rows, mu.cols, mu.value, 0, logVar.value, 0, y.value, 0);
            return y;
        }

        /** dμ[r, j] += dy[r]·μ; dv[r, j] += ½·dy[r]·(e^{v} − 1). */
        @Override
        void backward(Tape tape) {
            int rows = mu.rows, cols = mu.cols;
            if (tape.needsGrad(mu)) OpKernels.mulColumnVectorAcc(rows, cols, 1.0, out.grad, 0, mu.value, 0, mu.grad, 0);
            if (tape.needsGrad(logVar)) OpKernels.klLogVarBackwardAcc(rows, cols, logVar.value, 0, out.grad, 0, logVar.grad, 0);
        }
    }

    /**
     * y[r] = Σ_g Σ_a x[r, gA + a] · log softmax(l[r, gA : gA + A])[a]: the categorical
     * log-likelihood of one-hot data x under logits l, both r × (G·A), normalized per group of
     * A consecutive columns. Forward keeps the per-group log-normalizers for backward.
     */
    static final class CategoricalLogLik extends Node {
        static final String NAME = "categoricalLogLik";
        private Tensor logits, x;
        private int groupSize;
        /** log Σ_a exp(l) of each (row, group), rows × G; kept between steps when the size fits. */
        private double[] logNormalizers;

        CategoricalLogLik() { super(NAME); }

        static Tensor apply(Tape tape, Tensor logits, Tensor x, int groupSize) {
            tape.checkOperand(NAME, logits);
            tape.checkOperand(NAME, x);
            Shapes.requireSameShape(NAME, "logits", logits, "x", x);
            if (groupSize <= 0 || x.cols % groupSize != 0) {
                throw Shapes.error(NAME, "columns are not a whole number of groups of " + groupSize, "logits", logits, "x", x);
            }
            CategoricalLogLik op = tape.reuse(CategoricalLogLik.class);
            if (op == null) op = new CategoricalLogLik();
            op.logits = logits;
            op.x = x;
            op.groupSize = groupSize;
            int groups = x.cols / groupSize;
            if (op.logNormalizers == null || op.logNormalizers.length != x.rows * groups) {
                op.logNormalizers = new double[x.rows * groups];
                tape.bufferAllocations++;
            }
            Tensor y = tape.record(op, x.rows, 1, logits.requiresGrad || x.requiresGrad);
            OpKernels.categoricalLogLikRows(x.rows, groups, groupSize, logits.value, 0, x.value, 0,
                    op.logNormalizers, 0, y.value, 0);
            return y;
        }

        /**
         * With p = softmax of the group and S = Σ_a x over the group (1 when one-hot):
         * dl += dy[r]·(x − p·S); dx += dy[r]·(l − lse).
         */
        @Override
        void backward(Tape tape) {
            int rows = x.rows, groups = x.cols / groupSize;
            if (tape.needsGrad(logits)) {
                OpKernels.categoricalLogLikBackwardAcc(rows, groups, groupSize, logits.value, 0, x.value, 0,
                        logNormalizers, 0, out.grad, 0, logits.grad, 0);
            }
            if (tape.needsGrad(x)) {
                OpKernels.categoricalDataBackwardAcc(rows, groups, groupSize, logits.value, 0,
                        logNormalizers, 0, out.grad, 0, x.grad, 0);
            }
        }
    }
}
