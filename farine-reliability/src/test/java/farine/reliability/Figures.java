package farine.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The numbers a scenario measured, logged and appended to {@code target/reliability-figures.txt}
 * (system property {@code reliability.figures}) so that they can be quoted. One line per figure:
 * {@code <scenario> | <what>: <value>}.
 */
final class Figures {

    private static final Logger LOG = LoggerFactory.getLogger(Figures.class);

    private final String scenario;

    Figures(String scenario) {
        this.scenario = scenario;
        append("== " + scenario + " (" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")");
    }

    Figures put(String what, Object value) {
        String line = scenario + " | " + what + ": " + value;
        LOG.info("FIGURE {}", line);
        append(line);
        return this;
    }

    private static synchronized void append(String line) {
        Path file = Path.of(System.getProperty("reliability.figures", "target/reliability-figures.txt"));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.toString());
        }
    }
}
