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
