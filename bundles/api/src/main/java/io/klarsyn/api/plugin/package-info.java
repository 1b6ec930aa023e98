/**
 * What every plugin declares about itself: {@link io.klarsyn.api.plugin.Plugin} (id and title as service
 * properties) and the {@link io.klarsyn.api.plugin.PluginDescription} the server reads from them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.plugin;
