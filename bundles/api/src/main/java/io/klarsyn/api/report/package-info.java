/**
 * The renderer SPI and the report model it draws: sections of results, data quality, methodology, the run's
 * status and its reasons, and messages.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.klarsyn.api.report;
