package examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README is a whole compilation unit, imports included, and compiles against
 * the build's classes: what a reader copies works, and a renamed type breaks the build instead of the README.
 */
class ReadmeSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");
    private static final Pattern PUBLIC_TYPE = Pattern.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");

    @TempDir
    Path dir;

    static Path readme() {
        Path at = Path.of("").toAbsolutePath();
        // the repository's README, beside mvnw (a module folder has a README of its own)
        while (at != null && !(Files.isRegularFile(at.resolve("README.md")) && Files.isRegularFile(at.resolve("mvnw")))) {
            at = at.getParent();
        }
        if (at == null) {
            throw new IllegalStateException("no README.md beside mvnw above " + Path.of("").toAbsolutePath());
        }
        return at.resolve("README.md");
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The file a block must be saved as: its public type's name, else any name. */
    static String fileName(String block, int index) {
        Matcher m = PUBLIC_TYPE.matcher(block);
        return (m.find() ? m.group(1) : "Snippet" + index) + ".java";
    }

    @Test
    void theReadmeHasTheServiceTheClientAndTheTest() throws IOException {
        List<String> blocks = javaBlocks(Files.readString(readme()));

        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        assertThat(blocks).allSatisfy(block -> assertThat(block).as("a README snippet without its imports").contains("import "));
    }

    /** Issue 24 item 5: the README is a front door (what farine is, the commands, a service, a call, a test, links); the reference lives in docs/. */
    @Test
    void theReadmeStaysAFrontDoor() throws IOException {
        assertThat(Files.readAllLines(readme())).as("README.md lines: move reference material to a page of docs/ and link it")
                .hasSizeLessThanOrEqualTo(265);
    }

    @Test
    void everyJavaBlockOfTheDocsShowsItsImports() throws IOException {
        List<Path> pages;
        try (Stream<Path> files = Files.list(readme().resolveSibling("docs"))) {
            pages = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
        int blocks = 0;
        for (Path page : pages) {
            for (String block : javaBlocks(Files.readString(page))) {
                blocks++;
                assertThat(block).as(page.getFileName() + ": a snippet without its imports").contains("import ");
            }
        }
        assertThat(blocks).isPositive();
    }

    @Test
    void aBlockMissingAnImportFailsToCompile() {
        String broken = "public class Broken {\n    @RpcMethod\n    public String hello(String name) { return name; }\n}\n";

        assertThat(compile(broken, "Broken.java")).contains("cannot find symbol");
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfTheReadmeCompiles() throws IOException {
        List<String> blocks = javaBlocks(Files.readString(readme()));
        return java.util.stream.IntStream.range(0, blocks.size()).mapToObj(i -> {
            String file = fileName(blocks.get(i), i);
            return DynamicTest.dynamicTest("README.md java block " + (i + 1) + " (" + file + ")",
                    () -> assertThat(compile(blocks.get(i), file)).as(blocks.get(i)).isEmpty());
        });
    }

    /** Compiles one block on its own; returns javac's errors, empty when it compiled. */
    private String compile(String source, String fileName) {
        try {
            Path unit = Files.createTempDirectory(dir, "block");
            Path file = Files.writeString(unit.resolve(fileName), source);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter errors = new StringWriter();
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            boolean ok = javac.getTask(errors, null, null,
                    List.of("-parameters", "-proc:none", "-classpath", classpath, "-d", unit.resolve("classes").toString()),
                    null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
            return ok ? "" : errors.toString().isEmpty() ? "javac failed" : errors.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
