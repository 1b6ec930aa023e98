package io.klarsyn.security.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2 with HMAC-SHA256, 600 000 iterations (OWASP's 2023 figure), a 16-byte random
 * salt and a 32-byte hash, written {@code pbkdf2-sha256$600000$SALT$HASH} (Base64). The iteration count
 * is part of the hash, so it can grow later without breaking old hashes.
 */
final class Passwords {

    static final int ITERATIONS = 600_000;
    /**
     * Iterations for a password this server made itself: the first admin's, 20 characters drawn at random from 57
     * (116 bits). Stretching makes each guess at a password a person chose expensive; against 2^116 possible
     * passwords it adds nothing, and 600 000 iterations cost a first start ~0.5 s. A password a person sets (the
     * first admin must set one at the first login) gets {@link #ITERATIONS}.
     */
    static final int GENERATED_ITERATIONS = 10_000;
    static final int MIN_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final int iterations;

    Passwords() {
        this(ITERATIONS);
    }

    /** @param iterations fewer only in unit tests of everything but the count */
    Passwords(int iterations) {
        this.iterations = iterations;
    }

    String hash(char[] password) {
        return hash(password, iterations);
    }

    /** @return the hash of a password made by {@link #random}, with {@link #GENERATED_ITERATIONS} (or fewer in tests) */
    String hashGenerated(char[] password) {
        return hash(password, Math.min(iterations, GENERATED_ITERATIONS));
    }

    private static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** @return whether {@code password} matches {@code stored}; false for a malformed hash */
    static boolean verify(char[] password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] want = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(want, pbkdf2(password, salt, n));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    /** @return a random password of {@code length} letters and digits (no look-alikes: 0/O, 1/l/I) */
    static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** @return why {@code password} is refused for {@code username}, or null when it is fine */
    static String weakness(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password has at least " + MIN_LENGTH + " characters";
        }
        if (password.equalsIgnoreCase(username)) {
            return "the password must not be the user name";
        }
        return null;
    }
}
