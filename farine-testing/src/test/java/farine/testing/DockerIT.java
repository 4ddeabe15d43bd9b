package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The Testcontainers step against the Docker engine of this machine, if any. In the build's containers
 * pass ({@code FARINE_TEST_CONTAINERS=on}, set by bin/docker-test-env) an engine must answer: those
 * tests are then never skipped.
 */
class DockerIT {

    private static boolean dockerAnswers() {
        boolean answers = DockerClientFactory.instance().isDockerAvailable();
        if ("on".equals(System.getenv("FARINE_TEST_CONTAINERS"))) {
            assertThat(answers).as("FARINE_TEST_CONTAINERS=on but no Docker engine answers").isTrue();
        }
        return answers;
    }

    @Test
    void without_a_docker_engine_testcontainers_is_unavailable_with_the_reason() {
        assumeFalse(dockerAnswers(), "a Docker engine answers here");
        assertThatThrownBy(Docker::rabbitMq).isInstanceOf(Unavailable.class).hasMessage("no Docker engine answers");
        assertThatThrownBy(Docker::postgres).isInstanceOf(Unavailable.class).hasMessage("no Docker engine answers");
    }

    @Test
    void containers_left_by_a_jvm_of_this_host_that_no_longer_runs_are_removed_and_no_others() throws Exception {
        assumeTrue(dockerAnswers(), "no Docker engine answers here");
        var client = DockerClientFactory.instance().client();
        String image = Docker.image(Docker.RABBITMQ_IMAGE_PROPERTY, Docker.RABBITMQ_IMAGE_ENV, Docker.RABBITMQ_IMAGE, System.getenv());
        DockerClientFactory.instance().checkAndPullImage(client, image);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = Docker.owner().substring(0, Docker.owner().lastIndexOf('/'));
        // created, never started: what a JVM killed between create and stop leaves, at no cost here
        String orphan = client.createContainerCmd(image).withLabels(Map.of(Docker.OWNER_LABEL, host + "/" + gone.pid())).exec().getId();
        String alive = client.createContainerCmd(image).withLabels(Map.of(Docker.OWNER_LABEL, Docker.owner())).exec().getId();
        try {
            assertThat(Docker.removeAbandoned()).contains(orphan).doesNotContain(alive);
            assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Docker.OWNER_LABEL, host + "/" + gone.pid())).exec()).isEmpty();
        } finally {
            client.removeContainerCmd(alive).withForce(true).exec();
        }
    }
}
