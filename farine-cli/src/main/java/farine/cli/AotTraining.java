package farine.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of {@code bin/farine}'s AOT cache (JDK 25+): {@code AotTraining CLASS_LIST} loads and links the
 * classes a service run loaded, as written by {@code -Xlog:class+load} ({@code name source: ...} per line), so
 * that a JVM started with {@code -XX:AOTCacheOutput} writes them into the cache. It runs in a JVM of its own,
 * in the background: a service run itself never records (recording printed a line on stdout and kept the JVM
 * alive after "stopped" while it wrote). Classes that no longer load are skipped. Exit code 0, or 2 for usage.
 */
public final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AotTraining CLASS_LIST");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        int loaded = 0;
        for (String line : lines) {
            int space = line.indexOf(" source: ");
            // classes defined at run time (lambdas, proxies) have no file to come from; the JVM regenerates them
            if (space <= 0 || line.contains("__JVM_") || line.contains("__Lookup") || line.contains("$$Lambda")
                    || line.contains("/0x")) {
                continue;
            }
            try {
                Class.forName(line.substring(0, space), false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // gone from the class path since the run that listed it
            }
        }
        System.out.println(loaded);
    }
}
