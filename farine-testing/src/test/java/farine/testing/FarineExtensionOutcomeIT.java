package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import farine.ConfigException;
import farine.Container;
import farine.testing.fixtures.Greeter;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** What the extension does to the tests it runs, seen from outside (JUnit's test kit runs the inner classes). */
class FarineExtensionOutcomeIT {

    static final AtomicReference<Container> SEEN = new AtomicReference<>();

    @Test
    void a_failing_test_still_has_its_container_stopped() {
        Events events = run(FailingTest.class);
        events.assertStatistics(s -> s.started(1).failed(1).skipped(0));
        assertThat(SEEN.get()).isNotNull();
        assertThat(SEEN.get().stopped()).isCompleted();
    }

    @Test
    void a_service_that_cannot_start_fails_the_test_with_the_reason_and_is_never_skipped() {
        Events events = run(BadConfigTest.class);
        events.assertStatistics(s -> s.started(1).failed(1).skipped(0).aborted(0));
        events.assertThatEvents().haveExactly(1, event(test("runs"),
                finishedWithFailure(instanceOf(ConfigException.class), message(m -> m.contains("enabled") && m.contains("perhaps")))));
    }

    @Test
    void the_extension_without_the_annotation_says_what_is_missing() {
        Events events = run(NoAnnotationTest.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("runs"), finishedWithFailure(
                message(m -> m.contains("needs @FarineTest(services = ...)") && m.contains("NoAnnotationTest")))));
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    // run only through the test kit: the names end neither in Test nor in IT

    @FarineTest(services = Greeter.class)
    static class FailingTest {
        @Test
        void runs(Container container) {
            SEEN.set(container);
            throw new AssertionError("the test itself fails");
        }
    }

    @FarineTest(services = Greeter.class, config = "[greeter] enabled = perhaps")
    static class BadConfigTest {
        @Test
        void runs() {
        }
    }

    @ExtendWith(FarineExtension.class)
    static class NoAnnotationTest {
        @Test
        void runs() {
        }
    }
}
