package farine.archtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.SortedSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the main classes of every module (docs/architecture.md):
 * no module uses another module's {@code internal} package, no two farine packages depend on each other in a
 * circle, core uses no transport type and declares none named for one, and a type in an {@code internal} package is public only where a sibling
 * package of its module or ServiceLoader needs it (and no other module uses it).
 *
 * <p>Any violation fails the build: there is no list of tolerated ones (issue 22 paid the last of them off).
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("farine", "examples");
    }

    @Test
    void theImportSeesEveryModule() {
        // a rule that checks nothing cannot fail: make sure every module's main classes are there
        assertThat(main.stream().map(c -> Boundaries.module(c.getPackageName()).orElse("?")).distinct())
                .contains("core", "amqp", "rpc", "stream", "db", "embedded", "testing", "observe", "registry", "cli",
                        "examples");
        assertThat(main.stream().filter(c -> c.getSource().map(s -> s.getUri().toString().contains("test-classes"))
                .orElse(false))).as("test classes are not checked").isEmpty();
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternal() {
        check(Boundaries.INTERNAL_REACH, Boundaries.internalReach(main));
    }

    @Test
    void noPackageCycle() {
        check(Boundaries.CYCLE, Boundaries.cycles(main));
    }

    @Test
    void coreUsesNoTransportType() {
        check(Boundaries.CORE_TRANSPORT, Boundaries.coreTransport(main));
    }

    @Test
    void coreDeclaresNoTypeNamingATransport() {
        check(Boundaries.CORE_TRANSPORT, Boundaries.coreTransportNames(main));
    }

    @Test
    void typesInInternalArePublicOnlyForTheirModuleOrServiceLoader() {
        check(Boundaries.PUBLIC_INTERNAL, Boundaries.publicInternal(main));
    }

    private static void check(String rule, SortedSet<String> violations) {
        if (!violations.isEmpty()) {
            fail("%s violations (docs/architecture.md names the public seams and the rules):%n  %s", rule,
                    String.join("\n  ", violations));
        }
    }
}
