package io.klarsyn.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.security.Permission;
import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Route;
import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.security.Subject;

/** The parts of the security bundle that need no server: hashes, delays, route patterns, the role table, sealing. */
class SecurityUnitsTest {

    @TempDir
    Path tmp;

    @Test
    void aPasswordHashIsPbkdf2WithItsIterationsAndSaltAndVerifiesOnlyItsPassword() {
        Passwords passwords = new Passwords(1_000);
        String hash = passwords.hash("correct horse".toCharArray());
        String[] parts = hash.split("\\$");
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("1000");
        // 16 bytes of salt and 32 of hash in Base64 without padding: ceil(16*4/3) = 22, ceil(32*4/3) = 43 characters
        assertThat(parts[2]).hasSize(22);
        assertThat(parts[3]).hasSize(43);
        assertThat(Passwords.verify("correct horse".toCharArray(), hash)).isTrue();
        assertThat(Passwords.verify("correct horsE".toCharArray(), hash)).isFalse();
        assertThat(passwords.hash("correct horse".toCharArray())).as("a new salt each time").isNotEqualTo(hash);
        assertThat(Passwords.verify("x".toCharArray(), "garbage")).isFalse();
        assertThat(new Passwords().hash("p".toCharArray())).startsWith("pbkdf2-sha256$600000$");
        assertThat(Passwords.weakness("admin", "short")).contains("at least 10");
        assertThat(Passwords.weakness("administrator", "Administrator")).contains("user name");
        assertThat(Passwords.weakness("admin", "long enough pass")).isNull();
    }

