/**
 * The metric SPI: a {@link io.klarsyn.api.metric.MetricCalculator} reads the ledger through a {@link io.klarsyn.api.metric.MetricContext} and returns typed results.
 *
 * <p>1.1.0 adds {@link io.klarsyn.api.metric.TransactionVisitor#wants(int)}, a default method, so
 * that a rescan can skip the customers a visitor does not need. Calculators built against 1.0.0
 * work unchanged.
 *
 * <p>1.2.0 adds {@link io.klarsyn.api.metric.MetricContext#unstable}, a default method: a metric
 * marks the run UNSTABLE and says why (a model that did not converge).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.klarsyn.api.metric;
