package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code farine broker}: the newest running launcher's embedded broker, and which one it took when several run. */
class BrokerCommandTest {

    @TempDir
    Path dir;

    /** A run file as a launcher writes it, for a process that is alive (this JVM, its parent), {@code age} seconds old. */
    private void runFile(long pid, String uri, long age) throws IOException {
        Path file = Files.createDirectories(dir.resolve("farine")).resolve("embedded-broker-" + pid + ".uri");
        Files.writeString(file, uri + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(age)));
    }

    @Test
    void printsTheOnlyRunningBrokerWithoutANote() throws IOException {
        runFile(ProcessHandle.current().pid(), "amqp://guest:guest@127.0.0.1:40001/", 5);

        Cli.Result result = new Cli(Map.of("XDG_RUNTIME_DIR", dir.toString()), dir).run("broker");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("amqp://guest:guest@127.0.0.1:40001/");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void saysWhichOneItTookWhenSeveralRun() throws IOException {
        long older = ProcessHandle.current().parent().orElseThrow().pid();
        long newer = ProcessHandle.current().pid();
        runFile(older, "amqp://guest:guest@127.0.0.1:40001/", 60);
        runFile(newer, "amqp://guest:guest@127.0.0.1:40002/", 5);

        Cli.Result result = new Cli(Map.of("XDG_RUNTIME_DIR", dir.toString()), dir).run("broker");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("amqp://guest:guest@127.0.0.1:40002/");
        assertThat(result.err()).contains("farine: 2 farine processes run an embedded broker; using the newest (pid " + newer
                + ", amqp://guest:guest@127.0.0.1:40002/); the others' URIs are in " + dir.resolve("farine"));
    }
}
