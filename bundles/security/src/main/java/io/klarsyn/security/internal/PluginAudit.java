package io.klarsyn.security.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.server.ServerHome;

/**
 * Plugin changes in the audit log: a bundle installed, updated or removed from {@code DIR/deploy/}
 * (plugins come as files, so "who" is the folder: the file system knows the person, not Klarsyn).
 */
@Component(immediate = true)
public class PluginAudit implements SynchronousBundleListener {

    private final BundleContext context;
    private final AuditLog audit;
    private final String deploy;

    @Activate
    public PluginAudit(BundleContext context, @Reference ServerHome home, @Reference AuditLog audit) {
        this.context = context;
        this.audit = audit;
        this.deploy = home.home().resolve("deploy").toUri().getPath();
        context.addBundleListener(this);
    }

    @Deactivate
    void stop() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        String location = b.getLocation();
        if (location == null || !location.contains(deploy)) {
            return;
        }
        String action = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "plugin.install";
            case BundleEvent.UPDATED -> "plugin.update";
            case BundleEvent.UNINSTALLED -> "plugin.remove";
            default -> null;
        };
        if (action != null) {
            audit.record("deploy/", action, b.getSymbolicName() + " " + b.getVersion(), location.substring(location.lastIndexOf('/') + 1));
        }
    }
}
