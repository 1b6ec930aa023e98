package io.klarsyn.api.plugin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * How every plugin says what it is, one way for all kinds: connectors, metrics, renderers and delivery
 * channels. Put it on the DS component beside {@code @Component}:
 *
 * <pre>{@code
 * @Component
 * @Plugin(id = "acme.aov", title = "Average order value")
 * public class AverageOrderValue implements MetricCalculator {
 *     public Set<DataKind> inputs() { return EnumSet.of(DataKind.TRANSACTIONS); }
 *     public List<MetricResult> compute(MetricContext ctx) { return List.of(); }
 * }
 * }</pre>
 *
 * It sets the service properties {@value #ID} and {@value #TITLE}; the plugin's version is its bundle's
 * version. Nothing else holds the id: jobs name a connector by it, a metric's results and settings are
 * prefixed by it, job files name a delivery channel by it. Retained at run time, so an embedder or a test
 * without a framework reads the same annotation ({@link PluginDescription#of(Class, String)}).
 */
@ComponentPropertyType
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Plugin {

    /** Prefix of the service property names: {@code id} becomes {@value #ID}. */
    String PREFIX_ = "klarsyn.plugin.";

    /** Service property: the plugin's id ({@code String}). */
    String ID = "klarsyn.plugin.id";

    /** Service property: the plugin's title ({@code String}). */
    String TITLE = "klarsyn.plugin.title";

    /**
     * @return the stable id, unique among plugins of its kind: lower case, dot-separated, e.g. {@code csv},
     *         {@code churn}, {@code acme.aov}
     */
    String id();

    /** @return a short human title in English for plugin lists, e.g. "CSV files (client exports)" */
    String title();
}
