package io.klarsyn.engine.internal;

import java.util.List;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import io.klarsyn.api.report.Messages;

/** The metrics' resource bundles, searched in section order; the first that has a key wins. */
final class MergedMessages implements Messages {

    private final List<ResourceBundle> bundles;

    MergedMessages(List<ResourceBundle> bundles) {
        this.bundles = List.copyOf(bundles);
    }

    @Override
    public String find(String key) {
        if (key == null) {
            return null;
        }
        for (ResourceBundle b : bundles) {
            try {
                if (b.containsKey(key)) {
                    return b.getString(key);
                }
            } catch (MissingResourceException | ClassCastException e) {
                // a bundle with a non-string value for the key: try the next
            }
        }
        return null;
    }
}
