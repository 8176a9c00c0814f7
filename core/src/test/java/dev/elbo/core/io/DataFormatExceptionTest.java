package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataFormatExceptionTest {
    @Test
    void messageIsFileLocationReason() {
        DataFormatException e = DataFormatException.atLine(Path.of("data/train.csv"), 17,
                "expected 784 numbers, found 783");
        assertEquals("data/train.csv: line 17: expected 784 numbers, found 783", e.getMessage());
        assertEquals(Path.of("data/train.csv"), e.file());
        assertEquals("line 17", e.location());
        assertEquals("expected 784 numbers, found 783", e.reason());
    }

    @Test
    void locationsOfEachKind() {
        Path f = Path.of("f");
        assertEquals("f: byte 16: r", DataFormatException.atByte(f, 16, "r").getMessage());
        assertEquals("f: line 3, column 5: r", DataFormatException.atCell(f, 3, 5, "r").getMessage());
        assertEquals("f: r", DataFormatException.of(f, "r").getMessage());
        assertEquals("f: tensor 'w': r", new DataFormatException(f, "tensor 'w'", "r").getMessage());
    }

    @Test
    void messageStaysOneLineWhateverTheFileHolds() {
        DataFormatException e = DataFormatException.atLine(Path.of("x.csv"), 2,
                "not a number: " + DataFormatException.quote("a\nb\r\u0000c"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("\r"), e.getMessage());
        assertEquals("x.csv: line 2: not a number: 'a<U+000A>b<U+000D><U+0000>c'", e.getMessage());
    }

    @Test
    void longQuotesAreCut() {
        String q = DataFormatException.quote("x".repeat(100));
        assertEquals("'" + "x".repeat(40) + "...'", q);
        assertEquals("'Größe'", DataFormatException.quote("Größe"));
        assertEquals("U+FEFF", DataFormatException.describe('\uFEFF'));
        assertEquals("'X'", DataFormatException.describe('X'));
    }
}
