package farine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A long-running loop owned by the container. The method runs on a virtual thread; when it returns
 * it runs again (unless {@link #restart()} is false), paced by INI {@code interval}; when it throws,
 * the failure is logged and it runs again after an exponential backoff with jitter
 * ({@code restart_delay}, default 1 s, capped by {@code restart_max_delay}, default 60 s; the backoff
 * resets after a run that lasted longer than the cap). Stopping the container interrupts a running
 * method and waits for it like any worker, so a loop should return when interrupted.
 *
 * <pre>{@code
 * @Execute
 * public void poll() throws InterruptedException { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Execute {

    /** Run again after a normal return; {@code false} runs the method once (failures still restart it). */
    boolean restart() default true;
}
