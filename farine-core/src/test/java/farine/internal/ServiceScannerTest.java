package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import farine.Container;
import farine.internal.scanned.Alpha;
import farine.internal.scanned.sub.Beta;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceScannerTest {

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void aPackageYieldsItsPublicConcreteServicesAndThoseOfItsSubPackages() {
        assertThat(Container.discover(loader, List.of("farine.internal.scanned"))).containsExactly(Alpha.class, Beta.class);
    }

    @Test
    void aClassNameYieldsThatClass() {
        assertThat(Container.discover(loader, List.of(Beta.class.getName()))).containsExactly(Beta.class);
    }

    @Test
    void targetsAreCombinedWithoutDuplicates() {
        assertThat(Container.discover(loader, List.of(Alpha.class.getName(), "farine.internal.scanned")))
                .containsExactly(Alpha.class, Beta.class);
    }

    @Test
    void aTargetThatMatchesNothingSaysWhatWasSearchedWhere() {
        assertThatThrownBy(() -> Container.discover(loader, List.of("no.such.module")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no service found for --start=no.such.module")
                .hasMessageContaining("no class named no.such.module")
                .hasMessageContaining("no class in package no.such.module (or below)")
                .hasMessageContaining("@Execute")
                .hasMessageContaining("@Probe")
                .hasMessageContaining("classpath entries");
    }

    @Test
    void aPackageWithoutServicesIsAnError() {
        assertThatThrownBy(() -> Container.discover(loader, List.of("farine.internal.empty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no service found for --start=farine.internal.empty");
    }

    @Test
    void aClassThatIsNotAServiceIsAnErrorSayingWhy() {
        assertThatThrownBy(() -> Container.discover(loader, List.of("farine.internal.scanned.Helper")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("farine.internal.scanned.Helper is a class but not a service: it has no entry point annotation")
                .hasMessageContaining("@Execute");
    }

    @Test
    void classesThatLookLikeServicesButCannotBeAreNamedWithWhy() {
        assertThatThrownBy(() -> Container.discover(loader, List.of("farine.internal.unreachable")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no service found for --start=farine.internal.unreachable: skipped ")
                .hasMessageContaining("farine.internal.unreachable.Shy is not public (farine creates only public classes): make it public")
                .hasMessageContaining("farine.internal.unreachable.Secretive's entry points [run] are not public");
        assertThatThrownBy(() -> Container.discover(loader, List.of("farine.internal.unreachable.Secretive")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is a class but not a service: farine.internal.unreachable.Secretive's entry points [run] are not public");
    }
}
