package io.klarsyn.delivery.folder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.YearMonth;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.Parcel;
import io.klarsyn.api.delivery.ParcelKind;

/** The folder channel on the real file system. */
class FolderDeliveryTest {

    @TempDir
    Path tmp;

    private Parcel parcel(Path folder, Path report) {
        return new Parcel(ParcelKind.REPORT, "nordlys", "Nordlys Energi AS", YearMonth.of(2026, 11), 7, folder.toString(),
                Locale.forLanguageTag("nb-NO"), "s", "b", "b", report, "Nordlys Energi AS-2026-11.pdf", "l", "<m@k>");
    }

    private static String[] names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void theReportIsCopiedUnderTheClientsNameAndAResendReplacesIt() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Path first = Files.writeString(tmp.resolve("first.pdf"), "%PDF-1.4 first");
        new FolderDelivery().deliver(parcel(share, first));
        assertThat(names(share)).containsExactly("Nordlys Energi AS-2026-11.pdf");
        assertThat(Files.readString(share.resolve("Nordlys Energi AS-2026-11.pdf"))).isEqualTo("%PDF-1.4 first");

        Path second = Files.writeString(tmp.resolve("second.pdf"), "%PDF-1.4 second, longer");
        new FolderDelivery().deliver(parcel(share, second));
        assertThat(names(share)).as("no temporary file left").containsExactly("Nordlys Energi AS-2026-11.pdf");
        assertThat(Files.readString(share.resolve("Nordlys Energi AS-2026-11.pdf"))).isEqualTo("%PDF-1.4 second, longer");
    }

    @Test
    void aMissingFolderIsTransientAndAFileInsteadOfAFolderPermanent() throws Exception {
        Path report = Files.writeString(tmp.resolve("r.pdf"), "%PDF");
        assertThatThrownBy(() -> new FolderDelivery().deliver(parcel(tmp.resolve("unmounted"), report)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("folder " + tmp.resolve("unmounted") + " does not exist (is the share mounted?)");
                });
        assertThatThrownBy(() -> new FolderDelivery().deliver(parcel(report, report)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue());
    }

    @Test
    void aFolderWeMayNotWriteIsPermanent() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("readonly"));
        Files.setPosixFilePermissions(share, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path report = Files.writeString(tmp.resolve("r.pdf"), "%PDF");
            assumeFalse(Files.isWritable(share), "root may write anywhere: nothing to refuse");
            assertThatThrownBy(() -> new FolderDelivery().deliver(parcel(share, report)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage()).startsWith("no permission to write in " + share);
                    });
            assertThat(names(share)).isEmpty();
        } finally {
            Files.setPosixFilePermissions(share, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
