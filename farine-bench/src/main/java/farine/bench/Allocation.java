package farine.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap by every thread of this JVM (virtual threads allocate on their
 * carriers, so they are included). A difference over a run divided by its operations gives the
 * allocation per operation.
 */
final class Allocation {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    Allocation() {
        if (!threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
    }

    long total() {
        return threads.getTotalThreadAllocatedBytes();
    }
}
