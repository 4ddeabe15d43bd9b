package farine.testing;

import farine.Config;
import farine.Container;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link FarineTest}: starts a {@link ServiceRunner} before each test method,
 * resolves {@link ServiceRunner}, {@link Container} and {@link Config} parameters, and closes the runner
 * after the test (also when it failed). The runner is started lazily: a parameter resolved before
 * {@code beforeEach} (a test constructor's) starts it then.
 */
public final class FarineExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FarineExtension.class);
    private static final String RUNNER = "runner";

    @Override
    public void beforeEach(ExtensionContext context) {
        runner(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ServiceRunner runner = context.getStore(NAMESPACE).remove(RUNNER, ServiceRunner.class);
        if (runner != null) {
            runner.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ServiceRunner.class || type == Container.class || type == Config.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("@FarineTest runs services per test method; a " + parameter.getParameter().getType().getSimpleName()
                    + " cannot be injected into " + parameter.getDeclaringExecutable() + " (use a test method or @BeforeEach parameter)");
        }
        ServiceRunner runner = runner(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Container.class) {
            return runner.container();
        }
        if (type == Config.class) {
            return runner.config();
        }
        return runner;
    }

    private static ServiceRunner runner(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        ServiceRunner existing = store.get(RUNNER, ServiceRunner.class);
        if (existing != null) {
            return existing;
        }
        FarineTest test = annotation(context).orElseThrow(() -> new IllegalStateException(
                "FarineExtension needs @FarineTest(services = ...) on " + context.getRequiredTestClass().getName() + " or its test method"));
        ServiceRunner.Builder builder = ServiceRunner.builder(test.services()).lines(test.config()).broker(test.broker());
        if (test.database()) {
            builder.database();
        }
        ServiceRunner runner = builder.start();
        store.put(RUNNER, runner);
        return runner;
    }

    private static Optional<FarineTest> annotation(ExtensionContext context) {
        Optional<FarineTest> onMethod = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, FarineTest.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Optional<? extends AnnotatedElement> element = context.getTestClass(); element.isPresent(); ) {
            Optional<FarineTest> found = AnnotationSupport.findAnnotation(element.get(), FarineTest.class);
            if (found.isPresent()) {
                return found;
            }
            // a @Nested class inherits the enclosing class's
            element = ((Class<?>) element.get()).getEnclosingClass() == null ? Optional.empty()
                    : Optional.of(((Class<?>) element.get()).getEnclosingClass());
        }
        return Optional.empty();
    }
}
