package dev.elbo.models.dist;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.models.nn.Mlp;
import java.util.List;

/**
 * The inference network: an MLP from x (n × D) to 2L numbers per example, read as the two heads
 * [μ | log σ²] of the diagonal Gaussian q(z|x) = N(μ, diag σ²). Predicting log σ² (not σ)
 * keeps σ positive without a constraint.
 */
public final class GaussianEncoder {
    private final Mlp network;
    private final int latentDim;

    /** An encoder whose network has 2L outputs: columns [0, L) are μ, [L, 2L) are log σ². */
    public GaussianEncoder(Mlp network) {
        if (network.out() % 2 != 0) {
            throw new IllegalArgumentException("GaussianEncoder: the network must output [μ | log σ²], an even number of columns, got "
                    + network.out());
        }
        this.network = network;
        this.latentDim = network.out() / 2;
    }

    /** Fills {@code into} with q(z|x) for the rows of x (n × D) and returns it. */
    public DiagonalGaussian posterior(Tape tape, Tensor x, DiagonalGaussian into) {
        Tensor heads = network.forward(tape, x);                       // n × 2L
        return into.set(tape.sliceCols(heads, 0, latentDim), tape.sliceCols(heads, latentDim, 2 * latentDim));
    }

    /** L. */
    public int latentDim() {
        return latentDim;
    }

    /** D. */
    public int inputDim() {
        return network.in();
    }

    public Mlp network() {
        return network;
    }

    public List<Tensor> parameters() {
        return network.parameters();
    }
}
