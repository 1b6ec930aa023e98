package io.klarsyn.api.connector;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * Reads one client's data and streams it, row by row, into the engine.
 *
 * <p>Register an implementation as an OSGi service (a DS component) with the
 * {@link io.klarsyn.api.plugin.Plugin @Plugin} annotation; the engine tracks connectors dynamically
 * and a job names the one it uses by the plugin's id.
 *
 * <p><b>Contract.</b> {@link #read} is called once per available {@link DataKind}, customers
 * first, then transactions, then responses; a metric may ask for a second pass over transactions,
 * so reading must be repeatable and give the same rows. A connector parses text into typed
 * records; it does not judge them. Rows it cannot parse (bad date, bad number, missing required
 * value) go to {@link IngestSink#reject} with the line, the column and the reason; the engine does
 * the semantic checks (unknown customer, duplicates, ranges, as-of cut). A connector never drops a
 * row silently: every physical record of the source reaches the sink exactly once, accepted or
 * rejected.
 *
 * <p><b>Threading.</b> The engine calls one connector instance from one thread at a time per
 * job, but several jobs may run at once: keep no per-job state in fields.
 */
@ConsumerType
public interface DataConnector {

    /** @return the settings this connector understands, with defaults; names should start with the plugin's id */
    default List<SettingDescriptor> settings() {
        return List.of();
    }

    /**
     * @param settings the job's settings (e.g. the folder to read)
     * @return which inputs this source has for the job; an empty set when it has none
     * @throws IOException when the source cannot be reached at all (e.g. the folder is missing);
     *         the message must name what was looked for
     */
    Set<DataKind> available(JobSettings settings) throws IOException;

    /**
     * Streams every row of one input into the sink.
     *
     * @param kind which input to read; one of {@link #available}
     * @param settings the job's settings
     * @param sink where rows go; check {@link IngestSink#cancelled()} every few thousand rows
     * @throws ConnectorException when the input as a whole is unusable (no header, a required
     *         column missing, unreadable encoding); rows already sent stay counted
     * @throws IOException on I/O failure
     */
    void read(DataKind kind, JobSettings settings, IngestSink sink) throws IOException;
}
