package farine.amqp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class AmqpConnectorRefusalTest {

    private static IOException closedWith(int code, String text) {
        AMQP.Connection.Close close = new AMQP.Connection.Close.Builder().replyCode(code).replyText(text).build();
        return new IOException(new ShutdownSignalException(true, false, close, null));
    }

    @Test
    void anUnknownVhostIsARefusal() {
        assertThat(AmqpConnector.refusal(closedWith(530, "NOT_ALLOWED - vhost orders not found")))
                .isEqualTo("NOT_ALLOWED - vhost orders not found (reply code 530)");
    }

    @Test
    void noPermissionOnTheVhostIsARefusal() {
        assertThat(AmqpConnector.refusal(closedWith(403, "ACCESS_REFUSED - access to vhost 'orders' refused for user 'app'")))
                .contains("access to vhost 'orders' refused");
    }

    @Test
    void badCredentialsAreARefusal() {
        assertThat(AmqpConnector.refusal(new AuthenticationFailureException("ACCESS_REFUSED - Login was refused")))
                .startsWith("the broker refused the user name or password");
    }

    @Test
    void aVhostThatIsDownOrABrokerThatIsUnreachableIsWorthRetrying() {
        assertThat(AmqpConnector.refusal(closedWith(530, "NOT_ALLOWED - vhost / is down"))).isNull();
        assertThat(AmqpConnector.refusal(closedWith(320, "CONNECTION_FORCED - broker forced connection closure"))).isNull();
        assertThat(AmqpConnector.refusal(new ConnectException("Connection refused"))).isNull();
    }
}
