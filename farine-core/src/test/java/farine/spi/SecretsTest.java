package farine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "amqp_uri|amqp://guest:guest@localhost:5672/|amqp://guest:****@localhost:5672/",
        "amqp_uri|amqps://u:p/w@d@host/vhost|amqps://u:****@host/vhost",
        "amqp_uri|amqp://localhost/|amqp://localhost/",
        "amqp_uri|amqp://guest@localhost/|amqp://guest@localhost/",
        "jdbc|jdbc:postgresql://h/db?user=postgres&password=s3cret|jdbc:postgresql://h/db?user=postgres&password=****",
        "db_password|s3cret|****",
        "client_secret|s3cret|****",
        "api_token|abc|****",
        "headers|Authorization: Bearer x|****",
        "db_host|localhost|localhost",
        "db_url|postgresql://h/db?sslmode=verify-full&sslpassword=s3cret|postgresql://h/db?sslmode=verify-full&sslpassword=****",
        "endpoint|https://h/events?access_token=abc&api_key=k1&topic=x|https://h/events?access_token=****&api_key=****&topic=x",
        "amqp_uri|amqp://bob:pass word@host:5672/|amqp://bob:****@host:5672/",
        "API_KEY|k1|****",
        "sslkey|k1|****",
        "x-Auth-Header|Bearer y|****",
        "service_Credentials|c|****",
        "DB_PASSWD|p|****",
        "routing_key|orders.created|orders.created",
        "echo.routing_key|orders|orders",
    })
    void masksSecretKeysAndPasswordsInsideValues(String key, String value, String expected) {
        assertThat(Config.masked(key, value)).isEqualTo(expected);
    }

    @Test
    void anEmptySecretStaysEmptySoThatItsAbsenceIsVisible() {
        assertThat(Secrets.mask("db_password", "")).isEmpty();
        assertThat(Secrets.mask("db_password", null)).isNull();
    }

    @Test
    void aMalformedUriInAnErrorMessageHasItsPasswordMaskedUpToTheHost() {
        assertThat(Secrets.maskUri("[svc] db_url = \"postgresql://u:my secret@db:5432/x\": not a valid URI (bad port)"))
                .isEqualTo("[svc] db_url = \"postgresql://u:****@db:5432/x\": not a valid URI (bad port)");
    }

    @Test
    void maskUriWorksOnFreeText() {
        assertThat(Secrets.maskUri("cannot connect to amqp://bob:pw@h1/ or amqp://al:pw2@h2/ (refused)"))
                .isEqualTo("cannot connect to amqp://bob:****@h1/ or amqp://al:****@h2/ (refused)");
    }
}
