package io.klarsyn.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 11: a failed write says why, from real failures of the file system where it can. */
class IoErrorsTest {

    @TempDir
    Path dir;

    @Test
    void aFileWhereAFolderIsNeededIsNotADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("out"), "x");
        IOException e = null;
        try {
            Files.createDirectories(file.resolve("2024-05"));
        } catch (IOException x) {
            e = x;
        }
        assertThat(e).isNotNull();
        assertThat(IoErrors.why(e)).satisfiesAnyOf(w -> assertThat(w).startsWith("not a directory"),
                w -> assertThat(w).startsWith("a file of that name already exists"));
    }

    @Test
    void aFolderWithoutWritePermissionIsPermissionDenied() throws IOException {
        Assumptions.assumeTrue(!"root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        IOException e = null;
        try {
            Files.writeString(locked.resolve("report.pdf"), "x");
        } catch (IOException x) {
            e = x;
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(e).isNotNull();
        assertThat(IoErrors.why(e)).startsWith("permission denied").contains("report.pdf");
    }

    /** Linux's /dev/full answers every write with ENOSPC, as a full disk does. */
    @Test
    void aWriteToAFullDeviceIsDiskFull() {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "no /dev/full");
        IOException e = null;
        try {
            Files.write(full, new byte[1 << 16]);
        } catch (IOException x) {
            e = x;
        }
        assertThat(e).isNotNull();
        assertThat(IoErrors.why(e)).startsWith("disk full");
    }

    @Test
    void noSpaceLeftIsDiskFull() {
        assertThat(IoErrors.why(new IOException("No space left on device"))).startsWith("disk full");
        assertThat(IoErrors.why(new java.nio.file.FileSystemException("/srv/out/report.pdf", null,
                "No space left on device"))).isEqualTo("disk full (/srv/out/report.pdf): free some space or write elsewhere");
    }
}
