package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import farine.Config;
import farine.ConfigException;
import farine.Container;
import farine.Execute;
import farine.FarineException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecuteEntrypointTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Container container;

    @AfterEach
    void stopContainer() {
        if (container != null) {
            container.kill();
        }
    }

    public static final class Ticker {
        @Execute
        public void tick(Journal journal) {
            journal.record("tick");
        }

        @Probe
        public Journal journal(Journal journal) {
            return journal;
        }
    }

    public static final class Once {
        @Execute(restart = false)
        public void once(Journal journal) {
            journal.record("once");
        }

        @Probe
        public Journal journal(Journal journal) {
            return journal;
        }
    }

    public static final class Flaky {
        @Execute
        public void flake(Journal journal) {
            journal.record("attempt");
            throw new IllegalStateException("flaky on purpose");
        }

        @Probe
        public Journal journal(Journal journal) {
            return journal;
        }
    }

    public static final class Sleeper {
        private static final CountDownLatch NEVER_OPENED = new CountDownLatch(1);

        @Execute
        public void sleep(Journal journal) {
            journal.record("sleeping");
            try {
                // nothing opens the latch: only the container's interrupt ends the wait
                if (NEVER_OPENED.await(1, TimeUnit.HOURS)) {
                    journal.record("woke up");
                }
            } catch (InterruptedException e) {
                journal.record("interrupted");
                Thread.currentThread().interrupt();
            }
        }

        @Probe
        public Journal journal(Journal journal) {
            return journal;
        }
    }

    public static final class WantsPayload {
        @Execute
        public void poll(String topic) {
        }
    }

    private Journal start(Class<?> type, Map<String, String> section) {
        String name = type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
        container = Container.create(Config.of(Map.of(name, section)), List.of(type));
        container.start();
        return (Journal) container.invoke(name, "journal");
    }

    @Test
    void aMethodThatReturnsRunsAgain() {
        Journal journal = start(Ticker.class, Map.of("interval", "1ms"));
        await().atMost(WAIT).until(() -> journal.count("tick") >= 3);
        assertThat(container.stopped()).isNotDone();
    }

    @Test
    void restartFalseRunsTheMethodOnceAndKeepsTheContainerRunning() throws Exception {
        Journal journal = start(Once.class, Map.of());
        await().atMost(WAIT).until(() -> journal.events().contains("release once"));
        container.invoke("once", "journal"); // a later worker: the loop had every chance to run again
        assertThat(journal.count("once")).isOne();
        assertThat(container.stopped()).isNotDone();
    }

    @Test
    void aFailingMethodIsRestartedAfterABackoffAndDoesNotStopTheContainer() {
        Journal journal = start(Flaky.class, Map.of("restart_delay", "5ms", "restart_max_delay", "20ms"));
        await().atMost(WAIT).until(() -> journal.count("attempt") >= 3);
        assertThat(container.stopped()).isNotDone();
    }

    @Test
    void stopInterruptsARunningLoopWithoutWaitingForShutdownTimeout() throws Exception {
        Journal journal = start(Sleeper.class, Map.of("shutdown_timeout", "1h"));
        await().atMost(WAIT).until(() -> journal.events().contains("sleeping"));

        CompletableFuture.runAsync(container::stop).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(journal.events()).contains("interrupted").doesNotContain("woke up");
        assertThat(journal.count("sleeping")).isOne();
        assertThat(container.stopped()).isCompleted();
    }

    @Test
    void aNonInjectableParameterIsAStartupErrorNamingMethodAndParameter() {
        container = Container.create(Config.empty(), List.of(WantsPayload.class));
        assertThatThrownBy(container::start).isInstanceOf(ConfigException.class)
                .hasMessage("@Execute " + WantsPayload.class.getName() + ".poll: parameter 'topic' (String) cannot be injected;"
                        + " an @Execute method takes only injected dependencies");
        assertThat(container.stopped()).isCompletedExceptionally();
    }

    @Test
    void aZeroRestartDelayIsRejectedWhenTheContainerIsCreated() {
        assertThatThrownBy(() -> Container.create(Config.of(Map.of("ticker", Map.of("restart_delay", "0"))), List.of(Ticker.class)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[ticker] restart_delay = 0");
    }

    @Test
    void aMaxDelayBelowTheDelayIsRejectedWhenTheContainerIsCreated() {
        assertThatThrownBy(() -> Container.create(Config.of(Map.of("ticker", Map.of("restart_delay", "2s", "restart_max_delay", "1s"))),
                List.of(Ticker.class))).isInstanceOf(ConfigException.class)
                .hasMessage("[ticker] restart_max_delay (1000 ms) is shorter than restart_delay (2000 ms)");
    }

    @Test
    void perMethodSettingsOverrideTheServiceOnesAndAreCheckedWhenTheContainerIsCreated() {
        assertThatThrownBy(() -> Container.create(Config.of(Map.of("ticker", Map.of("interval", "1h", "tick.interval", "bad"))),
                List.of(Ticker.class))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("[ticker] tick.interval = \"bad\": expected a duration");
    }

    @Test
    void describeNamesTheLoop() {
        start(Ticker.class, Map.of("interval", "1h"));
        assertThat(container.describe()).containsExactly("ticker: probe journal, execute tick");
    }
}
