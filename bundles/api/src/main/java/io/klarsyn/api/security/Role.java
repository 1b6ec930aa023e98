package io.klarsyn.api.security;

import java.util.Locale;

/**
 * What a user may do. Each role includes the ones below it, within the clients assigned to the user
 * (an admin has every client).
 */
public enum Role {
    /** Reads the runs, reports and trends of their clients. */
    VIEWER,
    /** A viewer who also creates, edits and runs the jobs of their clients. */
    CONSULTANT,
    /** Everything: every client, users, plugins, system settings, the audit log. */
    ADMIN;

    /** @return the name as the API writes it: {@code admin}, {@code consultant}, {@code viewer} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code admin}, {@code consultant} or {@code viewer}, in any case
     * @return the role
     * @throws IllegalArgumentException for any other name, naming the three
     */
    public static Role of(String id) {
        if (id != null) {
            for (Role role : values()) {
                if (role.id().equalsIgnoreCase(id.strip())) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be admin, consultant or viewer, not \"" + id + "\"");
    }
}
