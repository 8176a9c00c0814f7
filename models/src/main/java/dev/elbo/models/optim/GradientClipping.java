package dev.elbo.models.optim;

import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Kernels;
import java.util.List;

/**
 * Clipping by the global norm (Pascanu, Mikolov and Bengio, 2013): all gradients are treated as
 * one vector g; when ‖g‖₂ exceeds c, every gradient is scaled by c / ‖g‖₂, so the direction is
 * kept and only the length is capped. Gradients are read and changed in place; nothing is
 * allocated.
 */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * ‖g‖₂ over the gradients of all given parameters (frozen ones included: theirs are zero):
     * √(Σ g²), summed parameter by parameter in list order. NaN if any gradient entry is NaN,
     * +∞ if any is infinite (or the sum overflows).
     */
    public static double globalNorm(List<Tensor> parameters) {
        double sumOfSquares = 0;
        for (int p = 0, n = parameters.size(); p < n; p++) {
            Tensor t = parameters.get(p);
            double[] g = t.grad();
            if (g != null) {
                sumOfSquares += Kernels.dot(t.size(), g, 0, g, 0);
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales the gradients so their global norm is at most {@code maxNorm}, and returns the norm
     * before clipping. Nothing changes when the norm is within the bound, when {@code maxNorm} is
     * +∞ (clipping off), or when the norm is not finite (the caller decides what a NaN gradient
     * means; scaling would only spread it).
     *
     * @param maxNorm c &gt; 0, or {@link Double#POSITIVE_INFINITY} to only measure
     */
    public static double clipByGlobalNorm(List<Tensor> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("GradientClipping: the maximal norm must be > 0, got " + maxNorm);
        }
        double norm = globalNorm(parameters);
        if (norm > maxNorm && norm < Double.POSITIVE_INFINITY) {
            double factor = maxNorm / norm;
            for (int p = 0, n = parameters.size(); p < n; p++) {
                Tensor t = parameters.get(p);
                double[] g = t.grad();
                if (g != null) {
                    Kernels.scale(t.size(), factor, g, 0, g, 0);
                }
            }
        }
        return norm;
    }
}
