/**
 * The connector SPI: a {@link io.klarsyn.api.connector.DataConnector} streams a client's data, record
 * by record, into an {@link io.klarsyn.api.connector.IngestSink} that the engine provides. A
 * connector implements {@code DataConnector} (a consumer type) and only calls {@code IngestSink}
 * (a provider type), so new sink methods never break it.
 *
 * <p>A connector whose source can fold transactions itself (a database) may also implement
 * {@link io.klarsyn.api.connector.AggregatingConnector}: it then delivers per-customer, per-month
 * {@link io.klarsyn.api.connector.PurchaseSummary summaries} into a
 * {@link io.klarsyn.api.connector.SummarySink} instead of transaction rows (1.1.0).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.klarsyn.api.connector;
