package farine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a server process reports about itself: resident size, heap in use, platform threads and
 * bytes allocated since it started. Sent as one line of text: {@code rss heap threads allocated}.
 */
record ProcessStats(long rssBytes, long heapUsedBytes, int threads, long allocatedBytes) {

    /** Measures this JVM; with {@code collect} the heap figure is taken after a full GC (what stays live). */
    static ProcessStats ofThisJvm(boolean collect, Allocation allocation) {
        if (collect) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        return new ProcessStats(residentBytes(), heap, threads, allocation.total());
    }

    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String line() {
        return rssBytes + " " + heapUsedBytes + " " + threads + " " + allocatedBytes;
    }

    static ProcessStats parse(String line) {
        String[] parts = line.trim().split(" ");
        try {
            if (parts.length == 4) {
                return new ProcessStats(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
            }
        } catch (NumberFormatException e) {
            // reported below with the whole line, which says more than the number that failed
        }
        throw new IllegalStateException("bad stats line from the server process: " + line);
    }
}
