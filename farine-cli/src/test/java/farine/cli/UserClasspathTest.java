package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserClasspathTest {

    @TempDir
    Path dir;

    @Test
    void starEntryMeansEveryJarDirectlyInTheFolderInNameOrder() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.createFile(lib.resolve("b.jar"));
        Files.createFile(lib.resolve("a.JAR"));
        Files.createFile(lib.resolve("notes.txt"));
        Files.createDirectories(lib.resolve("nested")).resolve("c.jar").toFile().createNewFile();

        List<URL> urls = UserClasspath.parse("lib/*", dir);

        assertThat(urls).extracting(URL::getPath).containsExactly(
                lib.resolve("a.JAR").toString(), lib.resolve("b.jar").toString());
    }

    @Test
    void foldersAndJarsKeepTheirOrderAndFoldersEndWithASlash() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path jar = Files.createFile(dir.resolve("app.jar"));

        List<URL> urls = UserClasspath.parse("app.jar:" + classes, dir);

        assertThat(urls).extracting(URL::getPath).containsExactly(jar.toString(), classes + "/");
    }

    @Test
    void emptyEntriesAreSkipped() {
        assertThat(UserClasspath.parse("", dir)).isEmpty();
        assertThat(UserClasspath.parse("::", dir)).isEmpty();
    }

    @Test
    void aMissingEntryIsAConfigErrorNamingIt() {
        assertThatThrownBy(() -> UserClasspath.parse("target/classes", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("classpath entry target/classes does not exist (resolved to " + dir.resolve("target/classes") + ")");
    }

    @Test
    void aStarEntryOnAMissingFolderIsAConfigErrorNamingIt() {
        assertThatThrownBy(() -> UserClasspath.parse("jars/*", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("classpath entry jars/*: " + dir.resolve("jars") + " is not a directory");
    }
}
