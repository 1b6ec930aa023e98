package io.klarsyn.engine.internal;

import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import io.klarsyn.api.report.Messages;

/** Each contributor's resource bundle under its scope: the engine's own and one per metric. */
final class MergedMessages implements Messages {

    private final Map<String, ResourceBundle> bundles;

    MergedMessages(Map<String, ResourceBundle> bundles) {
        this.bundles = Map.copyOf(bundles);
    }

    /** The engine's texts in {@code locale}: data-quality reasons and the definitions the ledger owns. */
    static ResourceBundle engineTexts(Locale locale) {
        return ResourceBundle.getBundle(MergedMessages.class.getPackageName() + ".messages", locale,
                MergedMessages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    @Override
    public String find(String scope, String key) {
        if (scope == null || key == null) {
            return null;
        }
        ResourceBundle b = bundles.get(scope);
        if (b == null) {
            return null;
        }
        try {
            return b.containsKey(key) ? b.getString(key) : null;
        } catch (MissingResourceException | ClassCastException e) {
            return null;
        }
    }
}
