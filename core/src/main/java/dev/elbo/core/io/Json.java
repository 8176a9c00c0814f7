package dev.elbo.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON a safetensors header needs, since core depends on the JDK alone.
 *
 * <p>{@link #parse} reads all of RFC 8259 into plain Java values: objects as
 * {@code LinkedHashMap<String, Object>} (file order kept, duplicate names refused), arrays as
 * {@code List<Object>}, strings as {@code String}, numbers as {@link Num} (their text, converted
 * where used), {@code true}/{@code false} as {@code Boolean} and {@code null} as {@link #NULL}.
 * Nesting deeper than {@value #MAX_DEPTH} is refused, so a hostile header cannot overflow the
 * stack.
 */
final class Json {
    private Json() {}

    static final int MAX_DEPTH = 64;

    /** The JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number, kept as written. */
    record Num(String text) {
        /** The value if it is a non-negative integer that fits a long, else -1. */
        long asNonNegativeLong() {
            if (text.isEmpty() || text.length() > 19) {
                return -1;
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                    return -1;
                }
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Malformed JSON at a character index of the text. */
    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;
        final int position;

        ParseError(int position, String message) {
            super(message);
            this.position = position;
        }
    }

    /** Parses one JSON value that fills the whole text (surrounding whitespace allowed). */
    static Object parse(String text) throws ParseError {
        Parser p = new Parser(text);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("expected the end of the JSON text");
        }
        return value;
    }

    /** Appends {@code s} as a JSON string literal. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /** A short description of a JSON value's type, for messages. */
    static String typeOf(Object value) {
        if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Num) {
            return "the number " + value;
        } else if (value instanceof Boolean) {
            return value.toString();
        }
        return "null";
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Object value(int depth) throws ParseError {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= text.length()) {
                throw error("expected a value");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{': return object(depth);
                case '[': return array(depth);
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", NULL);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("expected a value");
            }
        }

        private Map<String, Object> object(int depth) throws ParseError {
            Map<String, Object> members = new LinkedHashMap<>();
            pos++; // '{'
            skipSpace();
            if (peek() == '}') {
                pos++;
                return members;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a member name in double quotes");
                }
                int namePos = pos;
                String name = string();
                skipSpace();
                expect(':', "expected ':' after a member name");
                skipSpace();
                Object v = value(depth + 1);
                if (members.putIfAbsent(name, v) != null) {
                    throw new ParseError(namePos, "duplicate member name " + DataFormatException.quote(name));
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == '}') {
                    pos++;
                    return members;
                } else {
                    throw error("expected ',' or '}' after an object member");
                }
            }
        }

        private List<Object> array(int depth) throws ParseError {
            List<Object> items = new ArrayList<>();
            pos++; // '['
            skipSpace();
            if (peek() == ']') {
                pos++;
                return items;
            }
            while (true) {
                skipSpace();
                items.add(value(depth + 1));
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == ']') {
                    pos++;
                    return items;
                } else {
                    throw error("expected ',' or ']' after an array element");
                }
            }
        }

        private String string() throws ParseError {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("string not closed");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("control character inside a string (must be escaped)");
                }
                if (c != '\\') {
                    sb.append(c);
                    pos++;
                    continue;
                }
                pos++;
                if (pos >= text.length()) {
                    throw error("string not closed");
                }
                char e = text.charAt(pos);
                switch (e) {
                    case '"': case '\\': case '/': sb.append(e); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (pos + 4 >= text.length()) {
                            throw error("incomplete \\u escape");
                        }
                        int code = 0;
                        for (int i = 1; i <= 4; i++) {
                            int d = Character.digit(text.charAt(pos + i), 16);
                            if (d < 0) {
                                pos += i;
                                throw error("expected a hexadecimal digit in a \\u escape");
                            }
                            code = 16 * code + d;
                        }
                        sb.append((char) code); // surrogate pairs come as two escapes
                        pos += 4;
                        break;
                    default:
                        throw error("unknown escape \\" + e);
                }
                pos++;
            }
        }

        private Num number() throws ParseError {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                throw error("expected a digit");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw error("expected a digit after the decimal point");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("expected a digit in the exponent");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            return new Num(text.substring(start, pos));
        }

        private Object literal(String word, Object value) throws ParseError {
            if (!text.startsWith(word, pos)) {
                throw error("expected a value");
            }
            pos += word.length();
            return value;
        }

        private void expect(char c, String message) throws ParseError {
            if (peek() != c) {
                throw error(message);
            }
            pos++;
        }

        void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        /** The current character, or -1 at the end. */
        private int peek() {
            return pos < text.length() ? text.charAt(pos) : -1;
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }

        ParseError error(String expected) {
            String found = pos >= text.length() ? "the end of the header"
                    : DataFormatException.describe(text.charAt(pos));
            return new ParseError(pos, expected + ", found " + found);
        }
    }
}
