package farine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Optional marker of a service class. Without it a class is a service when it has at least one
 * entry point method, and its name is its simple name in lower case (PROTOCOL.md §1).
 *
 * <pre>{@code
 * @Service("greeting")
 * public final class Greeter { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Service {

    /** The service name, also its INI section; empty means the class's simple name in lower case. */
    String value() default "";

    /**
     * {@code false} (the default): a fresh instance per worker (per message, call or loop run), as in
     * nameko. {@code true}: one instance for the container's life, shared by concurrent workers, so
     * it must be thread-safe.
     */
    boolean singleton() default false;
}
