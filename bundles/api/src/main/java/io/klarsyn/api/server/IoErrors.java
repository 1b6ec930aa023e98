package io.klarsyn.api.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;

/**
 * Says why a file could not be written, in words a consultant acts on: the JDK's exceptions name
 * only the path ({@code AccessDeniedException: /srv/out}), and "No space left on device" comes as
 * a plain {@code IOException}. One wording for every writer of run artifacts and deliveries (the engine's
 * report, the runner's run log, the run store's artifact folders, a delivery to a folder).
 *
 * @since 1.1
 */
public final class IoErrors {

    private IoErrors() {
    }

    /** @return why {@code e} happened, e.g. {@code permission denied (/srv/out)} */
    public static String why(IOException e) {
        String file = e instanceof FileSystemException ? ((FileSystemException) e).getFile() : null;
        String at = file == null ? "" : " (" + file + ")";
        String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        String lower = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("disk quota") || lower.contains("not enough space")) {
            return "disk full" + at + ": free some space or write elsewhere";
        }
        if (e instanceof AccessDeniedException || lower.contains("permission denied")
                || lower.contains("operation not permitted")) {
            return "permission denied" + at + ": the user running Klarsyn may not write there";
        }
        if (e instanceof NotDirectoryException || lower.contains("not a directory")) {
            return "not a directory" + at + ": a file stands where a folder is needed";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name already exists" + at + " where a folder is needed";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder" + at;
        }
        if (lower.contains("read-only file system")) {
            return "read-only file system" + at;
        }
        String text = reason == null || reason.isBlank() ? e.getClass().getSimpleName() : reason;
        return text + (file != null && !text.contains(file) ? at : "");
    }

    /** @return {@link #why(IOException)} of an I/O failure, the message of any other */
    public static String why(Exception e) {
        if (e instanceof IOException) {
            return why((IOException) e);
        }
        if (e instanceof java.io.UncheckedIOException) {
            return why(((java.io.UncheckedIOException) e).getCause());
        }
        return e instanceof ReadOnlyFileSystemException ? "read-only file system" : String.valueOf(e.getMessage());
    }
}
