/**
 * The renderer SPI and the report model it draws: sections of results, data quality, methodology, branding and messages.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.report;
