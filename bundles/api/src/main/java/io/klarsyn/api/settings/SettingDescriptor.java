package io.klarsyn.api.settings;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Describes one job setting a plugin understands. The engine uses the descriptors of every
 * installed plugin to reject unknown {@code --set} names, to fill in defaults, and to write the
 * commented default job file.
 *
 * @param name the dotted name, e.g. {@code churn.inactivityDays}. A name ending in {@code .*} is a
 *        family: {@code cx.selfAssessment.*} accepts {@code cx.selfAssessment.trust} and any other
 *        suffix.
 * @param type one of {@code string}, {@code int}, {@code number}, {@code boolean}, {@code list},
 *        {@code enum:a|b|c}, {@code path}, {@code url} ({@link #knownType()}); used for validation and
 *        documentation. The engine checks a value of type {@code int}, {@code number}, {@code boolean} and
 *        {@code enum:} before a run; it says once, in the server's log, when a plugin declares a type it does
 *        not know, whose values it then cannot check. {@code path} is a string naming a file or folder on the
 *        server: the report's appendix shows only its last name ("…/data"), so a PDF sent to the client does
 *        not carry the server's folders; metrics.json and run.log keep the full path. {@code url} is a string
 *        holding a URL, e.g. a JDBC URL: wherever its value is shown (report appendix, run.log, metrics.json,
 *        the web UI's job page) a password in it reads {@code ***} ({@link #shown(String)}).
 * @param defaultValue the default as text, or {@code null} when there is none
 * @param description one or two sentences for the consultant, including the unit
 */
public record SettingDescriptor(String name, String type, String defaultValue, String description) {

    public SettingDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    /** The type names the engine knows, besides {@code enum:a|b|c}; see {@link #type()}. */
    public static final Set<String> TYPES = Set.of("string", "int", "number", "boolean", "list", "path", "url");

    /**
     * {@code password=…}, {@code PASSWORD=…}, {@code sslpassword=…}, {@code pwd=…} up to the next {@code &}, {@code ;}
     * or line break (a URL has none; a message quoting a URL ends its line there). A value already masked,
     * {@code ***} before anything but a letter, digit or star, stays as it is with what follows it, so that a
     * message or a log line quoting a masked URL ({@code {url=...;PASSWORD=***, user=x}}) keeps its words when it
     * is masked again.
     */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;:,\\s])[a-z_.\\-]*(?:password|passwd|pwd)\\s*=)(?:\\*\\*\\*(?=[^\\w*]|$)|[^&;\\r\\n]*)");

    /**
     * {@code //user:password@host}: the password of a URL's user information, up to the last {@code @} before the
     * path, query or fragment (an {@code @} in the password itself). An IPv6 host ({@code //[::1]:5432/db}) has
     * colons but no {@code @} before its path, so it does not match; whitespace ends it too (a URL has none).
     */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:\\s]*:)[^/?#\\s]*@");

    /**
     * Oracle's {@code jdbc:oracle:thin:user/password@host...} (also {@code :oci:}, and {@code @//host} or
     * {@code @(DESCRIPTION=...)} after it): the password between the user's {@code /} and the first {@code @},
     * or in double quotes. A URL without a user ({@code jdbc:oracle:thin:@db:1521/ORCL}) or with an empty one and
     * no password ({@code jdbc:oracle:thin:/@wallet}) has none.
     */
    private static final Pattern ORACLE_LOGIN = Pattern.compile(
            "(?i)(jdbc:oracle:[a-z0-9]+:[^/@:\"\\s]*/|jdbc:oracle:[a-z0-9]+:\"[^\"]*\"/)(?:\"[^\"]*\"|[^@\"\\s]+)@");

    /**
     * @return whether {@link #type()} is one the engine knows: one of {@link #TYPES} or {@code enum:} with at
     *         least one value. A value of an unknown type is taken as a string, unchecked.
     * @since 1.1
     */
    public boolean knownType() {
        return TYPES.contains(type) || type.startsWith("enum:") && type.length() > "enum:".length();
    }

    /**
     * The value as people see it: a setting of type {@code url} with any password in it masked
     * ({@link #maskPasswords(String)}), any other as it is. Everything that shows a setting's value to a person
     * (the report's appendix, run.log, metrics.json, the web UI) shows it through this.
     *
     * @param value the setting's value, or {@code null}
     * @return the value to show
     * @since 1.1
     */
    public String shown(String value) {
        return "url".equals(type) ? maskPasswords(value) : value;
    }

    /**
     * Masks the passwords a URL may carry, the one rule for every place that shows a URL (job settings of type
     * {@code url}, connectors' per-job fields, error messages quoting a URL):
     * <ul>
     * <li>a parameter named password (any case, also {@code sslpassword}, {@code passwd}, {@code pwd}) up to the
     * next {@code &}, {@code ;} or line break, as in {@code jdbc:postgresql://h/db?user=x&password=***} and
     * {@code jdbc:h2:/srv/acme;USER=x;PASSWORD=***};</li>
     * <li>the password of the user information, {@code user:password@}, as in
     * {@code jdbc:postgresql://x:***@h/db} (also before an IPv6 host, {@code //x:***@[::1]:5432/db});</li>
     * <li>Oracle's {@code user/password@}, as in {@code jdbc:oracle:thin:x/***@h:1521/ORCL}.</li>
     * </ul>
     * Anything else is kept as it is: a URL without a password, a user without one ({@code //x@h}), an
     * {@code @} in a path ({@code jdbc:h2:tcp://h/~/data@2024}), an IPv6 host. The text may also be a message
     * that quotes a URL; masking a masked text changes nothing.
     *
     * @param url a URL, or a text quoting one, or {@code null}
     * @return the URL with each password replaced by {@code ***}; {@code null} for {@code null}
     * @since 1.1
     */
    public static String maskPasswords(String url) {
        if (url == null || url.isEmpty()) {
            return url;
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        masked = ORACLE_LOGIN.matcher(masked).replaceAll("$1***@");
        return USER_INFO.matcher(masked).replaceAll("$1***@");
    }

    /** @return whether {@code settingName} is this setting or a member of this family */
    public boolean matches(String settingName) {
        if (name.endsWith(".*")) {
            String prefix = name.substring(0, name.length() - 1);
            return settingName.startsWith(prefix) && settingName.length() > prefix.length();
        }
        return name.equals(settingName);
    }
}
