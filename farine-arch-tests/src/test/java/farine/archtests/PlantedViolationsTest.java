package farine.archtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules fail on planted violations: the classes under {@code farine.planted}, {@code farine.plantedcycle} and
 * {@code farine.internal.PlantedTransport} (test sources of this module, never part of the checked main classes)
 * break each rule once, and each rule names exactly that break.
 */
class PlantedViolationsTest {
    private static JavaClasses planted;

    @BeforeAll
    static void importPlanted() {
        planted = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("farine.planted", "farine.plantedcycle", "farine.plantedother", "farine.internal");
    }

    @Test
    void aClassUsingAnotherModulesInternalIsAViolation() {
        assertThat(Boundaries.internalReach(planted))
                .containsExactly("farine.plantedother.Reacher -> farine.planted.internal.Hidden");
    }

    @Test
    void twoPackagesUsingEachOtherAreACycle() {
        assertThat(Boundaries.cycles(planted))
                .containsExactly("farine.plantedcycle.a <-> farine.plantedcycle.b");
    }

    @Test
    void aCoreClassUsingAnAmqpTypeIsAViolation() {
        assertThat(Boundaries.coreTransport(planted))
                .containsExactly("farine.internal.PlantedTransport -> com.rabbitmq.client.ConnectionFactory");
    }

    @Test
    void aPublicInternalClassNoServiceFileNamesIsAViolation() {
        assertThat(Boundaries.publicInternal(planted))
                .contains("farine.planted.internal.Hidden")
                .doesNotContain("farine.planted.internal.LoadedService");
    }

    @Test
    void theArchitectureTestFailsOnAPlantedViolation() {
        // the same comparison ArchitectureTest makes, run on the main classes plus the planted ones
        JavaClasses mainAndPlanted = new ClassFileImporter().importPackages("farine", "examples");
        assertThat(Boundaries.all(mainAndPlanted))
                .contains("internal-reach: farine.plantedother.Reacher -> farine.planted.internal.Hidden",
                        "cycle: farine.plantedcycle.a <-> farine.plantedcycle.b",
                        "core-transport: farine.internal.PlantedTransport -> com.rabbitmq.client.ConnectionFactory");
    }
}
