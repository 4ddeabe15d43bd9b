package examples.hello;

import farine.Execute;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smallest farine service: a loop the container owns, saying hello every two seconds. Run it with
 * {@code bin/farine --start=examples.hello}; stop it with Ctrl-C. No broker needed.
 */
public final class Hello {

    private static final Logger LOG = LoggerFactory.getLogger(Hello.class);
    static final Duration PAUSE = Duration.ofSeconds(2);

    /** Runs again each time it returns; stopping the container interrupts the pause, which ends the run. */
    @Execute
    public void greet() throws InterruptedException {
        LOG.info(greeting("world"));
        Thread.sleep(PAUSE);
    }

    static String greeting(String name) {
        return "hello, " + name + "!";
    }
}
