package farine.spi;

import java.nio.charset.StandardCharsets;

/**
 * Text from the wire (bodies, correlation ids, header values, environment values) made safe to print on
 * one line: control characters become escapes ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}...), so
 * that a caller cannot write a line of its own into the log, nor move the terminal's cursor. Printable
 * text, backslashes included, is left as it is.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code text} with its control characters (C0, DEL, C1, line and paragraph separators) escaped; null stays null. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text; // the usual case: nothing to copy
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The first {@code max} bytes of a body as escaped UTF-8 text in quotes, with the full size if it was cut. */
    public static String excerpt(byte[] body, int max) {
        String text = escape(new String(body, 0, Math.min(body.length, max), StandardCharsets.UTF_8));
        return body.length > max ? "\"" + text + "\"... (" + body.length + " bytes)" : "\"" + text + "\"";
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
