package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallCommandTest {

    @Test
    void argumentsAreJsonValues() {
        assertThat(CallCommand.value("3")).isEqualTo(3);
        assertThat(CallCommand.value("true")).isEqualTo(true);
        assertThat(CallCommand.value("\"3\"")).isEqualTo("3");
        assertThat(CallCommand.value("[1, 2]")).isEqualTo(List.of(1, 2));
        assertThat(CallCommand.value("{\"a\": 1}")).isEqualTo(Map.of("a", 1));
        assertThat(CallCommand.value("null")).isNull();
    }

    @Test
    void aWordThatIsNotJsonIsAString() {
        assertThat(CallCommand.value("Ada")).isEqualTo("Ada");
        assertThat(CallCommand.value("Ada Lovelace")).isEqualTo("Ada Lovelace");
        assertThat(CallCommand.value("{broken")).isEqualTo("{broken");
    }

    @Test
    void kwargsThatAreNotAJsonObjectOrWithStreamAreAUsageError(@TempDir Path dir) {
        Cli cli = new Cli(Map.of(), dir);
        Cli.Result notObject = cli.run("call", "--amqp-uri=amqp://127.0.0.1:1/", "--kwargs=[1]", "svc", "m");
        assertThat(notObject.exitCode()).isEqualTo(2);
        assertThat(notObject.err()).contains("--kwargs must be a JSON object");
        Cli.Result streamed = cli.run("call", "--amqp-uri=amqp://127.0.0.1:1/", "--kwargs={\"a\": 1}", "--stream", "svc", "m");
        assertThat(streamed.exitCode()).isEqualTo(2);
        assertThat(streamed.err()).contains("--kwargs cannot be combined with --stream");
    }
}
