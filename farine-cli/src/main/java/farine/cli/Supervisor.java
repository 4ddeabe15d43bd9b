package farine.cli;

import farine.Container;
import farine.FarineException;
import farine.embedded.EmbeddedBrokers;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a container in the foreground: starts it, then waits until a signal stops it (exit 0), a
 * second signal kills it (exit 128 + signal), or it dies on its own (exit 3). Runs on the main thread.
 */
final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(3);
    /** Set by bin/farine when it built the launcher before starting it. */
    static final String BUILT_PROPERTY = "farine.launcher.built";

    private final Container container;
    private final BrokerRunFile runFile;
    private final Thread main = Thread.currentThread();
    private volatile boolean started;
    /** 128 + the signal once a second signal asked for an immediate stop, else 0. */
    private volatile int killedStatus;

    Supervisor(Container container, BrokerRunFile runFile) {
        this.container = container;
        this.runFile = runFile;
    }

    int run() {
        try {
            return supervise();
        } finally {
            runFile.delete();
        }
    }

    private int supervise() {
        Signals signals = new Signals(this::stopGracefully, this::stopImmediately);
        signals.install();
        // for what is not SIGINT/SIGTERM (SIGHUP, System.exit elsewhere): still a graceful stop
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "farine-shutdown-hook"));
        try {
            container.start();
            started = true;
            logReady();
            embeddedBrokerUri().ifPresent(runFile::write);
        } catch (FarineException e) {
            if (signals.received()) {
                LOG.info("stopped while starting");
                return killedStatus != 0 ? killedStatus : Main.OK;
            }
            throw e;
        }
        if (signals.received()) {
            // the signal may have come just before `started` was set, so nobody may have stopped it yet
            // (stop is idempotent); the interrupt meant for start() must not cut this stop short
            Thread.interrupted();
            container.stop();
        }
        try {
            container.stopped().join();
            if (killedStatus != 0) {
                // the kill completed the stop: this thread must not exit 0 before the signal thread halts
                return killedStatus;
            }
            LOG.info("stopped");
            return Main.OK;
        } catch (CompletionException e) {
            if (killedStatus != 0) {
                return killedStatus;
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("a service died, exiting with status {}: {}", Main.SERVICE_DIED, cause.getMessage());
            return Main.SERVICE_DIED;
        }
    }

    /**
     * How long start-up took, from the process's start (what a user waits for), and the CPU it cost. When bin/farine
     * built the launcher first ({@code -Dfarine.launcher.built=true}), the process (bin/farine execs the JVM) started
     * before the build: then from the JVM's start, so that the build is not counted as the service's start.
     */
    private static void logReady() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        boolean built = Boolean.getBoolean(BUILT_PROPERTY);
        Optional<Instant> began = built
                ? Optional.of(Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()))
                : info.startInstant();
        long wall = began.map(t -> Duration.between(t, Instant.now()).toMillis()).orElse(-1L);
        long cpu = info.totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        LOG.info("ready in {} ms ({} to all services started; {} ms CPU)", wall, built ? "JVM start after the build" : "process start", cpu);
    }

    private void stopGracefully(int signal) {
        if (started) {
            Thread.ofPlatform().name("farine-stop").start(container::stop);
        } else {
            // start() may be waiting for the broker; interrupting it makes it give up and kill what it started
            main.interrupt();
        }
    }

    private void stopImmediately(int signal) {
        killedStatus = 128 + signal;
        Thread killer = Thread.ofPlatform().daemon().name("farine-kill").start(container::kill);
        try {
            killer.join(KILL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("killed, exiting with status {}", 128 + signal);
        runFile.delete();
        // halt, not exit: shutdown hooks would wait for the graceful stop this signal cuts short
        Runtime.getRuntime().halt(128 + signal);
    }

    /**
     * The URI of the embedded development broker this process started, if any. farine-embedded is not on
     * the classpath of a distribution (farine-VERSION.tar.gz leaves development parts out): then none.
     */
    private static java.util.Optional<String> embeddedBrokerUri() {
        try {
            return EmbeddedBrokers.runningUri();
        } catch (NoClassDefFoundError absent) {
            return java.util.Optional.empty();
        }
    }
}
