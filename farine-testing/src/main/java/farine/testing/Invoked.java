package farine.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test entry point: a method with it is wired like any other (its parameters injected, a fresh instance per
 * worker) but fires only when a test calls {@code Container.invoke}, to run code inside a worker or read what a
 * service recorded. It listens to nothing. farine-testing's plugin turns it into an entry point, so only tests see it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Invoked {
}
