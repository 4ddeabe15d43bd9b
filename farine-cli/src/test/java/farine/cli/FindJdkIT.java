package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/find-jdk against fake JDK folders (shell scripts named java and javac). */
class FindJdkIT {

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private Result findJdk(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(FarineProcess.root().resolve("bin/find-jdk").toString());
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out, err);
    }

    /** A folder that looks like a JDK of the given version: a release file, or else a java that prints it. */
    private Path fakeJdk(String name, String version, boolean releaseFile) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        for (String tool : new String[] {"java", "javac"}) {
            Path script = Files.writeString(home.resolve("bin").resolve(tool),
                    "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2024-01-16' >&2\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (releaseFile) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
        return home;
    }

    @Test
    void printsJavaHomeWhenItIsRecentEnough() throws Exception {
        Path jdk = fakeJdk("jdk-21", "21.0.2", true);

        Result result = findJdk(Map.of("JAVA_HOME", jdk.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo(jdk.toString());
    }

    @Test
    void asksJavaForItsVersionWhenThereIsNoReleaseFile() throws Exception {
        Path jdk = fakeJdk("jdk-22", "22", false);

        Result result = findJdk(Map.of("JAVA_HOME", jdk.toString()));

        assertThat(result.out().strip()).isEqualTo(jdk.toString());
    }

    @Test
    void failsNamingEveryPlaceLookedAtWhenNoJdkIsRecentEnough() throws Exception {
        Path old = fakeJdk("jdk-8", "1.8.0_402", false);
        Path notAJdk = Files.createDirectories(dir.resolve("empty"));

        Result tooOld = findJdk(Map.of("JAVA_HOME", old.toString(), "FARINE_MIN_JAVA", "99"));
        Result none = findJdk(Map.of("JAVA_HOME", notAJdk.toString(), "FARINE_MIN_JAVA", "99"));

        assertThat(tooOld.exitCode()).isEqualTo(1);
        assertThat(tooOld.out()).isEmpty();
        assertThat(tooOld.err()).contains("find-jdk: no JDK >= 99 found; looked at:", "JAVA_HOME=" + old + ": Java 8, too old",
                "Install a JDK 99 or newer");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("JAVA_HOME=" + notAJdk + ": not a JDK (no bin/java and bin/javac)");
    }

    @Test
    void theMavenWrapperRunsOnTheJdkFindJdkFindsWhenJavaHomeIsTooOld() throws Exception {
        Path old = fakeJdk("jdk-17", "17.0.9", true);
        Result expected = findJdk(Map.of("JAVA_HOME", old.toString()));

        ProcessBuilder builder = new ProcessBuilder(FarineProcess.root().resolve("mvnw").toString(), "-v");
        builder.environment().put("JAVA_HOME", old.toString());
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(out).isZero();
        assertThat(expected.out()).isNotBlank();
        assertThat(out).contains("runtime: " + expected.out().strip());
    }
}
