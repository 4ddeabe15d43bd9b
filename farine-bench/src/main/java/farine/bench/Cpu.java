package farine.bench;

import java.lang.management.ManagementFactory;

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
}
