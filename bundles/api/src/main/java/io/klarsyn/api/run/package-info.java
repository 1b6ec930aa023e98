/**
 * Running reports: the engine service the CLI and server call, job specifications, run outcome and plugin inventory.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.klarsyn.api.run;
