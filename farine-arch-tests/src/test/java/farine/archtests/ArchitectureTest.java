package farine.archtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the main classes of every module (docs/architecture.md):
 * no module uses another module's {@code internal} package, no two farine packages depend on each other in a
 * circle, core uses no transport type, and a type in an {@code internal} package is public only where a sibling
 * package of its module or ServiceLoader needs it (and no other module uses it).
 *
 * <p>The violations that exist are listed in {@code known-violations.txt} (the debt, shrinking): a violation not on
 * the list fails the build, and so does a listed one that is gone (take it off the list, so it cannot come back).
 */
class ArchitectureTest {
    private static JavaClasses main;
    private static SortedSet<String> known;

    @BeforeAll
    static void importMainClasses() throws IOException {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("farine", "examples");
        known = new TreeSet<>();
        try (InputStream in = ArchitectureTest.class.getResourceAsStream("/known-violations.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.replaceAll("#.*", "").strip();
                if (!entry.isEmpty()) known.add(entry);
            }
        }
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
    void typesInInternalArePublicOnlyForTheirModuleOrServiceLoader() {
        check(Boundaries.PUBLIC_INTERNAL, Boundaries.publicInternal(main));
    }

    private static void check(String rule, SortedSet<String> violations) {
        SortedSet<String> found = new TreeSet<>();
        violations.forEach(v -> found.add(rule + ": " + v));
        SortedSet<String> listed = new TreeSet<>(known.subSet(rule + ":", rule + ";"));
        SortedSet<String> added = new TreeSet<>(found);
        added.removeAll(listed);
        SortedSet<String> gone = new TreeSet<>(listed);
        gone.removeAll(found);
        if (!added.isEmpty()) {
            fail("new %s violations (docs/architecture.md names the public seams; known-violations.txt lists old"
                    + " debt, not new code):%n  %s", rule, String.join("\n  ", added));
        }
        if (!gone.isEmpty()) {
            fail("%s violations listed in farine-arch-tests/src/test/resources/known-violations.txt are gone: take"
                    + " them off the list, so they cannot come back:%n  %s", rule, String.join("\n  ", gone));
        }
    }
}
