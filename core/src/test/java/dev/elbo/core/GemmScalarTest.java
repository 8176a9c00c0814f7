package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.elbo.core.GemmCase.Variant;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The path without the Vector API ({@link GemmScalar}) equals {@link GemmReference} bit for bit. */
class GemmScalarTest {

    static IntStream rowCounts() {
        return IntStream.rangeClosed(1, 40);
    }

    @ParameterizedTest(name = "m={0}")
    @MethodSource("rowCounts")
    void equalsReferenceExactly(int m) {
        for (int n = 1; n <= 40; n++) {
            long seed = 7000L * m + n;
            SplittableRandom rnd = new SplittableRandom(seed);
            int k = 1 + rnd.nextInt(rnd.nextBoolean() ? 9 : 90);
            boolean accumulate = rnd.nextBoolean();
            for (Variant v : Variant.values()) {
                GemmCase cs = new GemmCase(seed, v, m, n, k, accumulate);
                assertNull(cs.compare(cs.run(v.reference), cs.run(v.scalar), null));
            }
        }
    }
}
