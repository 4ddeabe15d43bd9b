package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import org.junit.jupiter.api.Test;

class ReadDeadlineTest {

    private static boolean watcherAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("farine-gateway-read-timeout") && t.isAlive());
    }

    @Test
    void aReadPastItsDeadlineIsInterruptedAndTheWatcherEndsOnceNoReadIsInProgress() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (ReadDeadline deadline = new ReadDeadline(Duration.ofMillis(300))) {
                new SynchronousQueue<>().take(); // a read that never gets its bytes
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        assertThat(interrupted.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        // nothing reads any more: the watcher thread does not outlive its use (it did, for the life of the JVM)
        await().atMost(Duration.ofSeconds(15)).until(() -> !watcherAlive());
        // and the next read has a watcher again
        CompletableFuture<Boolean> again = new CompletableFuture<>();
        Thread second = Thread.ofPlatform().start(() -> {
            try (ReadDeadline deadline = new ReadDeadline(Duration.ofMillis(300))) {
                new SynchronousQueue<>().take();
                again.complete(false);
            } catch (InterruptedException e) {
                again.complete(true);
            }
        });
        assertThat(again.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        second.join(10_000);
    }
}
