package dev.elbo.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Shape misuse throws IllegalArgumentException naming the op and both shapes, and records nothing. */
class ShapeErrorTest {

    private static Tensor m(int rows, int cols) {
        return Tensor.constant("m", rows, cols, new double[rows * cols]);
    }

    private static Arguments misuse(String expectedStart, Consumer<Tape> call, String... fragments) {
        return Arguments.of(expectedStart, call, fragments);
    }

    static Stream<Arguments> misuses() {
        return Stream.of(
                misuse("matmul: inner dimensions differ", t -> t.matmul(m(100, 784), m(200, 50)), "a is 100×784", "b is 200×50"),
                misuse("affine: inner dimensions differ", t -> t.affine(m(32, 784), m(200, 50), m(1, 50)), "x is 32×784", "w is 200×50"),
                misuse("affine: bias must be 1×50", t -> t.affine(m(32, 200), m(200, 50), m(50, 1)), "w is 200×50", "b is 50×1"),
                misuse("add: shapes do not broadcast", t -> t.add(m(3, 4), m(2, 4)), "a is 3×4", "b is 2×4"),
                misuse("sub: shapes do not broadcast", t -> t.sub(m(3, 4), m(3, 2)), "a is 3×4", "b is 3×2"),
                misuse("mul: shapes do not broadcast", t -> t.mul(m(1, 4), m(3, 5)), "a is 1×4", "b is 3×5"),
                misuse("div: shapes do not broadcast", t -> t.div(m(2, 1), m(3, 1)), "a is 2×1", "b is 3×1"),
                misuse("bernoulliLogLik: shapes differ", t -> t.bernoulliLogLik(m(3, 4), m(3, 5)), "logits is 3×4", "x is 3×5"),
                misuse("gaussianLogDensity: mean must be 3×4, 1×4, 3×1 or 1×1",
                        t -> t.gaussianLogDensity(m(3, 4), m(2, 4), m(3, 4)), "mean is 2×4", "x is 3×4"),
                misuse("gaussianLogDensity: logVar must be 3×4, 1×4, 3×1 or 1×1",
                        t -> t.gaussianLogDensity(m(3, 4), m(3, 4), m(3, 2)), "logVar is 3×2", "x is 3×4"),
                misuse("klStdNormal: shapes differ", t -> t.klStdNormal(m(3, 4), m(4, 3)), "mu is 3×4", "logVar is 4×3"),
                misuse("categoricalLogLik: columns are not a whole number of groups of 3",
                        t -> t.categoricalLogLik(m(2, 10), m(2, 10), 3), "logits is 2×10", "x is 2×10"),
                misuse("categoricalLogLik: shapes differ", t -> t.categoricalLogLik(m(2, 6), m(3, 6), 3), "logits is 2×6", "x is 3×6"),
                misuse("logSoftmaxGroups: columns are not a whole number of groups of 4",
                        t -> t.logSoftmaxGroups(m(3, 6), 4), "x is 3×6"),
                misuse("sliceCols: columns [2, 6) are not a non-empty range inside x", t -> t.sliceCols(m(3, 4), 2, 6), "x is 3×4"),
                misuse("sliceCols: columns [2, 2)", t -> t.sliceCols(m(3, 4), 2, 2), "x is 3×4"),
                misuse("concatCols: row counts differ", t -> t.concatCols(m(3, 2), m(4, 2)), "a is 3×2", "b is 4×2"),
                misuse("reshape: cannot reshape to 5×2", t -> t.reshape(m(3, 4), 5, 2), "x is 3×4"),
                misuse("repeatRows: repeat count must be positive, got 0", t -> t.repeatRows(m(3, 4), 0), "x is 3×4"),
                misuse("backward: the loss must be 1×1", t -> t.backward(t.exp(Tensor.parameter("p", 2, 3))), "loss is 2×3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuses")
    void shapeMisuseNamesTheOpAndTheShapes(String expectedStart, Consumer<Tape> call, String[] fragments) {
        Tape t = new Tape();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.accept(t));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(expectedStart), "message: " + msg);
        for (String f : fragments) assertTrue(msg.contains(f), "message lacks '" + f + "': " + msg);
        int recorded = t.size();
        assertEquals(expectedStart.startsWith("backward") ? 1 : 0, recorded, "a failed op records nothing: " + msg);
    }
}
