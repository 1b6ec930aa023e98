package io.klarsyn.cli.internal;

import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import io.klarsyn.api.server.PluginHealth;
import io.klarsyn.api.server.ServerHome;

/**
 * {@link PluginHealth} of a running server by the same {@link Health} rules as {@code klarsyn plugins}:
 * the distribution's and the server home's {@code deploy/} folders.
 */
@Component(service = PluginHealth.class)
public final class PluginHealthService implements PluginHealth {

    private final Health health;
    private final List<Path> folders;

    @Activate
    public PluginHealthService(BundleContext ctx, @Reference ServiceComponentRuntime scr, @Reference ServerHome home) {
        this.health = new Health(ctx, scr);
        String dist = ctx.getProperty("klarsyn.home");
        this.folders = List.of(Path.of(dist == null ? "." : dist).toAbsolutePath().normalize().resolve("deploy"),
                home.home().resolve("deploy"));
    }

    @Override
    public List<Problem> problems() {
        return health.problems(folders, true).stream()
                .map(p -> new Problem(p.bundleId(), p.what(), p.state(), p.reason())).toList();
    }
}
