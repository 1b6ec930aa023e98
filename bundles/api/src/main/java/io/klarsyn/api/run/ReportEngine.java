package io.klarsyn.api.run;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.klarsyn.api.settings.SettingDescriptor;

/**
 * The report pipeline as a service: connector → ingestion → metrics → renderer. The CLI, the
 * scheduler and tests call it; there is one, registered by the engine bundle.
 *
 * <p>Thread-safe: several jobs may run at once.
 */
@ProviderType
public interface ReportEngine {

    /**
     * Runs one report and writes {@code report.pdf}, {@code metrics.json} and {@code run.log}
     * into {@code outDir} (created if missing). Never throws for bad data or a failing plugin:
     * those become the run's status and are explained in run.log.
     *
     * @param job the job
     * @param period the month to report
     * @param outDir the folder to write into
     * @param progress told about stages and rows read; {@link ProgressListener#NONE} for quiet
     * @return the outcome
     * @throws IllegalArgumentException when the job is invalid before any work starts (unknown
     *         connector, unknown or malformed setting); the message says which and why
     */
    RunResult run(JobSpec job, YearMonth period, Path outDir, ProgressListener progress);

    /**
     * Checks a job without running it: its connector is installed and every setting is known and
     * well formed.
     *
     * @throws IllegalArgumentException saying which and why, as {@link #run} would
     */
    void check(JobSpec job);

    /** @return the connectors, metrics and renderers installed now */
    List<PluginInfo> plugins();

    /** @return every setting the engine and the installed plugins understand */
    List<SettingDescriptor> settings();

    /**
     * How many times the installed plugins changed since the engine started: the count grows after each
     * connector, metric or renderer that comes or goes. What is made from {@link #plugins()},
     * {@link #settings()} or {@link #check} (a job's validity, a page naming the metrics) may be kept while the
     * count stays the same; read the count before what it covers, so that a change between the two is seen
     * at the next call. This default, for engines that cannot tell, returns -1: keep nothing.
     *
     * @return the count, 0 or more; or -1 when this engine cannot tell
     * @since 1.1
     */
    default long changes() {
        return -1;
    }
}
