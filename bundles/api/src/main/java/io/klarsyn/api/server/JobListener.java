package io.klarsyn.api.server;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a job file is added, changed or removed (whiteboard: register as a service). Called
 * from the registry's thread; return quickly.
 */
@ConsumerType
public interface JobListener {

    /**
     * @param name the job's name
     * @param now the job as it is now, or {@code null} when its file was removed
     */
    void jobChanged(String name, JobEntry now);
}
