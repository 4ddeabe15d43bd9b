package farine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceNameTest {

    public static final class GreetingService {
    }

    @Service("greeting")
    public static final class Greeter {
    }

    @Service(singleton = true)
    public static final class Counter {
    }

    @Test
    void theNameIsTheSimpleClassNameInLowerCase() {
        assertThat(ServiceName.of(GreetingService.class)).isEqualTo("greetingservice");
    }

    @Test
    void serviceGivesTheNameExplicitly() {
        assertThat(ServiceName.of(Greeter.class)).isEqualTo("greeting");
    }

    @Test
    void anEmptyServiceValueKeepsTheDefaultName() {
        assertThat(ServiceName.of(Counter.class)).isEqualTo("counter");
    }
}
