/**
 * Job settings: the typed, dotted-name key/value view every plugin reads its configuration from,
 * and the descriptors plugins publish so that unknown names are caught before a run.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.klarsyn.api.settings;
