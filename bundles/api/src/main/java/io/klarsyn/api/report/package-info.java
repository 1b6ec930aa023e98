/**
 * The renderer SPI and the report model it draws: sections of results, data quality, methodology, branding and messages.
 *
 * <p>1.1.0 adds {@link io.klarsyn.api.report.ReportModel#statusReasons()}: why the run is not SUCCESS, for the
 * summary page.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.klarsyn.api.report;
