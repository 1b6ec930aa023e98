package io.klarsyn.example.crm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.settings.JobSettings;

/**
 * A client-specific connector: one client's CRM exports its customers, each with its orders, as one JSON
 * document ({@link CrmExportParser} says which), from a file or from the CRM's export API with a key.
 *
 * <p><b>Configured per job.</b> Where the export is and the API key differ per client, so they are not job
 * settings but a typed configuration ({@link Config}): a metatype <em>factory</em> configuration whose
 * factory PID is the plugin's id. The server makes one configuration per job from the job file's
 * {@code connectorConfig} (or the job editor's fields) and DS makes one instance of this component per
 * configuration; the engine gives each job the instance configured for it. The key is a
 * {@link AttributeType#PASSWORD} field: the server seals it ({@code {aes-gcm}...}) in the job file and in the
 * configuration, and this class opens it with the {@link SecretStore} only to send it.
 */
@Component(configurationPid = CrmExportConnector.ID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CrmExportConnector.Config.class, factory = true)
@Plugin(id = CrmExportConnector.ID, title = "CRM JSON export (example connector)")
public class CrmExportConnector implements DataConnector {

    static final String ID = "example.crm";

    @ObjectClassDefinition(name = "CRM export (example connector)",
            description = "Where one client's CRM export is read from: a file, or the CRM's export API with a key.")
    public @interface Config {
        @AttributeDefinition(name = "Export file", required = false,
                description = "The CRM's JSON export on disk, e.g. /srv/exports/acme/crm-export.json. Read when no URL is given.")
        String file() default "";

        @AttributeDefinition(name = "Export URL", required = false,
                description = "The CRM's export API, e.g. https://crm.acme.no/api/export (HTTP GET, the key as a bearer token).")
        String url() default "";

        @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
                description = "The key of the export API. Kept sealed; never shown nor logged.")
        String apiKey() default "";

        @AttributeDefinition(name = "Time-out (seconds)", min = "1", description = "How long the export API may take to answer.")
        int timeoutSeconds() default 30;
    }

    /** Where this job's export is and how to fetch it; replaced whole when the configuration changes. */
    private record Source(Path file, URI url, String apiKey, Duration timeout) {
    }

    private final SecretStore secrets;
    private volatile Source source;

    @Activate
    public CrmExportConnector(Config config, @Reference SecretStore secrets) {
        this.secrets = secrets;
        configure(config);
    }

    /**
     * A changed configuration (the job edited) applies to the reads that start after it. Without this method DS
     * would take the instance away and make a new one, and a run of the job starting in between would find none.
     */
    @Modified
    void configure(Config config) {
        source = new Source(config.file().isBlank() ? null : Path.of(config.file().strip()),
                config.url().isBlank() ? null : URI.create(config.url().strip()), secrets.open(config.apiKey()),
                Duration.ofSeconds(Math.max(1, config.timeoutSeconds())));
    }

    @Override
    public Set<DataKind> available(JobSettings settings) throws IOException {
        Source s = source;
        if (s.url() == null && s.file() == null) {
            throw new IOException(ID + ": neither an export file nor an export URL is configured for this job");
        }
        if (s.url() == null && !Files.isRegularFile(s.file())) {
            throw new IOException(ID + ": no export file " + s.file().toAbsolutePath());
        }
        return EnumSet.of(DataKind.CUSTOMERS, DataKind.TRANSACTIONS);
    }

    @Override
    public void read(DataKind kind, JobSettings settings, IngestSink sink) throws IOException {
        Source s = source;
        String name = s.url() != null ? s.url().toString() : s.file().getFileName().toString();
        try (InputStream in = s.url() != null ? fetch(s) : Files.newInputStream(s.file())) {
            new CrmExportParser(name, sink).read(kind, in);
        }
    }

    /** The export from the API; a refusal names the URL and the status, never the key. */
    private static InputStream fetch(Source s) throws IOException {
        URI url = s.url();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(s.timeout()).GET().header("Accept", "application/json");
        if (!s.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + s.apiKey());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(s.timeout()).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(url + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new ConnectorException(url.toString(), 0, null, "the export API answered HTTP " + response.statusCode()
                    + (response.statusCode() == 401 || response.statusCode() == 403 ? " (is the API key right?)" : ""));
        }
        return response.body();
    }
}
