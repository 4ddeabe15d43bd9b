package farine.rpc.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import farine.rpc.RemoteException;
import farine.rpc.internal.wire.ReplyFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RemoteErrorsTest {

    private static RemoteException of(String json) {
        return RemoteErrors.of("svc", "m", ReplyFrame.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theStructuredFieldOfAJavaServerWins() {
        RemoteException e = of("{\"__except__\": \"whatever text\", \"__error__\": {\"type\": \"java.io.IOException\", \"message\": \"disk\"}}");
        assertThat(e.remoteType()).isEqualTo("java.io.IOException");
        assertThat(e.remoteMessage()).isEqualTo("disk");
        assertThat(e.remoteTrace()).isEqualTo("whatever text");
        assertThat(e).hasMessage("svc.m failed remotely: java.io.IOException: disk");
    }

    @Test
    void aPythonLineIsTypeColonMessage() {
        RemoteException e = of("{\"__except__\": \"ValueError: invalid literal for int(): 'x'\"}");
        assertThat(e.remoteType()).isEqualTo("ValueError");
        assertThat(e.remoteMessage()).isEqualTo("invalid literal for int(): 'x'");
        assertThat(e.service()).isEqualTo("svc");
        assertThat(e.method()).isEqualTo("m");
    }

    @Test
    void aPythonTracebackEndsWithTypeAndMessage() {
        RemoteException e = of("{\"__except__\": \"Traceback (most recent call last):\\n  File \\\"a.py\\\", line 1, in f\\n"
                + "    raise KeyError('k')\\nKeyError: 'k'\\n\"}");
        assertThat(e.remoteType()).isEqualTo("KeyError");
        assertThat(e.remoteMessage()).isEqualTo("'k'");
        assertThat(e.remoteTrace()).startsWith("Traceback");
    }

    @Test
    void aTypeWithoutMessageOrNoTextAtAll() {
        assertThat(of("{\"__except__\": \"StopIteration\"}").remoteType()).isEqualTo("StopIteration");
        RemoteException empty = of("{\"__except__\": \"\"}");
        assertThat(empty.remoteType()).isEqualTo("Exception");
        assertThat(empty.remoteMessage()).isEmpty();
        assertThat(empty).hasMessage("svc.m failed remotely: Exception");
    }

    @Test
    void aStructuredFieldWithoutTypeFallsBackToTheText() {
        assertThat(of("{\"__except__\": \"OSError: gone\", \"__error__\": {\"message\": \"x\"}}").remoteType()).isEqualTo("OSError");
    }
}
