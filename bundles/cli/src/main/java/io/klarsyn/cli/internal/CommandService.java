package io.klarsyn.cli.internal;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The command line as a service with JDK types only, so that the launcher needs none of ours: it
 * looks up {@code Function<String[], Integer>} with {@code klarsyn.command=cli}, hands it the
 * arguments and exits with the returned code. Activating it applies the features' configurations.
 */
@Component(service = Function.class, property = "klarsyn.command=cli")
public final class CommandService implements Function<String[], Integer> {

    private final BundleContext ctx;
    private final ConfigurationAdmin ca;
    private final ServiceComponentRuntime scr;
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Activate
    public CommandService(BundleContext ctx, @Reference ConfigurationAdmin ca, @Reference ServiceComponentRuntime scr)
            throws IOException {
        this.ctx = ctx;
        this.ca = ca;
        this.scr = scr;
        FeatureConfigurations.apply(ctx, ca);
    }

    @Deactivate
    void deactivate() {
        stopped.countDown();
    }

    @Override
    public Integer apply(String[] args) {
        Thread t = Thread.currentThread();
        ClassLoader tccl = t.getContextClassLoader();
        t.setContextClassLoader(CommandService.class.getClassLoader());
        try {
            return new Cli(ctx, ca, scr, stopped, System.out, System.err).run(args);
        } finally {
            t.setContextClassLoader(tccl);
        }
    }
}
