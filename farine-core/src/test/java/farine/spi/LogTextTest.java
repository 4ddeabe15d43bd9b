package farine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersBecomeEscapesAndPrintableTextStaysAsItIs() {
        assertThat(LogText.escape("a\nb\rc\td\u001b[2J\u0000\u007f\u0085\u2028é\\n")).isEqualTo("a\\nb\\rc\\td\\u001b[2J\\u0000\\u007f\\u0085\\u2028é\\n");
        String plain = "correlation-id 4f1c…";
        assertThat(LogText.escape(plain)).isSameAs(plain);
        assertThat(LogText.escape(null)).isNull();
    }

    @Test
    void anExcerptIsQuotedEscapedAndCut() {
        assertThat(LogText.excerpt("ab\ncd".getBytes(StandardCharsets.UTF_8), 200)).isEqualTo("\"ab\\ncd\"");
        assertThat(LogText.excerpt("abcdef".getBytes(StandardCharsets.UTF_8), 3)).isEqualTo("\"abc\"... (6 bytes)");
    }
}
