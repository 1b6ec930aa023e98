package io.klarsyn.api.server;

import java.nio.file.Path;

/**
 * A job file as the registry knows it: valid with its definition, or invalid with the reason.
 *
 * @param name the file stem
 * @param file the job file
 * @param definition the job, or {@code null} when invalid
 * @param problem why the job is invalid (file, line and column where it applies), or {@code null}
 */
public record JobEntry(String name, Path file, JobDefinition definition, String problem) {

    /** @return true when the job can run */
    public boolean valid() {
        return definition != null && problem == null;
    }
}
