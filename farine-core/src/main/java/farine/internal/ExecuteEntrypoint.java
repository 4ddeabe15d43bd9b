package farine.internal;

import farine.ConfigException;
import farine.ConfigSection;
import farine.Execute;
import farine.spi.Backoff;
import farine.spi.Entrypoint;
import farine.spi.MethodContext;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an {@code @Execute} method in a loop, restarting it with backoff when it fails. */
final class ExecuteEntrypoint implements Entrypoint {

    static final String RESTART_DELAY = "restart_delay";
    static final String RESTART_MAX_DELAY = "restart_max_delay";
    static final String INTERVAL = "interval";
    static final Set<String> KEYS = Set.of(RESTART_DELAY, RESTART_MAX_DELAY, INTERVAL);

    private static final Logger LOG = LoggerFactory.getLogger(ExecuteEntrypoint.class);

    private final MethodContext method;
    private final boolean restart;
    private Restarts backoff;
    private Duration interval;
    private volatile boolean stopping;
    private volatile Thread loop;
    private volatile CompletableFuture<Void> current;

    ExecuteEntrypoint(MethodContext method, Execute annotation) {
        this.method = method;
        this.restart = annotation.restart();
    }

    @Override
    public void setup() {
        if (!method.payloadParameters().isEmpty()) {
            var p = method.payloadParameters().get(0);
            throw new ConfigException("@Execute " + method.service().type().getName() + "." + method.name()
                    + ": parameter '" + p.getName() + "' (" + p.getType().getSimpleName()
                    + ") cannot be injected; an @Execute method takes only injected dependencies");
        }
        ConfigSection config = method.config();
        backoff = backoff(config);
        interval = interval(config);
    }

    /** {@code restart_delay} and {@code restart_max_delay} of a section, checked. */
    static Restarts backoff(ConfigSection config) {
        Duration delay = config.duration(RESTART_DELAY, Duration.ofSeconds(1), ChronoUnit.SECONDS);
        Duration max = config.duration(RESTART_MAX_DELAY, Duration.ofSeconds(60), ChronoUnit.SECONDS);
        if (delay.isZero()) {
            throw new ConfigException("[" + config.name() + "] restart_delay = 0: a failing @Execute method would restart in a busy loop;"
                    + " give a positive delay such as 100ms");
        }
        if (max.compareTo(delay) < 0) {
            throw new ConfigException("[" + config.name() + "] restart_max_delay (" + max.toMillis()
                    + " ms) is shorter than restart_delay (" + delay.toMillis() + " ms)");
        }
        return new Restarts(delay, max);
    }

    /** {@code interval} of a section (0: run again at once). */
    static Duration interval(ConfigSection config) {
        return config.duration(INTERVAL, Duration.ZERO, ChronoUnit.SECONDS);
    }

    @Override
    public void start() {
        loop = Thread.ofVirtual().name("farine-execute-" + method.service().name() + "." + method.name()).start(this::runLoop);
    }

    private void runLoop() {
        try {
            while (!stopping) {
                long started = System.nanoTime();
                CompletableFuture<Void> worker = method.spawn(method.worker(null), new Object[0], (result, failure) -> { });
                current = worker;
                if (stopping) {
                    // stop() may have looked at current just before this worker was assigned
                    worker.cancel(true);
                    return;
                }
                boolean failed = false;
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    failed = true; // the worker logged it
                } catch (CancellationException e) {
                    return;
                }
                if (stopping) {
                    return;
                }
                Duration ran = Duration.ofNanos(System.nanoTime() - started);
                if (failed) {
                    Duration wait = backoff.next(ran);
                    LOG.info("{}.{} will restart in {} ms", method.service().name(), method.name(), wait.toMillis());
                    method.service().observer().executeRestarted(method.service().name(), method.name());
                    Thread.sleep(wait);
                } else if (!restart) {
                    LOG.info("{}.{} returned; restart = false, not running it again", method.service().name(), method.name());
                    return;
                } else {
                    backoff.reset();
                    if (!interval.isZero()) {
                        Thread.sleep(interval);
                    }
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts the loop's pause
        } catch (Throwable t) {
            method.service().fail("@Execute loop " + method.name(), t);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        CompletableFuture<Void> running = current;
        if (running != null) {
            running.cancel(true);
        }
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void kill() {
        stop();
    }

    @Override
    public String describe() {
        return "execute " + method.name();
    }

    /** Restarts of a failing method: {@link Backoff} with jitter; a run longer than the cap counts as healthy and resets it. */
    static final class Restarts {
        private final Backoff backoff;
        private int failures;

        Restarts(Duration initial, Duration max) {
            this.backoff = new Backoff(initial, max, Backoff.Jitter.FIFTH_BELOW);
        }

        Duration next(Duration lastRun) {
            if (lastRun.compareTo(backoff.max()) > 0) {
                failures = 0;
            }
            failures++;
            return backoff.delay(failures);
        }

        void reset() {
            failures = 0;
        }

        int failures() {
            return failures;
        }
    }
}
