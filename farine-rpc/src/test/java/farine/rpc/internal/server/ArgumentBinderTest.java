package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentBinderTest {

    record Foo(String name, int size) {
    }

    @SuppressWarnings("unused")
    static final class Target {
        int add(int a, int b) {
            return a + b;
        }

        void generic(List<Foo> foos, Map<String, Foo> byName) {
        }

        void none() {
        }
    }

    private static ArgumentBinder binder(String name) {
        Method method = Arrays.stream(Target.class.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
        return new ArgumentBinder(name, List.of(method.getParameters()));
    }

    private static Object[] bind(String method, String body) {
        ArgumentBinder binder = binder(method);
        return binder.bind(Request.decode(body.getBytes(StandardCharsets.UTF_8), binder.arity())); // as the server does
    }

    @Test
    void argsBindByPosition() {
        assertThat(bind("add", "{\"args\": [1, 2], \"kwargs\": {}}")).containsExactly(1, 2);
    }

    @Test
    void kwargsBindByName() {
        assertThat(bind("add", "{\"args\": [], \"kwargs\": {\"b\": 2, \"a\": 1}}")).containsExactly(1, 2);
        assertThat(bind("add", "{\"args\": [1], \"kwargs\": {\"b\": 2}}")).containsExactly(1, 2);
    }

    @Test
    void theOriginalsStreamSwitchIsIgnored() {
        assertThat(bind("add", "{\"args\": [1, 2], \"kwargs\": {\"__stream__\": true}}")).containsExactly(1, 2);
    }

    @Test
    void aMissingArgumentNamesTheParameter() {
        assertThatThrownBy(() -> bind("add", "{\"args\": [1], \"kwargs\": {}}")).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.pythonType()).isEqualTo("TypeError");
            assertThat(e).hasMessage("add() missing required argument 'b'");
        });
    }

    @Test
    void aHugeSurplusIsCountedWithoutKeepingIt() {
        String body = "{\"args\": [" + "0,".repeat(1_000_000) + "0], \"kwargs\": {}}";
        assertThatThrownBy(() -> bind("add", body)).hasMessage("add() takes 2 positional argument(s) but 1000001 were given");
    }

    @Test
    void surplusUnknownAndDuplicateArgumentsAreTypeErrors() {
        assertThatThrownBy(() -> bind("add", "{\"args\": [1, 2, 3], \"kwargs\": {}}"))
                .hasMessage("add() takes 2 positional argument(s) but 3 were given");
        assertThatThrownBy(() -> bind("add", "{\"args\": [1, 2], \"kwargs\": {\"c\": 3}}"))
                .hasMessage("add() got an unexpected keyword argument 'c'");
        assertThatThrownBy(() -> bind("add", "{\"args\": [1], \"kwargs\": {\"a\": 3}}"))
                .hasMessage("add() got multiple values for argument 'a'");
        assertThatThrownBy(() -> bind("none", "{\"args\": [1], \"kwargs\": {}}"))
                .hasMessage("none() takes 0 positional argument(s) but 1 were given");
    }

    @Test
    void aValueThatDoesNotConvertNamesTheParameterAndType() {
        assertThatThrownBy(() -> bind("add", "{\"args\": [\"x\", 2], \"kwargs\": {}}"))
                .isInstanceOf(BadRequestException.class).hasMessageStartingWith("add() argument 'a': cannot convert \"x\" to int");
    }

    @Test
    void nothingIsNarrowedOnTheWayAFloatOrAStringForAnIntIsATypeErrorNamingTheParameter() {
        for (String value : List.of("1.5", "1.0", "\"12\"", "\"\"")) {
            assertThatThrownBy(() -> bind("add", "{\"args\": [1, " + value + "], \"kwargs\": {}}"))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.pythonType()).isEqualTo("TypeError"))
                    .hasMessageStartingWith("add() argument 'b': cannot convert " + value + " to int");
        }
        assertThatThrownBy(() -> bind("generic", "{\"args\": [[{\"name\": \"a\", \"size\": 2.5}]], \"kwargs\": {\"byName\": {}}}"))
                .isInstanceOf(BadRequestException.class).hasMessageStartingWith("generic() argument 'foos': cannot convert")
                .hasMessageEndingWith(" (at [0].size)");
    }

    @Test
    void genericParametersConvertFully() {
        Object[] values = bind("generic", "{\"args\": [[{\"name\": \"a\", \"size\": 1}]], \"kwargs\": {\"byName\": {\"b\": {\"name\": \"b\", \"size\": 2}}}}");
        assertThat(values[0]).isEqualTo(List.of(new Foo("a", 1)));
        assertThat(values[1]).isEqualTo(Map.of("b", new Foo("b", 2)));
    }

    @Test
    void noParametersNeedNoArguments() {
        assertThat(bind("none", "{\"args\": [], \"kwargs\": {}}")).isEmpty();
    }
}
