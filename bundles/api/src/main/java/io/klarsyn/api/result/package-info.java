/**
 * Typed metric results: data, not pictures. The renderer lays out any of these types, and the engine writes them to metrics.json under their stable ids.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.klarsyn.api.result;
