package io.klarsyn.security.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.server.ServerHome;

/**
 * The {@link SecretStore}: AES-256-GCM with a random 96-bit nonce per value and a 128-bit tag, under
 * the key in {@code DIR/secrets/secret.key} (32 random bytes, Base64; created at the first start,
 * readable by the owner only). A sealed value is {@code {aes-gcm}} + Base64(nonce ‖ ciphertext ‖ tag).
 * Keep the key file with the backups of {@code etc/}, but not in the same place.
 */
@Component(service = SecretStore.class, immediate = true)
public class AesSecretStore implements SecretStore {

    static final String KEY_FILE = "secret.key";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    @Activate
    public AesSecretStore(@Reference ServerHome home) {
        this(home.home().resolve("secrets").resolve(KEY_FILE));
    }

    AesSecretStore(Path keyFile) {
        this.key = new SecretKeySpec(loadOrCreate(keyFile), "AES");
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(KEY_FILE + ".tmp");
                Files.deleteIfExists(tmp);
                try {
                    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(tmp);
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
                try {
                    // a second node starting at the same moment keeps the key that came first
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length != 32) {
                throw new IllegalStateException(file + " is no AES-256 key (32 bytes in Base64)");
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the secret key " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String seal(String plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    @Override
    public String open(String value) {
        if (!SecretStore.isSealed(value)) {
            return value;
        }
        try {
            byte[] all = Base64.getDecoder().decode(value.substring(PREFIX.length()).strip());
            if (all.length < NONCE_BYTES + 16) {
                throw new IllegalArgumentException("a sealed secret is too short: damaged?");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("a sealed secret does not open with secrets/" + KEY_FILE
                    + ": sealed under another key, or damaged");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a sealed secret cannot be opened: " + e.getMessage());
        }
    }
}
