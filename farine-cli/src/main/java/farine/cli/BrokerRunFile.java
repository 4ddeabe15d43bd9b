package farine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a running launcher says which embedded broker it started, so that {@code farine call} in another
 * terminal finds it without an {@code --amqp-uri}: one file per process, {@code embedded-broker-<pid>.uri}
 * holding the broker's URI, in {@code $XDG_RUNTIME_DIR/farine} (else {@code <tmpdir>/farine-<user>}).
 * The launcher writes it once its services have started and deletes it when it exits; a file whose process
 * is gone (killed with SIGKILL) is ignored and deleted by the next reader. Failing to write is not fatal.
 */
final class BrokerRunFile {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRunFile.class);
    private static final String PREFIX = "embedded-broker-";
    private static final String SUFFIX = ".uri";

    /** A launcher's broker: its process and URI. */
    record Running(long pid, String uri) {
    }

    private final Path directory;
    private final Path file;

    BrokerRunFile(Map<String, String> env) {
        this.directory = directory(env);
        this.file = directory.resolve(PREFIX + ProcessHandle.current().pid() + SUFFIX);
    }

    static Path directory(Map<String, String> env) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        return runtime != null && !runtime.isBlank() ? Path.of(runtime, "farine")
                : Path.of(System.getProperty("java.io.tmpdir"), "farine-" + System.getProperty("user.name"));
    }

    /** Writes this process's broker URI (the file appears whole: written aside, then moved). */
    void write(String uri) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path partial = Files.writeString(directory.resolve(file.getFileName() + ".partial"), uri + "\n");
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot write the run file {} (farine call will need --amqp-uri): {}", file, e.toString());
        }
    }

    /** Deletes this process's run file, if any. Never throws. */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete the run file {}: {}", file, e.toString());
        }
    }

    /** The embedded brokers of running launchers, the most recently started first. */
    static List<Running> running(Map<String, String> env) {
        Path directory = directory(env);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches(PREFIX + "\\d+" + "\\" + SUFFIX))
                    .sorted(Comparator.comparing(BrokerRunFile::modified).reversed())
                    .flatMap(f -> read(f).stream())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Running> read(Path file) {
        String name = file.getFileName().toString();
        long pid = Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        try {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(new Running(pid, Files.readString(file).strip()));
            }
            Files.deleteIfExists(file); // its launcher was killed before it could delete it
        } catch (IOException e) {
            LOG.debug("cannot read the run file {}: {}", file, e.toString());
        }
        return Optional.empty();
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
