package examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import farine.Container;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HelloTest {

    @Test
    void greetingNamesWhoIsGreeted() {
        assertThat(Hello.greeting("ana")).isEqualTo("hello, ana!");
    }

    @Test
    void containerRunsTheLoopAndStopsNormally() {
        try (Container container = Container.create(Config.empty(), List.of(Hello.class))) {
            container.start();
            assertThat(container.describe()).containsExactly("hello: execute greet");
            container.stop();
            assertThat(container.stopped()).succeedsWithin(1, TimeUnit.SECONDS);
        }
    }
}
