package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The choices of the Testcontainers step that need no Docker engine. */
class DockerTest {

    @Test
    void the_image_is_the_system_property_else_the_variable_else_the_official_one() {
        String property = "farine.test.docker-test.image";
        assertThat(Docker.image(property, "IMAGE", "rabbitmq:4", Map.of())).isEqualTo("rabbitmq:4");
        assertThat(Docker.image(property, "IMAGE", "rabbitmq:4", Map.of("IMAGE", " "))).isEqualTo("rabbitmq:4");
        assertThat(Docker.image(property, "IMAGE", "rabbitmq:4", Map.of("IMAGE", " farine-test/rabbitmq:abc "))).isEqualTo("farine-test/rabbitmq:abc");
        System.setProperty(property, "mirror.example/rabbitmq:4");
        try {
            assertThat(Docker.image(property, "IMAGE", "rabbitmq:4", Map.of("IMAGE", "farine-test/rabbitmq:abc"))).isEqualTo("mirror.example/rabbitmq:4");
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void only_containers_of_a_jvm_of_this_host_that_no_longer_runs_are_abandoned() throws Exception {
        String host = Docker.owner().substring(0, Docker.owner().lastIndexOf('/'));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThat(Docker.abandoned(host + "/" + gone.pid())).isTrue();
        assertThat(Docker.abandoned(Docker.owner())).isFalse(); // this JVM
        assertThat(Docker.abandoned("another-host/" + gone.pid())).isFalse(); // its JVMs are not ours to judge
        assertThat(Docker.abandoned(host + "/not-a-pid")).isFalse();
        assertThat(Docker.abandoned(null)).isFalse();
    }
}
