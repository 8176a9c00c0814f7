package dev.elbo.models.nn;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import java.util.Locale;

/**
 * The nonlinearity applied after each hidden layer of an {@link Mlp}, and the weight
 * initialization that keeps activations at a steady scale through it (see {@link Init}).
 */
public enum Activation {
    /** tanh(a): the IWAE paper's choice; odd, saturating. */
    TANH(Init.GLOROT_UNIFORM),
    /** max(a, 0). */
    RELU(Init.HE_UNIFORM),
    /** log(1 + e^a): a smooth relu. */
    SOFTPLUS(Init.GLOROT_UNIFORM),
    /** a for a &gt; 0, e^a − 1 otherwise: smooth at 0 (first derivative continuous). */
    ELU(Init.HE_UNIFORM),
    /** a: no nonlinearity (a linear network). */
    IDENTITY(Init.GLOROT_UNIFORM);

    private final Init init;

    Activation(Init init) {
        this.init = init;
    }

    /** Records the activation of {@code a} on the tape (IDENTITY records nothing and returns a). */
    public Tensor apply(Tape tape, Tensor a) {
        switch (this) {
            case TANH: return tape.tanh(a);
            case RELU: return tape.relu(a);
            case SOFTPLUS: return tape.softplus(a);
            case ELU: return tape.elu(a);
            case IDENTITY: return a;
            default: throw new AssertionError(this);
        }
    }

    /** The weight initialization suited to a layer followed by this activation. */
    public Init init() {
        return init;
    }

    /** The lower-case name used in JSON and on the command line, e.g. {@code "tanh"}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation named {@code name} (case-insensitive), or an error listing the names. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name)) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + name + "' (expected one of " + names() + ")");
    }

    /** "tanh, relu, softplus, elu, identity". */
    public static String names() {
        StringBuilder s = new StringBuilder();
        for (Activation a : values()) {
            if (s.length() > 0) s.append(", ");
            s.append(a.jsonName());
        }
        return s.toString();
    }
}
