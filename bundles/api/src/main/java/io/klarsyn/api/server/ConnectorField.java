package io.klarsyn.api.server;

import java.util.List;

import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.settings.SettingDescriptor;

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

    /**
     * The value as people see it, wherever a page, an answer, a log or a message shows it: a secret field's as
     * {@link SecretStore#mask(String) ••••••}, a text field's ({@code string}) with any password a URL in it carries
     * as {@code ***} ({@link SettingDescriptor#maskPasswords(String)}: {@code jdbc:postgresql://x:***@h/db},
     * {@code jdbc:oracle:thin:x/***@h:1521/ORCL}, {@code ...?password=***}), any other as it is. A connector's
     * fields do not say which holds a URL, so every text field is masked so; one without a password reads as it
     * is. The job file and the configuration keep the value itself.
     *
     * @param value the field's value as text, or {@code null}
     * @return the value to show; {@code null} for {@code null}
     * @since 1.4
     */
    public String shown(String value) {
        if (value == null) {
            return null;
        }
        if (secret) {
            return SecretStore.mask(value);
        }
        return "string".equals(type) ? SettingDescriptor.maskPasswords(value) : value;
    }
}
