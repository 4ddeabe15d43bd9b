package farine.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used by this JVM, all threads. The sides run one after the other, so a difference over a
 * run divided by its operations is that side's CPU per operation: a figure the shared machine's load
 * disturbs far less than a rate (a busy machine slows both sides, but the work per call stays).
 */
final class Cpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Cpu() {
    }

    static long nanos() {
        return OS.getProcessCpuTime();
    }

    /** Microseconds of CPU per operation since {@code startNanos}. */
    static double microsPer(long startNanos, long operations) {
        return (nanos() - startNanos) / 1000.0 / Math.max(1, operations);
    }

    // the local broker's Erlang VM, if this machine runs it and /proc shows it: its CPU per call is a row of its own
    // (the service's, run by user rabbitmq, before private nodes that tests may have started)
    private static final Path BROKER_STAT = ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(c -> c.endsWith("beam.smp")).orElse(false))
            .sorted(java.util.Comparator.comparing(p -> !"rabbitmq".equals(p.info().user().orElse(""))))
            .map(p -> Path.of("/proc", Long.toString(p.pid()), "stat")).findFirst().orElse(null);

    /**
     * CPU time of the local broker (RabbitMQ's {@code beam.smp}) so far, in nanoseconds at the kernel's tick
     * resolution (10 ms), or -1 where it cannot be read. It counts every client of the broker: on a machine
     * where others use it too, the figure per call is an upper bound.
     */
    static long brokerNanos() {
        if (BROKER_STAT == null) {
            return -1;
        }
        try {
            String stat = Files.readString(BROKER_STAT);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, utime and stime fields 14 and 15 (USER_HZ, 100 per second)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The machine's CPU ticks so far from {@code /proc/stat}: {@code [steal, all]}, or null where there is no
     * such file. Steal is time the hypervisor gave this machine's CPUs to others: a run with much of it was
     * slowed at random moments, whichever side was running then.
     */
    static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) { // user nice system idle iowait irq softirq steal
                all += Long.parseLong(fields[i]);
            }
            return new long[] {fields.length > 8 ? Long.parseLong(fields[8]) : 0, all};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Steal as a share of all CPU time between two {@link #machineTicks} readings, as text, or "unknown". */
    static String stealBetween(long[] start, long[] end) {
        if (start == null || end == null || end[1] <= start[1]) {
            return "unknown";
        }
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * (end[0] - start[0]) / (end[1] - start[1]));
    }
}
