package farine.amqp.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
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

    // the shapes of the JDK's exceptions (the real ones are checked against a TLS broker in TlsIT)
    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void anUntrustedServerCertificateIsATlsFailureNamingTheTrustStore() {
        Throwable e = handshake("(certificate_unknown) PKIX path building failed: unable to find valid certification path",
                new CertificateException("PKIX path building failed",
                        new CertPathBuilderException("unable to find valid certification path to requested target")));
        assertThat(AmqpConnector.tlsFailure(e, "rabbit.example:5671"))
                .startsWith("the TLS handshake with rabbit.example:5671 failed: the server's certificate is not trusted by this JVM"
                        + " (unable to find valid certification path to requested target)")
                .contains("-Djavax.net.ssl.trustStore=FILE");
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsATlsFailure() {
        Throwable e = handshake("(certificate_unknown) No subject alternative names matching IP address 10.0.0.5 found",
                new CertificateException("No subject alternative names matching IP address 10.0.0.5 found"));
        assertThat(AmqpConnector.tlsFailure(e, "10.0.0.5:5671")).isEqualTo("the TLS handshake with 10.0.0.5:5671 failed:"
                + " the server's certificate does not name the host connected to (No subject alternative names matching IP"
                + " address 10.0.0.5 found); amqp_uri must name the broker as its certificate does (subjectAltName)");
        assertThat(AmqpConnector.tlsFailure(handshake("(certificate_unknown) No name matching rabbit found",
                new CertificateException("No name matching rabbit found")), "rabbit:5671")).contains("does not name the host");
    }

    @Test
    void anExpiredCertificateIsATlsFailure() {
        Throwable e = handshake("(certificate_unknown) validity check failed", new CertificateException("validity check failed",
                new CertPathValidatorException("validity check failed", new CertificateExpiredException("NotAfter: ..."))));
        assertThat(AmqpConnector.tlsFailure(e, "h:5671")).contains("out of its validity period (NotAfter: ...)");
    }

    @Test
    void aServerThatRefusesTheHandshakeOrSpeaksNoTlsIsATlsFailure() {
        assertThat(AmqpConnector.tlsFailure(new SSLHandshakeException("Received fatal alert: handshake_failure"), "h:5671"))
                .isEqualTo("the TLS handshake with h:5671 failed: the server refused it (Received fatal alert: handshake_failure)");
        assertThat(AmqpConnector.tlsFailure(new SSLException("Unsupported or unrecognized SSL message"), "h:5672"))
                .isEqualTo("the TLS handshake with h:5672 failed: the server does not speak TLS there, a plain amqp:// port perhaps"
                        + " (Unsupported or unrecognized SSL message)");
    }

    @Test
    void aHandshakeCutShortOrNoTlsAtAllIsWorthRetrying() {
        assertThat(AmqpConnector.tlsFailure(handshake("Remote host terminated the handshake", new EOFException("SSL peer shut down incorrectly")),
                "h:5671")).isNull();
        assertThat(AmqpConnector.tlsFailure(new ConnectException("Connection refused"), "h:5671")).isNull();
        assertThat(AmqpConnector.refusal(handshake("Received fatal alert: handshake_failure", null))).isNull();
    }
}
