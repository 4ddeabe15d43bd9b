package farine.rpc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The scalar short cuts of {@link RpcJson#convert} give what Jackson's own conversion gives. */
class RpcJsonConvertTest {

    private static JsonNode json(String text) {
        return RpcJson.MAPPER.readTree(text);
    }

    private static void sameAsJackson(String text, Class<?> type) {
        JavaType javaType = RpcJson.MAPPER.constructType(type);
        Object expected = RpcJson.MAPPER.treeToValue(json(text), javaType);
        Object actual = RpcJson.convert(json(text), javaType);
        assertThat(actual).as("%s as %s", text, type.getName()).isEqualTo(expected);
        if (expected != null) {
            assertThat(actual).hasSameClassAs(expected);
        }
    }

    @Test
    void scalarsConvertAsJacksonDoes() {
        for (Class<?> type : List.of(String.class, Integer.class, int.class, Long.class, long.class, Boolean.class, boolean.class,
                Double.class, double.class, Object.class)) {
            for (String text : List.of("\"text é\"", "42", "-7", "12345678901", "true", "false", "1.5", "null")) {
                try {
                    RpcJson.MAPPER.treeToValue(json(text), RpcJson.MAPPER.constructType(type));
                } catch (RuntimeException jacksonRefuses) {
                    continue; // a case Jackson rejects is not taken by a short cut either (it reaches Jackson)
                }
                sameAsJackson(text, type);
            }
        }
    }

    @Test
    void treesComeBackAsTheyAre() {
        JsonNode tree = json("{\"a\":[1,2]}");
        assertThat(RpcJson.convert(tree, RpcJson.MAPPER.constructType(JsonNode.class))).isSameAs(tree);
        assertThat(RpcJson.convert(tree, RpcJson.MAPPER.constructType(ObjectNode.class))).isSameAs(tree);
        assertThat(RpcJson.convert(tree, RpcJson.MAPPER.constructType(Map.class))).isEqualTo(Map.of("a", List.of(1, 2)));
    }
}
