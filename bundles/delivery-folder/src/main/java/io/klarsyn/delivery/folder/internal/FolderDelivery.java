package io.klarsyn.delivery.folder.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NotDirectoryException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.delivery.Delivery;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.Parcel;
import io.klarsyn.api.server.IoErrors;

/**
 * The {@code folder} channel: copies the report into the job's folder ({@code "delivery":
 * {"folder": "..."}}) as {@link Parcel#reportName()} ({@code <client>-<period>.pdf}). The copy is
 * written under a hidden temporary name in the same folder, forced to disk and renamed over the
 * final name, so a reader of the share sees the old file or the new one, never half of one. A
 * resend overwrites the file the same way.
 *
 * <p>A missing folder (an unmounted share) is transient; a folder we may not write, or a target
 * that is not a folder, is permanent.
 */
@Component
@Plugin(id = FolderDelivery.CHANNEL, title = "Folder (a copy of each report)")
public class FolderDelivery implements Delivery {

    static final String CHANNEL = "folder";

    @Override
    public void deliver(Parcel parcel) throws DeliveryException {
        if (parcel.report() == null) {
            throw DeliveryException.permanent("the folder channel delivers reports only, not a " + parcel.kind(), null);
        }
        Path folder = Path.of(parcel.target());
        if (!folder.isAbsolute()) {
            throw DeliveryException.permanent("folder " + folder + " is not an absolute path", null);
        }
        if (!Files.isDirectory(folder)) {
            if (Files.exists(folder)) {
                throw DeliveryException.permanent(folder + " is not a folder", null);
            }
            throw DeliveryException.transientFailure("folder " + folder + " does not exist (is the share mounted?)", null);
        }
        Path target = folder.resolve(parcel.reportName());
        Path tmp = null;
        try {
            tmp = Files.createTempFile(folder, "." + parcel.reportName() + ".", ".tmp");
            Files.copy(parcel.report(), tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw DeliveryException.permanent("folder " + folder + " cannot replace files atomically: " + e.getMessage(), e);
            }
            tmp = null;
        } catch (AccessDeniedException e) {
            throw DeliveryException.permanent("no permission to write in " + folder + ": " + IoErrors.why(e), e);
        } catch (NotDirectoryException e) {
            throw DeliveryException.permanent("cannot write " + target + ": " + IoErrors.why(e), e);
        } catch (IOException e) {
            throw DeliveryException.transientFailure("cannot write " + target + ": " + IoErrors.why(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover hidden .tmp file is harmless; the next delivery makes its own
                }
            }
        }
    }
}
