package io.klarsyn.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Secrets at rest (an SMTP password, a connector's database password): sealed with AES-GCM under a key
 * in {@code DIR/secrets/}, so a configuration file or a backup of it holds no password in the clear.
 * A sealed value reads {@code {aes-gcm}BASE64}.
 */
@ProviderType
public interface SecretStore {

    /** The start of every sealed value. */
    String PREFIX = "{aes-gcm}";

    /** @return {@code plain} sealed (a fresh nonce each time) */
    String seal(String plain);

    /**
     * @return the plain value of a sealed one; a value without {@link #PREFIX} is returned as it is
     *         (not sealed yet)
     * @throws IllegalArgumentException when the value is damaged or sealed under another key
     */
    String open(String value);

    /** @return whether {@code value} is sealed */
    static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** @return what pages, answers and logs show for a secret: {@code ••••••} when set, else empty */
    static String mask(String value) {
        return value == null || value.isEmpty() ? "" : "••••••";
    }
}
