package farine.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs service classes in-process around each test method and stops them after it (JUnit 5). The test
 * method (or constructor, or {@code @BeforeEach} method) may take a {@link ServiceRunner}, the running
 * {@link farine.Container} or the effective {@link farine.Config} as a parameter.
 *
 * <pre>{@code
 * @FarineTest(services = Greeting.class, config = "[greeting] retries = 1")
 * class GreetingIT {
 *     @Test
 *     void says_hello(ServiceRunner runner) {
 *         assertThat(runner.invoke("greeting", "hello", "Ada")).isEqualTo("Hello, Ada!");
 *     }
 * }
 * }</pre>
 *
 * <p>On the class it applies to every test method; on a method it replaces the class's for that method.
 * A failure to start (no broker, a bad value) fails the test with the reason; it is never skipped.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(FarineExtension.class)
public @interface FarineTest {

    /** The service classes to run. */
    Class<?>[] services();

    /** Configuration lines: {@code "[section] key = value"}, or {@code "key = value"} for {@code [DEFAULT]}. */
    String[] config() default {};

    /** The shared test broker ({@link TestBroker}) or a private one for each test. */
    ServiceRunner.BrokerChoice broker() default ServiceRunner.BrokerChoice.TEST;

    /** Whether to set {@code db_url} to {@link TestDatabase#jdbcUrl()}. */
    boolean database() default false;
}
