package dev.elbo.models.nn;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A multilayer perceptron: layer sizes [in, h1, …, hm, out] give m + 1 {@link Dense} layers;
 * the activation follows each hidden layer, the last layer is linear (its output is the
 * parameters of a distribution: μ and log σ², logits, …). With no hidden layers
 * ({@code [in, out]}) it is one affine map, e.g. the linear decoder of probabilistic PCA.
 *
 * <p>Layer i is named {@code <name>.dense<i>} (parameters {@code <name>.dense<i>.w},
 * {@code .b}); {@link #parameters()} lists them layer by layer, w before b. Hidden layers are
 * initialized for the activation ({@link Activation#init()}), the linear output layer with
 * Glorot; layers draw from {@code rng} in order, so the same seed gives the same network.
 */
public final class Mlp {
    private final Dense[] layers;
    private final Activation activation;
    private final List<Tensor> parameters;

    public Mlp(String name, int[] sizes, Activation activation, Rng rng) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException(name + ": an MLP needs at least an input and an output size, got "
                    + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s <= 0) throw new IllegalArgumentException(name + ": layer sizes must be positive, got " + Arrays.toString(sizes));
        }
        this.activation = activation;
        layers = new Dense[sizes.length - 1];
        List<Tensor> params = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            boolean last = i == layers.length - 1;
            Init init = last ? Init.GLOROT_UNIFORM : activation.init();
            layers[i] = new Dense(name + ".dense" + i, sizes[i], sizes[i + 1], init, rng);
            params.addAll(layers[i].parameters());
        }
        parameters = Collections.unmodifiableList(params);
    }

    /** The output for x (n × in): n × out. */
    public Tensor forward(Tape tape, Tensor x) {
        Tensor h = x;
        for (int i = 0; i < layers.length; i++) {
            h = layers[i].forward(tape, h);
            if (i < layers.length - 1) h = activation.apply(tape, h);
        }
        return h;
    }

    public int in() {
        return layers[0].in();
    }

    public int out() {
        return layers[layers.length - 1].out();
    }

    /** Number of dense layers (hidden layers + 1). */
    public int depth() {
        return layers.length;
    }

    /** Dense layer i, 0 ≤ i &lt; {@link #depth()}. */
    public Dense layer(int i) {
        return layers[i];
    }

    /** The last (linear) layer, whose bias a likelihood may initialize from the data. */
    public Dense outputLayer() {
        return layers[layers.length - 1];
    }

    public Activation activation() {
        return activation;
    }

    /** All weights and biases, layer by layer, w before b; an unmodifiable list. */
    public List<Tensor> parameters() {
        return parameters;
    }
}
