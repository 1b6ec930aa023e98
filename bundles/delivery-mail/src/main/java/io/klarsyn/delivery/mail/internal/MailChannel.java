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
import io.klarsyn.api.security.SecretStore;
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
    static final String ANGUS_ACTIVATION = "angus-activation";
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

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "The login's password. Never logged nor shown; "
                + "written in the clear, it is sealed in the file within seconds ({aes-gcm}..., key in secrets/secret.key).")
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
    public MailChannel(BundleContext context, @Reference ServerHome home, @Reference SecretStore secrets, Config config) {
        MailSettings settings;
        try {
            // the security bundle seals a password written in the clear into the file ({aes-gcm}...)
            settings = new MailSettings(config.host(), config.port(), config.from(), config.user(), secrets.open(config.password()),
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

    /**
     * The context class loader while a message is built and sent. Jakarta Mail finds its providers (SMTP, its stream
     * provider) and Jakarta Activation its mailcap registry through {@code ServiceLoader} and {@code getResources}
     * on that loader: Angus Mail's bundle holds the first, Angus Activation's the second, so the loader sees both
     * ({@link MailLoader}). Earlier SPI Fly did this by rewriting the API bundles' classes at every start.
     */
    private static Supplier<ClassLoader> mailLoader(BundleContext context) {
        return () -> {
            java.util.List<ClassLoader> loaders = new java.util.ArrayList<>();
            for (String name : new String[] {ANGUS_MAIL, ANGUS_ACTIVATION}) {
                for (Bundle b : context.getBundles()) {
                    BundleWiring wiring = name.equals(b.getSymbolicName()) ? b.adapt(BundleWiring.class) : null;
                    if (wiring != null && wiring.getClassLoader() != null) {
                        loaders.add(wiring.getClassLoader());
                        break;
                    }
                }
            }
            return loaders.isEmpty() ? MailChannel.class.getClassLoader() : new MailLoader(loaders);
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
