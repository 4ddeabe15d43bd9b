package farine.archtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules fail on planted violations: the classes under {@code farine.planted}, {@code farine.plantedcycle},
 * {@code farine.internal.PlantedTransport} and {@code farine.internal.PlantedBrokerSpi} (test sources of this module, never part of the checked main classes)
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
    void aCoreTypeNamedForATransportIsAViolation() {
        assertThat(Boundaries.coreTransportNames(planted))
                .containsExactly("farine.internal.PlantedBrokerSpi names a transport");
    }

    @Test
    void aPublicInternalClassIsUsedByNoOtherModuleAndByASiblingPackageOrServiceLoader() {
        // Hidden: another module uses it; Lonely: public, but only its own package uses it; Shared: a sibling internal
        // package of its module uses it (allowed); LoadedService: a META-INF/services file names it (allowed)
        assertThat(Boundaries.publicInternal(planted))
                .containsExactly("farine.planted.internal.Hidden used by module plantedother",
                        "farine.planted.internal.Lonely public but used only in its package");
    }

    @Test
    void theArchitectureTestFailsOnAPlantedViolation() {
        // the same comparison ArchitectureTest makes, run on the main classes plus the planted ones
        JavaClasses mainAndPlanted = new ClassFileImporter().importPackages("farine", "examples");
        assertThat(Boundaries.all(mainAndPlanted))
                .contains("internal-reach: farine.plantedother.Reacher -> farine.planted.internal.Hidden",
                        "cycle: farine.plantedcycle.a <-> farine.plantedcycle.b",
                        "core-transport: farine.internal.PlantedTransport -> com.rabbitmq.client.ConnectionFactory",
                        "core-transport: farine.internal.PlantedBrokerSpi names a transport",
                        "public-internal: farine.planted.internal.Hidden used by module plantedother");
    }
}
