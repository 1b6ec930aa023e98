/**
 * The metric SPI: a {@link io.klarsyn.api.metric.MetricCalculator} reads the ledger through a {@link io.klarsyn.api.metric.MetricContext} and returns typed results.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.metric;
