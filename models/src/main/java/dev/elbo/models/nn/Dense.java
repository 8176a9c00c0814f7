package dev.elbo.models.nn;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import java.util.List;

/**
 * A fully connected layer without its activation: Y = X·W + b, with X n × in (one example per
 * row), W in × out and b 1 × out (added to every row). Parameters are named
 * {@code <name>.w} and {@code <name>.b}.
 */
public final class Dense {
    private final Tensor w;
    private final Tensor b;

    /**
     * A layer of {@code in} inputs and {@code out} outputs, W drawn from {@code init} with
     * {@code rng}, b zero.
     */
    public Dense(String name, int in, int out, Init init, Rng rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException(name + ": layer sizes must be positive, got " + in + "×" + out);
        }
        w = Tensor.parameter(name + ".w", in, out);
        b = Tensor.parameter(name + ".b", 1, out);
        init.fill(w, rng);
    }

    /** X·W + b: x is n × in, the result n × out. */
    public Tensor forward(Tape tape, Tensor x) {
        return tape.affine(x, w, b);
    }

    /** The weights, in × out. */
    public Tensor weights() {
        return w;
    }

    /** The bias, 1 × out. */
    public Tensor bias() {
        return b;
    }

    public int in() {
        return w.rows();
    }

    public int out() {
        return w.cols();
    }

    /** [w, b]. */
    public List<Tensor> parameters() {
        return List.of(w, b);
    }
}
