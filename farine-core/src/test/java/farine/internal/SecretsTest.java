package farine.internal;

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
    void maskUriWorksOnFreeText() {
        assertThat(Secrets.maskUri("cannot connect to amqp://bob:pw@h1/ or amqp://al:pw2@h2/ (refused)"))
                .isEqualTo("cannot connect to amqp://bob:****@h1/ or amqp://al:****@h2/ (refused)");
    }
}
