package io.klarsyn.api.server;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Connectors configured per job: what differs per client (a URL, a login, an export's path) as a typed
 * configuration rather than job settings.
 *
 * <p><b>For a connector's author.</b> Declare the fields as a metatype object class
 * ({@code @ObjectClassDefinition}) and designate it as a <em>factory</em> configuration whose factory PID is
 * the plugin's id: {@code @Component(configurationPid = "acme.crm", configurationPolicy = REQUIRE)},
 * {@code @Designate(ocd = Config.class, factory = true)}, {@code @Plugin(id = "acme.crm", ...)}; take the
 * {@code Config} in the {@code @Activate} constructor ({@code examples/connector-example} is a complete one).
 * Password fields ({@code type = AttributeType.PASSWORD}) reach the component sealed
 * ({@code {aes-gcm}...}): open them with the {@link io.klarsyn.api.security.SecretStore} when they are used.
 *
 * <p><b>What the server does.</b> A job file gives the values in {@value #FIELD} (or the job editor does); the
 * server keeps one factory configuration per job, named by the job and carrying {@value #JOB}, so DS makes
 * one instance of the connector per job, and the engine reads a job with the instance configured for it.
 * Secrets written in the clear into a job file are sealed in the file within seconds; neither the job file,
 * the configuration store, the pages nor the API ever hold them in the clear.
 */
@ProviderType
public interface ConnectorConfigurations {

    /** The job file's field with the connector's per-job configuration: an object of field id to value. */
    String FIELD = "connectorConfig";

    /**
     * Property of a per-job configuration, and so of the connector instance DS makes of it: the name of the
     * job it is for ({@code String}).
     */
    String JOB = "klarsyn.job";

    /** @return the ids of the installed connectors that are configured per job */
    Set<String> connectors();

    /** @return the fields of the connector's per-job configuration in declaration order; empty when it has none */
    List<ConnectorField> fields(String connector);

    /**
     * Checks values against the connector's fields and seals the secret ones not yet sealed, as a job file
     * must hold them. An empty secret is kept empty (no secret).
     *
     * @param values field id to value as text
     * @return the values to write, in field order
     * @throws IllegalArgumentException naming the field: unknown, required but missing, not of its type, not
     *         one of its options
     */
    Map<String, String> prepare(String connector, Map<String, String> values);
}
