package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.testing.fixtures.Orders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void given_dependencies_replace_the_parameters_of_their_type_and_interfaces_left_over_are_stubbed() {
        Orders orders = Workers.create(Orders.class, "EUR", (Orders.Prices) item -> item.length());
        assertThat(orders.place("tea")).isEqualTo("tea 3 EUR");
        assertThat(Workers.calls(orders.sender())).containsExactly(new Workers.Call("send", List.of("tea 3 EUR")));
        orders.sender().sendAll(List.of("a", "b")); // a default method is recorded, not run
        assertThat(Workers.calls(orders.sender(), "sendAll")).containsExactly(new Workers.Call("sendAll", List.of(List.of("a", "b"))));
        assertThat(Workers.calls(orders.sender(), "send")).hasSize(1);
        assertThat(orders.sender().pending()).isZero();
        assertThat(orders.sender().toString()).isEqualTo("stub Sender");
    }

    @Test
    void a_stub_returns_the_empty_value_of_each_type() {
        interface Everything {
            Optional<String> optional();

            List<String> list();

            Map<String, String> map();

            Stream<String> stream();

            CompletableFuture<Void> future();

            boolean flag();

            long count();

            String text();
        }
        Everything stub = Workers.stub(Everything.class);
        assertThat(stub.optional()).isEmpty();
        assertThat(stub.list()).isEmpty();
        assertThat(stub.map()).isEmpty();
        assertThat(stub.stream()).isEmpty();
        assertThat(stub.future()).isCompleted();
        assertThat(stub.flag()).isFalse();
        assertThat(stub.count()).isZero();
        assertThat(stub.text()).isNull();
        assertThat(Workers.calls(stub)).extracting(Workers.Call::method)
                .containsExactly("optional", "list", "map", "stream", "future", "flag", "count", "text");
    }

    @Test
    void a_missing_plain_value_an_unused_dependency_and_a_non_stub_are_reported_by_name() {
        assertThatThrownBy(() -> Workers.create(Orders.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("constructor parameter 'currency' (java.lang.String) of farine.testing.fixtures.Orders needs a value");
        assertThatThrownBy(() -> Workers.create(Orders.class, "EUR", 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no constructor parameter of farine.testing.fixtures.Orders takes [java.lang.Integer]");
        assertThatThrownBy(() -> Workers.calls("text")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a stub");
        assertThatThrownBy(() -> Workers.stub(String.class)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an interface");
    }

    @Test
    void a_class_without_exactly_one_public_constructor_is_refused_as_the_container_would() {
        assertThatThrownBy(() -> Workers.create(TwoConstructors.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one public constructor (it has 2)");
    }

    @Test
    void what_the_constructor_throws_reaches_the_test_as_is() {
        assertThatThrownBy(() -> Workers.create(Throwing.class)).isInstanceOf(UnsupportedOperationException.class).hasMessage("boom");
    }

    public static final class TwoConstructors {
        public TwoConstructors() {
        }

        public TwoConstructors(String s) {
        }
    }

    public static final class Throwing {
        public Throwing() {
            throw new UnsupportedOperationException("boom");
        }
    }
}
