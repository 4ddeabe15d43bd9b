package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import farine.Config;
import farine.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LogFormatTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void aJsonLineParsesAndCarriesTheWorkersIdsAndTheException() {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("farine.worker"), Level.ERROR, "greeting.hello failed: {}",
                new IllegalStateException("boom"), new Object[] {"why"});
        event.setMDCPropertyMap(Map.of("service", "greeting", "method", "hello", "correlation_id", "c-1",
                "trace_id", "0af7651916cd43dd8448eb211c80319c", "span_id", "b7ad6b7169203331"));
        String line = new String(LogFormat.encoder(context).encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JsonMapper.builder().build().readTree(line);
        assertThat(json.get("level").asString()).isEqualTo("ERROR");
        assertThat(json.get("loggerName").asString()).isEqualTo("farine.worker");
        assertThat(json.get("formattedMessage").asString()).isEqualTo("greeting.hello failed: why");
        assertThat(json.get("timestamp").asLong()).isPositive();
        JsonNode mdc = json.get("mdc");
        assertThat(mdc.get("service").asString()).isEqualTo("greeting");
        assertThat(mdc.get("method").asString()).isEqualTo("hello");
        assertThat(mdc.get("correlation_id").asString()).isEqualTo("c-1");
        assertThat(mdc.get("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(mdc.get("span_id").asString()).isEqualTo("b7ad6b7169203331");
        assertThat(json.get("throwable").get("className").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.get("throwable").get("message").asString()).isEqualTo("boom");
    }

    @Test
    void logFormatIsTextByDefaultAndJsonWhenAsked() {
        assertThat(LogFormat.fromConfig(Config.empty())).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.fromConfig(Config.of(Map.of("DEFAULT", Map.of("log_format", " JSON "))))).isEqualTo(LogFormat.JSON);
    }

    @Test
    void anUnknownLogFormatNamesTheValuesThatWork() {
        assertThatThrownBy(() -> LogFormat.fromConfig(Config.of(Map.of("DEFAULT", Map.of("log_format", "xml")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("[DEFAULT] log_format = \"xml\": expected one of [text, json]");
    }
}
