package io.klarsyn.webui.internal;

import java.util.List;
import java.util.function.Supplier;

import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.JobScheduler;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;

/**
 * The server's services the pages read, through their API types only.
 *
 * @param plugins the connectors, metrics and renderers installed now (empty while no engine is there)
 * @param bundles the framework's bundles now, with the reason of each that failed
 * @param version Klarsyn's version
 */
record Services(ServerHome home, JobRegistry jobs, RunStore store, RunQueue queue, JobScheduler scheduler,
        Supplier<List<PluginInfo>> plugins, Supplier<List<BundleRow>> bundles, String version) {

    /**
     * One bundle as the plugins page lists it.
     *
     * @param problem why it is not working (missing requirement, start exception), or null
     */
    record BundleRow(long id, String name, String version, String state, String location, String problem) {
    }
}
