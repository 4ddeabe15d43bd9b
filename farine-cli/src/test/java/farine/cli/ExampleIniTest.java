package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** etc/farine.ini, the file a new user copies, names every key some module reads, and nothing else. */
class ExampleIniTest {

    private static final Pattern COMMENTED_KEY = Pattern.compile("^;\\s*([a-z_]+)\\s*=", Pattern.MULTILINE);

    @Test
    void listsExactlyTheKeysTheModulesRead() throws IOException {
        Path ini = Path.of("..", "etc", "farine.ini");
        Set<String> listed = new TreeSet<>();
        Matcher m = COMMENTED_KEY.matcher(Files.readString(ini));
        while (m.find()) {
            listed.add(m.group(1));
        }
        Set<String> known = new TreeSet<>(farine.Config.knownKeys(getClass().getClassLoader()));
        known.add(LogLevel.LOG_LEVEL);

        assertThat(listed).as("keys in %s (left) against the keys the modules read", ini.toAbsolutePath().normalize())
                .isEqualTo(known);
    }
}
