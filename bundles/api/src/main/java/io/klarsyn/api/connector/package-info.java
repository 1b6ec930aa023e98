/**
 * The connector SPI: a {@link io.klarsyn.api.connector.DataConnector} streams a client's data, record
 * by record, into an {@link io.klarsyn.api.connector.IngestSink} that the engine provides. A
 * connector implements {@code DataConnector} (a consumer type) and only calls {@code IngestSink}
 * (a provider type), so new sink methods never break it.
 *
 * <p>2.0.0: the columnar batch lane (the batch types and {@code IngestSink}'s batch methods of
 * 1.1–1.3) left this package: it is the engine's internal fast path
 * ({@code io.klarsyn.engine.ingest}, versioned on its own), not a contract. Connectors that called
 * only the record methods work unchanged.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.klarsyn.api.connector;
