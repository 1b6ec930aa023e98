package io.klarsyn.api.server;

import java.nio.file.Path;
import java.util.Locale;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The job-file rules, written once: the server's jobs folder and {@code klarsyn report --job} read
 * job files through this service (the jobs bundle provides it), so both accept and reject the same
 * files with the same words.
 */
@ProviderType
public interface JobFiles {

    /**
     * @param file a job file {@code <name>.json}; its stem names the job
     * @return the job as the file defines it (paths in it resolved against its folder)
     * @throws IllegalArgumentException when the file is missing or not a valid job, saying where and
     *         why: {@code "nordlys.json, line 3, column 12: ..."}
     */
    JobDefinition read(Path file);

    /**
     * @param tag a report language as job files write it: {@code nb-NO}, {@code sv-SE}, {@code en-GB}
     *        (or {@code nb}, {@code no}, {@code sv}, {@code en})
     * @throws IllegalArgumentException for any other, naming those that are supported
     */
    Locale locale(String tag);

    /**
     * @param code an ISO 4217 code, any case
     * @return the code in upper case
     * @throws IllegalArgumentException when it is not one
     */
    String currency(String code);
}
