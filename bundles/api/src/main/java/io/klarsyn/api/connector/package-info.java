/**
 * The connector SPI: a {@link io.klarsyn.api.connector.DataConnector} streams a client's data, record
 * by record, into an {@link io.klarsyn.api.connector.IngestSink} that the engine provides. A
 * connector implements {@code DataConnector} (a consumer type) and only calls {@code IngestSink}
 * (a provider type), so new sink methods never break it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.connector;
