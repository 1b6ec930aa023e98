package io.klarsyn.cli.internal;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsed {@code --name value} / {@code --flag} options of one verb; {@code --set} may repeat. */
public final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> sets = new ArrayList<>();
    private boolean help;

    /**
     * @param from the index of the first option (after the verb)
     * @throws IllegalArgumentException for a positional argument or a {@code --set} without a value
     */
    public static Args parse(String[] args, int from) {
        Args a = new Args();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                a.help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0 && !name.startsWith("set")) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.startsWith("set=")) {
                value = name.substring(4);
                name = "set";
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            }
            if (name.equals("set")) {
                if (value == null) {
                    throw new IllegalArgumentException("--set needs name=value");
                }
                a.sets.add(value);
            } else {
                a.values.put(name, value == null ? "" : value);
            }
        }
        return a;
    }

    public boolean help() {
        return help;
    }

    public List<String> sets() {
        return sets;
    }

    /** @return the option's value, or {@code null} when absent or empty */
    public String value(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public String require(String name) {
        String v = value(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required (see --help)");
        }
        return v;
    }

    public int positiveInt(String name) {
        try {
            int v = Integer.parseInt(value(name).replace("_", ""));
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " '" + value(name) + "' is not a positive whole number");
        }
    }

    public int port(String name, int def) {
        if (value(name) == null) {
            return def;
        }
        try {
            int v = Integer.parseInt(value(name));
            if (v < 0 || v > 65535) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " '" + value(name) + "' is not a port number (0-65535; 0 takes any free port)");
        }
    }

    public long longValue(String name) {
        try {
            return Long.parseLong(value(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " '" + value(name) + "' is not a whole number");
        }
    }

    public double doubleValue(String name) {
        try {
            return Double.parseDouble(value(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " '" + value(name) + "' is not a number");
        }
    }

    /** @throws IllegalArgumentException naming the first option not in {@code allowed} */
    public void allow(String... allowed) {
        List<String> ok = List.of(allowed);
        for (String k : values.keySet()) {
            if (!ok.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + " (see --help)");
            }
        }
        if (!sets.isEmpty() && !ok.contains("set")) {
            throw new IllegalArgumentException("this verb takes no --set");
        }
    }

    /** @return {@code s} as a month, or a usage error naming {@code flag} */
    public static YearMonth month(String s, String flag) {
        try {
            return YearMonth.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " '" + s + "' is not a month; write it as YYYY-MM, e.g. 2026-10");
        }
    }
}
