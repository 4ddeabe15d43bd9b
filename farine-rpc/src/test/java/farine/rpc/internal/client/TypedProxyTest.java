package farine.rpc.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import farine.rpc.RpcMethod;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TypedProxyTest {

    interface Maths {
        int square(int n);

        void reset();

        CompletableFuture<List<Integer>> later();

        Stream<Map<String, Integer>> squares(int n);

        Iterator<String> words();

        @RpcMethod(value = "cube", timeout = 250)
        long third(int n);

        default int twice(int n) {
            return square(n) * 2;
        }
    }

    @SuppressWarnings("rawtypes")
    interface Raw {
        Stream numbers();
    }

    private static TypedProxy.Plan plan(String method) {
        return TypedProxy.plans(Maths.class, Duration.ofSeconds(3)).entrySet().stream()
                .filter(e -> e.getKey().getName().equals(method)).findFirst().orElseThrow().getValue();
    }

    @Test
    void theReturnTypeDecidesTheKindOfCall() {
        assertThat(plan("square").kind()).isEqualTo(TypedProxy.Kind.VALUE);
        assertThat(plan("square").type().getRawClass()).isEqualTo(int.class);
        assertThat(plan("reset").kind()).isEqualTo(TypedProxy.Kind.VOID);
        assertThat(plan("later").kind()).isEqualTo(TypedProxy.Kind.FUTURE);
        assertThat(plan("later").type().toCanonical()).isEqualTo("java.util.List<java.lang.Integer>");
        assertThat(plan("squares").kind()).isEqualTo(TypedProxy.Kind.STREAM);
        assertThat(plan("squares").type().toCanonical()).isEqualTo("java.util.Map<java.lang.String,java.lang.Integer>");
        assertThat(plan("words").kind()).isEqualTo(TypedProxy.Kind.ITERATOR);
    }

    @Test
    void rpcMethodRenamesAndSetsTheTimeout() {
        assertThat(plan("third").remoteName()).isEqualTo("cube");
        assertThat(plan("third").timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(plan("square").remoteName()).isEqualTo("square");
        assertThat(plan("square").timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void defaultMethodsAreNotRemote() {
        assertThat(TypedProxy.plans(Maths.class, Duration.ofSeconds(1)).keySet()).noneMatch(m -> m.getName().equals("twice"));
    }

    @Test
    void aRawStreamOrAClassIsRejectedAtWiringTime() {
        assertThatThrownBy(() -> TypedProxy.plans(Raw.class, Duration.ofSeconds(1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("numbers returns a raw Stream");
        assertThatThrownBy(() -> TypedProxy.plans(String.class, Duration.ofSeconds(1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be an interface");
    }
}
