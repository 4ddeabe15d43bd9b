package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