    @Test
    void theDelayAfterFailedLoginsDoublesAfterTwoFreeOnesUpToFifteenMinutes() {
        assertThat(Accounts.delay(1)).isZero();
        assertThat(Accounts.delay(2)).isZero();
        assertThat(Accounts.delay(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Accounts.delay(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Accounts.delay(5)).isEqualTo(Duration.ofSeconds(4));
        // 2^(12-3) = 512 s; 2^(13-3) = 1024 s is over 900 s
        assertThat(Accounts.delay(12)).isEqualTo(Duration.ofSeconds(512));
        assertThat(Accounts.delay(13)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Accounts.delay(1000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void routePatternsMatchWholeSegmentsAndNameTheirVariables() {
        Route r = Route.of("GET", "/api/runs/{run}/artifacts/{name}", Permission.READ);
        assertThat(r.match("/api/runs/7/artifacts/report.pdf")).isEqualTo(Map.of("run", "7", "name", "report.pdf"));
        assertThat(r.match("/api/runs/7/artifacts")).isNull();
        assertThat(r.match("/api/runs/7/artifacts/a/b")).isNull();
        assertThat(r.match("/api/jobs/7/artifacts/x")).isNull();
        assertThat(Route.of("GET", "/static/**", Permission.PUBLIC).match("/static/a/b.css")).isEmpty();
        assertThat(r.answers("HEAD")).isTrue();
        assertThat(r.answers("POST")).isFalse();
    }

    @Test
    void theRoleTableGivesViewersReadingConsultantsOperatingAndAdminsEverything() {
        for (Role role : Role.values()) {
            assertThat(AccessRules.allowed(role, Permission.READ)).isTrue();
        }
        assertThat(AccessRules.allowed(Role.VIEWER, Permission.OPERATE)).isFalse();
        assertThat(AccessRules.allowed(Role.CONSULTANT, Permission.OPERATE)).isTrue();
        assertThat(AccessRules.allowed(Role.CONSULTANT, Permission.ADMIN)).isFalse();
        assertThat(AccessRules.allowed(Role.ADMIN, Permission.ADMIN)).isTrue();
        Subject viewer = new Subject("v", Role.VIEWER, java.util.Set.of("A"), false);
        assertThat(viewer.sees("A")).isTrue();
        assertThat(viewer.sees("B")).isFalse();
        assertThat(new Subject("a", Role.ADMIN, java.util.Set.of(), false).sees("B")).isTrue();
        assertThatThrownBy(() -> Role.of("root")).hasMessageContaining("admin, consultant or viewer");
    }

    @Test
    void aNextAddressAfterLoginStaysOnThisServer() {
        assertThat(AccountPages.safeNext("/jobs/a?x=1")).isEqualTo("/jobs/a?x=1");
        assertThat(AccountPages.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(AccountPages.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(AccountPages.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(AccountPages.safeNext(null)).isEqualTo("/");
    }

    @Test
    void secretsAreSealedWithAFreshNonceAndOpenOnlyUnderTheirKey() throws Exception {
        AesSecretStore store = new AesSecretStore(tmp.resolve("secrets/secret.key"));
        assertThat(Files.readString(tmp.resolve("secrets/secret.key")).strip()).hasSize(44); // 32 bytes in Base64
        String sealed = store.seal("smtp-pässword");
        assertThat(sealed).startsWith(SecretStore.PREFIX).doesNotContain("smtp");
        assertThat(store.seal("smtp-pässword")).isNotEqualTo(sealed);
        assertThat(store.open(sealed)).isEqualTo("smtp-pässword");
        assertThat(store.open("plain")).isEqualTo("plain");
        assertThat(new AesSecretStore(tmp.resolve("secrets/secret.key")).open(sealed)).as("the key is read back").isEqualTo("smtp-pässword");
        AesSecretStore other = new AesSecretStore(tmp.resolve("other/secret.key"));
        assertThatThrownBy(() -> other.open(sealed)).hasMessageContaining("another key");
        char[] tampered = sealed.toCharArray();
        tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> store.open(new String(tampered))).isInstanceOf(IllegalArgumentException.class);
        assertThat(SecretStore.mask("x")).isEqualTo("••••••");
        assertThat(SecretStore.mask("")).isEmpty();
    }

    @Test
    void aPasswordWrittenInTheClearIntoEtcIsSealedAndTheRestOfTheFileKept() throws Exception {
        AesSecretStore store = new AesSecretStore(tmp.resolve("secrets/secret.key"));
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path cfg = etc.resolve("io.klarsyn.delivery.mail.cfg");
        Files.writeString(cfg, "# the mail server\nhost = smtp.firma.no\nuser = klarsyn\npassword = hemmelig-123\n"
                + "#password = in-a-comment\ndbPassword: other-secret\n", StandardCharsets.ISO_8859_1);
        ConfigSealer sealer = new ConfigSealer(etc, store);
        try {
            String text = Files.readString(cfg, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("hemmelig-123", "other-secret").contains("host = smtp.firma.no", "user = klarsyn",
                    "#password = in-a-comment", "password = {aes-gcm}", "dbPassword: {aes-gcm}");
            String sealed = text.lines().filter(l -> l.startsWith("password = ")).findFirst().orElseThrow().substring(11);
            assertThat(store.open(sealed)).isEqualTo("hemmelig-123");
            assertThat(sealer.seal(cfg)).as("sealed once: nothing more to do").isFalse();
        } finally {
            sealer.stop();
        }
    }

    /** Every word of the account pages exists in nb, sv and en, and a language is chosen as the web UI chooses it. */
    @org.junit.jupiter.api.Test
    void theAccountPagesHaveEveryWordInEachLanguage() throws Exception {
        java.util.Map<String, java.util.Set<String>> keys = new java.util.HashMap<>();
        for (String suffix : new String[] {"", "_nb", "_sv"}) {
            java.util.Properties p = new java.util.Properties();
            try (var in = new java.io.InputStreamReader(Words.class.getResourceAsStream("pages" + suffix + ".properties"),
                    java.nio.charset.StandardCharsets.UTF_8)) {
                p.load(in);
            }
            keys.put(suffix, p.stringPropertyNames());
        }
        org.assertj.core.api.Assertions.assertThat(keys.get("_nb")).isEqualTo(keys.get(""));
        org.assertj.core.api.Assertions.assertThat(keys.get("_sv")).isEqualTo(keys.get(""));
        org.assertj.core.api.Assertions.assertThat(Words.of("nb").get("login.wait", 4))
                .isEqualTo("For mange mislykkede innlogginger. Prøv igjen om 4 s.");
        org.assertj.core.api.Assertions.assertThat(Words.of("en").get("login.first")).contains("the server's <code>");
    }

    /** AccessRules matches a path against routes split once: the same answer as {@link Route#match}. */
    @Test
    void theRulesMatchPathsAsRoutesDo() {
        List<Route> routes = new java.util.ArrayList<>(new SecurityRoutes().routes());
        routes.addAll(List.of(new Route("GET", "/", Permission.READ, null, null),
                new Route("GET", "/static/**", Permission.PUBLIC, null, null),
                new Route("POST", "/jobs/{job}/run", Permission.OPERATE, "run.start", null),
                new Route("GET", "/runs/{run}/artifacts/{name}", Permission.READ, null, null),
                new Route("GET", "/api/**", Permission.READ, null, null),
                new Route("GET", "/**", Permission.READ, null, null)));
        List<String> paths = List.of("/", "", "//", "/static", "/static/", "/static/htmx.min.js", "/static/a/b/c",
                "/jobs/nordlys/run", "/jobs//nordlys/run/", "/jobs/nordlys", "/jobs/nordlys/run/x", "/runs/5000/artifacts/run.log",
                "/runs/5000/artifacts", "/api", "/api/jobs", "/login", "/users/vera", "/x/y/z", "/{job}");
        for (Route route : routes) {
            AccessRules.Indexed indexed = AccessRules.Indexed.of(route);
            for (String path : paths) {
                assertThat(indexed.match(AccessRules.split(path))).as(route.pattern() + " on " + path)
                        .isEqualTo(route.match(path));
            }
        }
    }
}
