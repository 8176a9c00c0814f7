package dev.elbo.models.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an optimizer remembers between steps: its algorithm's name, the number of steps taken,
 * and its per-parameter buffers, grouped by slot ({@code "m"} → one array per parameter, in the
 * optimizer's parameter order, each as long as that parameter).
 *
 * <p>The arrays are held as given (an optimizer's {@link Optimizer#state()} hands out copies).
 */
public record OptimizerState(String algorithm, long step, Map<String, List<double[]>> slots) {

    /** Checks the fields and freezes the map (insertion order kept). */
    public OptimizerState {
        Objects.requireNonNull(algorithm, "algorithm");
        if (step < 0) {
            throw new IllegalArgumentException("OptimizerState: negative step count " + step);
        }
        Map<String, List<double[]>> copy = new LinkedHashMap<>();
        slots.forEach((name, buffers) -> copy.put(name, Collections.unmodifiableList(new ArrayList<>(buffers))));
        slots = Collections.unmodifiableMap(copy);
    }

    /** The buffer of slot {@code slot} for parameter number {@code parameter}. */
    public double[] buffer(String slot, int parameter) {
        List<double[]> buffers = slots.get(slot);
        if (buffers == null) {
            throw new IllegalArgumentException("OptimizerState: no slot '" + slot + "' (have " + slots.keySet() + ")");
        }
        return buffers.get(parameter);
    }
}
