package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When {@link JitCheck} warns: JDKs before 25 without loop strip mining, and only those. */
class JitCheckTest {

    @ParameterizedTest(name = "Java {0}, LoopStripMiningIter={1}: warns {2}")
    @CsvSource(nullValues = "unknown", value = {
        "17, 0, true", "21, 0, true", "24, 0, true",
        "25, 0, false", "26, 0, false",
        "17, 1000, false", "17, 1, false", "17, unknown, false"})
    void warnsOnlyOnOlderJdksWithoutStripMining(int feature, String iter, boolean warns) {
        String message = JitCheck.warning(feature, iter);
        if (!warns) {
            assertNull(message);
            return;
        }
        assertTrue(message.startsWith("elbo: warning: this JVM (Java " + feature + ")"), message);
        assertTrue(message.endsWith(JitCheck.OPTIONS), message);
        assertEquals(1, message.lines().count(), "one line: " + message);
    }
}
