package io.klarsyn.delivery.mail.internal;

import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import io.klarsyn.api.delivery.Delivery;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.server.ServerHome;

/**
 * The {@code mail} delivery channel, present once {@code etc/io.klarsyn.delivery.mail.cfg} (PID
 * {@value #PID}) configures it. It registers its {@link Delivery} itself, with the channel id as
 * the only service property: a DS service would publish every configuration property, the password
 * among them.
 */
@Component(configurationPid = MailChannel.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MailChannel.Config.class)
public class MailChannel {

    static final String PID = "io.klarsyn.delivery.mail";
    static final String ANGUS_MAIL = "org.eclipse.angus.mail";
    private static final System.Logger LOG = System.getLogger(MailChannel.class.getName());

    @ObjectClassDefinition(name = "Klarsyn e-mail delivery", description = "The SMTP server that sends the reports "
            + "to the jobs' recipients and the notices to their owners.")
    public @interface Config {
        @AttributeDefinition(description = "The SMTP server's host name, e.g. smtp.firma.no.")
        String host();

        @AttributeDefinition(description = "The SMTP port; 0 for the usual one of tls: 25 (none), 587 (starttls), 465 (smtps).")
        int port() default 0;

        @AttributeDefinition(description = "The sender: klarsyn@firma.no or 'Klarsyn <klarsyn@firma.no>'.")
        String from();

        @AttributeDefinition(description = "The login at the SMTP server; empty for none.")
        String user() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "The login's password. Never logged nor shown.")
        String password() default "";

        @AttributeDefinition(description = "Transport security: none, starttls (required) or smtps (TLS from the start).",
                options = {@Option(value = "none"), @Option(value = "starttls"), @Option(value = "smtps")})
        String tls() default "starttls";

        @AttributeDefinition(description = "The largest attachment in kilobytes after Base64 encoding; a larger report "
                + "is not attached, the mail links to it instead. Default 10 MB.")
        long maxAttachmentKB() default 10240;

        @AttributeDefinition(description = "Connect, read and write time-out in seconds.")
        int timeoutSeconds() default 30;
    }

    private final ServiceRegistration<Delivery> registration;

    @Activate
    public MailChannel(BundleContext context, @Reference ServerHome home, Config config) {
        MailSettings settings;
        try {
            settings = new MailSettings(config.host(), config.port(), config.from(), config.user(), config.password(),
                    config.tls(), config.maxAttachmentKB() * 1024, Math.max(1, config.timeoutSeconds()) * 1000);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "etc/" + PID + ".cfg: " + e.getMessage() + "; no mail is sent until it is fixed");
            throw e;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Plugin.ID, Delivery.MAIL);
        properties.put(Plugin.TITLE, "E-mail (SMTP)");
        registration = context.registerService(Delivery.class, new MailDelivery(settings, mailLoader(context)), properties);
        LOG.log(Level.INFO, "mail delivery through " + settings);
    }

    /** Jakarta Activation and Mail look up through the context class loader: Angus Mail's (STACK.md). */
    private static Supplier<ClassLoader> mailLoader(BundleContext context) {
        return () -> {
            for (Bundle b : context.getBundles()) {
                if (ANGUS_MAIL.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                    BundleWiring wiring = b.adapt(BundleWiring.class);
                    if (wiring != null) {
                        return wiring.getClassLoader();
                    }
                }
            }
            return MailChannel.class.getClassLoader();
        };
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The framework unregisters a stopping bundle's services itself.
        }
    }
}
