package dev.elbo.models.optim;

import dev.elbo.autodiff.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bookkeeping Adam and SGD share: the parameter list, one buffer per parameter for each
 * named slot, the step count, and the export and import of all three.
 */
abstract class SlotOptimizer implements Optimizer {
    private final String algorithm;
    final Tensor[] params;
    private final List<Tensor> paramList;
    private final List<String> slotNames;
    /** slots[s][p]: buffer of slot s for parameter p, as long as the parameter. */
    final double[][][] slots;
    /** Steps taken so far; the update being made is number {@code step + 1}. */
    long step;

    SlotOptimizer(String algorithm, List<Tensor> parameters, List<String> slotNames) {
        this.algorithm = algorithm;
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(algorithm + ": no parameters to optimize");
        }
        Set<Tensor> seen = new HashSet<>();
        for (Tensor p : parameters) {
            if (p == null || !p.isParameter()) {
                throw new IllegalArgumentException(algorithm + ": " + p + " is not a parameter tensor");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(algorithm + ": parameter " + p + " is listed twice");
            }
        }
        this.params = parameters.toArray(new Tensor[0]);
        this.paramList = List.of(params);
        this.slotNames = List.copyOf(slotNames);
        this.slots = new double[slotNames.size()][params.length][];
        for (double[][] slot : slots) {
            for (int p = 0; p < params.length; p++) {
                slot[p] = new double[params[p].size()];
            }
        }
    }

    /** Updates parameter {@code p}'s values from its gradient; {@link #step} is already the new count. */
    abstract void update(int p, double learningRate);

    @Override
    public final void step(double learningRate) {
        if (!(learningRate >= 0 && learningRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(algorithm + ".step: learning rate must be finite and >= 0, got "
                    + learningRate);
        }
        step++;
        for (int p = 0; p < params.length; p++) {
            if (params[p].requiresGrad()) {
                update(p, learningRate);
                params[p].zeroGrad();
            }
        }
    }

    @Override
    public final List<Tensor> parameters() {
        return paramList;
    }

    @Override
    public final long stepCount() {
        return step;
    }

    @Override
    public final String algorithm() {
        return algorithm;
    }

    @Override
    public final List<String> slotNames() {
        return slotNames;
    }

    @Override
    public final OptimizerState state() {
        Map<String, List<double[]>> copy = new LinkedHashMap<>();
        for (int s = 0; s < slots.length; s++) {
            List<double[]> buffers = new ArrayList<>(params.length);
            for (double[] b : slots[s]) {
                buffers.add(b.clone());
            }
            copy.put(slotNames.get(s), buffers);
        }
        return new OptimizerState(algorithm, step, copy);
    }

    @Override
    public final void restore(OptimizerState state) {
        if (!state.algorithm().equals(algorithm)) {
            throw new IllegalArgumentException(algorithm + ".restore: the state is from '" + state.algorithm()
                    + "', not '" + algorithm + "'");
        }
        if (!state.slots().keySet().equals(Set.copyOf(slotNames))) {
            throw new IllegalArgumentException(algorithm + ".restore: the state has slots " + state.slots().keySet()
                    + ", expected " + slotNames);
        }
        // check everything before changing anything
        for (String name : slotNames) {
            List<double[]> buffers = state.slots().get(name);
            if (buffers.size() != params.length) {
                throw new IllegalArgumentException(algorithm + ".restore: slot '" + name + "' has "
                        + buffers.size() + " buffers for " + params.length + " parameters");
            }
            for (int p = 0; p < params.length; p++) {
                if (buffers.get(p).length != params[p].size()) {
                    throw new IllegalArgumentException(algorithm + ".restore: slot '" + name + "' of "
                            + params[p] + " holds " + buffers.get(p).length + " values, expected "
                            + params[p].size());
                }
            }
        }
        for (int s = 0; s < slots.length; s++) {
            List<double[]> buffers = state.slots().get(slotNames.get(s));
            for (int p = 0; p < params.length; p++) {
                System.arraycopy(buffers.get(p), 0, slots[s][p], 0, slots[s][p].length);
            }
        }
        step = state.step();
    }

    static double requireIn(String what, double value, double lo, boolean loOpen, double hi, boolean hiOpen) {
        boolean ok = (loOpen ? value > lo : value >= lo) && (hiOpen ? value < hi : value <= hi);
        if (!ok) {
            throw new IllegalArgumentException(what + " must be in " + (loOpen ? "(" : "[") + lo + ", " + hi
                    + (hiOpen ? ")" : "]") + ", got " + value);
        }
        return value;
    }
}
