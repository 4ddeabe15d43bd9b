package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import farine.Config;
import farine.ConfigException;
import farine.Container;
import farine.FarineException;
import farine.Service;
import farine.spi.ServiceContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ServiceContainerTest {

    private Container container;

    @AfterEach
    void stopContainer() {
        if (container != null) {
            container.kill();
        }
    }

    public static final class Probed {
        @Probe
        public Journal journal(Journal journal) {
            return journal;
        }

        @Probe
        public String work(Journal journal, CountDownLatch running, CountDownLatch release) throws InterruptedException {
            running.countDown();
            try {
                release.await();
                journal.record("worker done");
                return "done";
            } catch (InterruptedException e) {
                journal.record("worker interrupted");
                throw e;
            }
        }

        @Probe
        public String boom(String why) {
            throw new IllegalStateException(why);
        }

        @Probe
        public void die(ServiceContext context, String why) {
            context.fail("probe loop", new IllegalStateException(why));
        }

        @Probe
        public Stream<Integer> count(int n) {
            return Stream.iterate(1, i -> i + 1).limit(n);
        }

        @Probe
        public Object self() {
            return this;
        }

        @Probe
        public Map<String, String> mdc() {
            return org.slf4j.MDC.getCopyOfContextMap();
        }
    }

    @Service(value = "lonely", singleton = true)
    public static final class Single {
        @Probe
        public Object self() {
            return this;
        }
    }

    public static final class NeedsThread {
        public NeedsThread(Thread notInjectable) {
        }

        @Probe
        public void run() {
        }
    }

    public static final class Plain {
        public void nothing() {
        }
    }

    private Container start(Map<String, Map<String, String>> sections, Class<?>... classes) {
        container = Container.create(Config.of(sections), List.of(classes));
        container.start();
        return container;
    }

    private Journal journal() {
        return (Journal) container.invoke("probed", "journal");
    }

    @Test
    void startsSharedResourcesThenDependenciesThenEntrypointsAndStopsInReverse() {
        start(Map.of(), Probed.class);
        Journal journal = journal();
        container.stop();

        List<String> events = journal.events();
        assertThat(events).containsSubsequence("shared setup", "dependency setup", "late setup", "entrypoint setup journal",
                "shared start", "late start", "dependency start", "entrypoint start journal",
                "entrypoint stop journal", "dependency stop", "late stop", "shared stop");
        assertThat(events.lastIndexOf("dependency setup")).isLessThan(events.indexOf("entrypoint setup journal"));
        assertThat(events.lastIndexOf("dependency start")).isLessThan(events.indexOf("entrypoint start boom"));
        assertThat(events.lastIndexOf("entrypoint stop work")).isLessThan(events.indexOf("dependency stop"));
    }

    @Test
    void sharedResourceCreatedByADependencyIsSetUpAndStartedOnce() {
        start(Map.of(), Probed.class);
        Journal journal = journal();
        container.stop();

        assertThat(journal.count("late setup")).isOne();
        assertThat(journal.count("late start")).isOne();
        assertThat(journal.count("shared start")).isOne();
        assertThat(journal.count("late stop")).isOne();
    }

    @Test
    void gracefulStopWaitsForARunningWorkerBeforeStoppingDependencies() throws Exception {
        start(Map.of(), Probed.class);
        Journal journal = journal();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> container.invoke("probed", "work", running, release));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(container::stop);
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.events().contains("entrypoint stop work"));
        assertThat(journal.events()).doesNotContain("dependency stop");
        release.countDown();

        stopping.get(10, TimeUnit.SECONDS);
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        List<String> events = journal.events();
        assertThat(events.indexOf("worker done")).isLessThan(events.indexOf("dependency stop"));
        assertThat(container.stopped()).isCompleted();
    }

    @Test
    void gracefulStopInterruptsWorkersStillRunningAfterShutdownTimeout() throws Exception {
        start(Map.of("probed", Map.of("shutdown_timeout", "200ms")), Probed.class);
        Journal journal = journal();
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                () -> container.invoke("probed", "work", running, new CountDownLatch(1)));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        container.stop();

        assertThat(journal.events()).containsSubsequence("worker interrupted", "release work", "dependency stop");
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void stopIsIdempotentAndWorksBeforeStart() {
        container = Container.create(Config.empty(), List.of(Probed.class));
        container.stop();
        container.stop();
        assertThat(container.stopped()).isCompleted();
        assertThatThrownBy(container::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
    }

    @Test
    void concurrentStopsBothReturnAfterTheContainerStopped() throws Exception {
        start(Map.of(), Probed.class);
        CompletableFuture<Void> first = CompletableFuture.runAsync(container::stop);
        CompletableFuture<Void> second = CompletableFuture.runAsync(container::stop);
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(container.stopped()).isCompleted();
    }

    @Test
    void killNeverThrowsEvenWhenAnExtensionFailsAndIsIdempotent() {
        start(Map.of("probed", Map.of("probe_kill_fails", "true")), Probed.class);
        Journal journal = journal();

        assertThatCode(container::kill).doesNotThrowAnyException();
        assertThatCode(container::kill).doesNotThrowAnyException();
        assertThatCode(container::stop).doesNotThrowAnyException();

        assertThat(journal.events()).contains("entrypoint kill boom", "dependency kill", "shared kill");
        assertThat(journal.count("shared kill")).isOne();
        assertThat(container.stopped()).isCompleted();
    }

    @Test
    void aWorkerLogsWithItsServiceAndMethodInTheMdcAndLeavesNothingBehind() {
        start(Map.of(), Probed.class);

        @SuppressWarnings("unchecked")
        Map<String, String> mdc = (Map<String, String>) container.invoke("probed", "mdc");
        assertThat(mdc).containsEntry("service", "probed").containsEntry("method", "mdc").containsOnlyKeys("service", "method", "trace_id", "span_id");
        assertThat(mdc.get("trace_id")).matches("[0-9a-f]{32}");
        assertThat(mdc.get("span_id")).matches("[0-9a-f]{16}");
        assertThat(org.slf4j.MDC.getCopyOfContextMap()).as("the caller's MDC").isNullOrEmpty();
    }

    @Test
    void workerExceptionIsLoggedAndTheContainerKeepsRunning() {
        Logger workerLog = (Logger) LoggerFactory.getLogger("farine.worker");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        workerLog.addAppender(appender);
        try {
            start(Map.of(), Probed.class);

            assertThatThrownBy(() -> container.invoke("probed", "boom", "bad input"))
                    .isInstanceOf(FarineException.class).hasMessageContaining("probed.boom").hasRootCauseMessage("bad input");

            assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("probed.boom failed", "bad input"));
            assertThat(container.stopped()).isNotDone();
            assertThat(container.invoke("probed", "count", 3)).isEqualTo(List.of(1, 2, 3));
        } finally {
            workerLog.detachAppender(appender);
        }
    }

    @Test
    void failFromAContainerManagedThreadStopsTheContainerExceptionally() {
        start(Map.of(), Probed.class);
        Journal journal = journal();

        container.invoke("probed", "die", "lost the connection");

        await().atMost(Duration.ofSeconds(10)).until(() -> container.stopped().isDone());
        assertThat(container.stopped()).isCompletedExceptionally();
        assertThatThrownBy(() -> container.stopped().join()).hasMessageContaining("probed: probe loop failed")
                .hasRootCauseMessage("lost the connection");
        assertThat(journal.events()).contains("dependency stop", "shared stop");
    }

    @Test
    void eachWorkerGetsAFreshInstance() {
        start(Map.of(), Probed.class);
        assertThat(container.invoke("probed", "self")).isNotSameAs(container.invoke("probed", "self"));
    }

    @Test
    void aSingletonServiceIsOneInstanceUnderItsGivenName() {
        start(Map.of(), Single.class);
        assertThat(container.services()).containsExactly("lonely");
        assertThat(container.invoke("lonely", "self")).isSameAs(container.invoke("lonely", "self"));
    }

    @Test
    void aDisabledServiceIsNotStarted() {
        start(Map.of("probed", Map.of("enabled", "false")), Probed.class, Single.class);
        assertThat(container.services()).containsExactly("lonely");
        assertThatThrownBy(() -> container.invoke("probed", "self")).hasMessageContaining("no service 'probed'");
    }

    @Test
    void aBadEnabledValueIsAStartupError() {
        assertThatThrownBy(() -> Container.create(Config.of(Map.of("probed", Map.of("enabled", "perhaps"))), List.of(Probed.class)))
                .isInstanceOf(ConfigException.class).hasMessage("[probed] enabled = \"perhaps\": expected a boolean"
                        + " (true/false, yes/no, on/off, 1/0) (from (in memory) [probed])");
    }

    @Test
    void anUnresolvableConstructorParameterNamesClassAndParameter() {
        assertThatThrownBy(() -> Container.create(Config.empty(), List.of(NeedsThread.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameter 'notInjectable'").hasMessageContaining(NeedsThread.class.getName());
    }

    @Test
    void aClassWithoutEntrypointsIsRejected() {
        assertThatThrownBy(() -> Container.create(Config.empty(), List.of(Plain.class)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(Plain.class.getName() + " has no entry point")
                .hasMessageContaining("@Execute");
    }

    @Service("probed")
    public static final class Impostor {
        @Probe
        public void run() {
        }
    }

    @Test
    void twoServicesWithOneNameAreRejectedNamingBoth() {
        assertThatThrownBy(() -> Container.create(Config.empty(), List.of(Probed.class, Impostor.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("two service classes are named 'probed'")
                .hasMessageContaining(Probed.class.getName()).hasMessageContaining(Impostor.class.getName());
    }

    @Test
    void theSameClassGivenTwiceRunsOnce() {
        start(Map.of(), Probed.class, Probed.class);
        assertThat(container.services()).containsExactly("probed");
    }

    @Test
    void invokeNamesWhatIsMissingAndRequiresARunningContainer() {
        container = Container.create(Config.empty(), List.of(Probed.class));
        assertThatThrownBy(() -> container.invoke("probed", "self")).hasMessageContaining("the container is new");
        container.start();
        assertThatThrownBy(() -> container.invoke("nope", "self")).hasMessageContaining("no service 'nope'").hasMessageContaining("[probed]");
        assertThatThrownBy(() -> container.invoke("probed", "nope")).hasMessageContaining("has no entry point 'nope'");
        assertThatThrownBy(() -> container.invoke("probed", "boom")).hasMessageContaining("takes 1 payload argument(s)");
    }

    @Test
    void describeListsTheEntrypointsOfEachService() {
        start(Map.of(), Probed.class);
        assertThat(container.describe()).containsExactly("probed: probe boom, probe count, probe die, probe journal, probe mdc, probe self, probe work");
        assertThat(container.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    public static final class Overloaded {
        @Probe
        public String a(String text) {
            return text;
        }

        @Probe
        public int a(int number) {
            return number;
        }
    }

    public static final class Hidden {
        @Probe
        public void shown() {
        }

        @Probe
        private void secret() {
        }
    }

    private static ListAppender<ILoggingEvent> capture(String logger) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
        return appender;
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void overloadedEntrypointsAreRefusedAtStartNamingBoth() {
        assertThatThrownBy(() -> Container.create(Config.empty(), List.of(Overloaded.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(Overloaded.class.getName() + " has 2 entry points named a (a(")
                .hasMessageContaining("a(int)").hasMessageContaining("a(String)")
                .hasMessageContaining("give each its own name");
    }

    @Test
    void anAnnotatedPrivateMethodIsAStartupErrorSayingWhy() {
        assertThatThrownBy(() -> Container.create(Config.empty(), List.of(Hidden.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(Hidden.class.getName() + ".secret is private: farine calls only public methods, so its @Probe would"
                        + " never run; make it public");
    }

    @Test
    void aBadShutdownTimeoutIsAStartupErrorNotAFailureAtStop() {
        assertThatThrownBy(() -> Container.create(Config.of(Map.of("DEFAULT", Map.of("shutdown_timeout", "soon"))), List.of(Probed.class)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("[probed] shutdown_timeout = \"soon\": expected a duration");
    }

    @Test
    void anUnknownKeyIsWarnedOnceInItsOwnSectionWithTheKeyItResembles() {
        ListAppender<ILoggingEvent> log = capture(ServiceContainer.class.getName());
        try {
            container = Container.create(Config.of(Map.of("DEFAULT", Map.of("shutdown_timout", "5s"),
                    "probed", Map.of("colour", "blue"), "lonely", Map.of())), List.of(Probed.class, Single.class));

            assertThat(warnings(log)).containsExactlyInAnyOrder(
                    "[DEFAULT] unknown key 'shutdown_timout' ignored (from (in memory) [DEFAULT]): did you mean shutdown_timeout?",
                    "[probed] unknown key 'colour' ignored (from (in memory) [probed]); farine config lists the keys farine reads");
        } finally {
            ((Logger) LoggerFactory.getLogger(ServiceContainer.class)).detachAppender(log);
        }
    }

    @Test
    void aPerMethodKeyFromTheEnvironmentIsReadForItsMethodAndNotWarnedAbout() {
        ListAppender<ILoggingEvent> log = capture(ServiceContainer.class.getName());
        try {
            // the probe plugin's key stands for any plugin's (concurrency is farine-amqp's)
            String key = ProbePlugin.KILL_FAILS;
            String env = key.toUpperCase(java.util.Locale.ROOT);
            Config config = IniConfig.of(Map.of(), Map.of("FARINE_PROBED_WORK_" + env, "false", "FARINE_PROBED_WROK_" + env, "false"), "(test)");
            container = Container.create(config, List.of(Probed.class));

            assertThat(config.section("probed").source("work." + key)).isEqualTo("env FARINE_PROBED_WORK_" + env);
            assertThat(warnings(log)).containsExactly("[probed] unknown key 'wrok_" + key + "' ignored"
                    + " (from env FARINE_PROBED_WROK_" + env + "); farine config lists the keys farine reads");
        } finally {
            ((Logger) LoggerFactory.getLogger(ServiceContainer.class)).detachAppender(log);
        }
    }

    @Test
    void aSectionResemblingAServiceNameIsWarnedAbout() {
        ListAppender<ILoggingEvent> log = capture(ServiceContainer.class.getName());
        try {
            container = Container.create(Config.of(Map.of("porbed", Map.of("enabled", "false"), "billing", Map.of())),
                    List.of(Probed.class));

            assertThat(warnings(log)).containsExactly("[porbed] in (in memory) names no service here: did you mean [probed]? (its keys are ignored)");
        } finally {
            ((Logger) LoggerFactory.getLogger(ServiceContainer.class)).detachAppender(log);
        }
    }

    @Test
    void aWorkerInterruptedByTheStopIsNotAWarning() throws Exception {
        ListAppender<ILoggingEvent> log = capture("farine.worker");
        try {
            start(Map.of("probed", Map.of("shutdown_timeout", "200ms")), Probed.class);
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                    () -> container.invoke("probed", "work", running, new CountDownLatch(1)));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            container.stop();

            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(InterruptedException.class);
            assertThat(warnings(log)).isEmpty();
        } finally {
            ((Logger) LoggerFactory.getLogger("farine.worker")).detachAppender(log);
        }
    }
}
