package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRuleTest {

    private static TokenRule rule(String... routes) {
        return new TokenRule("t", "0123456789abcdef", List.of(routes), false, 1);
    }

    @Test
    void aServicesStarReachesThatServiceOnlyNotAnotherWhoseNameStartsWithIt() {
        TokenRule billing = rule("billing.*");
        assertThat(billing.allowsMethod("billing", "refund")).isTrue();
        // service names may contain dots: "billing.admin" is another service, and "billing.*" does not name it
        assertThat(billing.allowsMethod("billing.admin", "refund")).isFalse();
        assertThat(billing.allowsMethod("billingx", "refund")).isFalse();
    }

    @Test
    void patternsMatchServiceAndMethodAsTheySay() {
        assertThat(rule("*").allowsMethod("billing.admin", "refund")).isTrue();
        assertThat(rule("*.refund").allowsMethod("billing.admin", "refund")).isTrue();
        assertThat(rule("*.refund").allowsMethod("billing", "pay")).isFalse();
        assertThat(rule("billing.admin.*").allowsMethod("billing.admin", "refund")).isTrue();
        assertThat(rule("billing.admin.*").allowsMethod("billing", "admin")).isFalse();
        assertThat(rule("orders.get*").allowsMethod("orders", "getAll")).isTrue();
        assertThat(rule("orders.get*").allowsMethod("orders.getx", "drop")).isFalse();
        assertThat(rule("orders.place").allowsMethod("orders", "place")).isTrue();
        assertThat(rule("orders.place").allowsMethod("orders", "placeAll")).isFalse();
        assertThat(rule("publish:orders").allowsMethod("publish:orders", "x")).isFalse();
        assertThat(rule("publish:ord*").allowsPublish("orders")).isTrue();
        assertThat(rule("publish:ord*").allowsPublish("ord.ers")).isTrue();
    }
}
