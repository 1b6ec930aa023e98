package io.klarsyn.api.server;

import java.util.List;

/**
 * One field of a connector's per-job configuration, as its metatype attribute definition declares it: what
 * the job editor shows and the server checks.
 *
 * @param id the attribute's id: the key in the job file's {@code connectorConfig} and in the configuration
 * @param name a short label (English, as the plugin declares it)
 * @param description what the field means, or empty
 * @param type the metatype type in lower case: {@code string}, {@code integer}, {@code long}, {@code double},
 *        {@code boolean}, {@code password}, ...
 * @param secret whether it is a password field: sealed at rest, never shown nor logged (masked {@code ••••••})
 * @param required whether a job must give it (a field with a default never must)
 * @param defaultValue the default as text, or {@code null}
 * @param options the allowed values, or empty for any
 */
public record ConnectorField(String id, String name, String description, String type, boolean secret, boolean required,
        String defaultValue, List<String> options) {

    public ConnectorField {
        description = description == null ? "" : description;
        options = options == null ? List.of() : List.copyOf(options);
    }
}
