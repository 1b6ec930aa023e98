/**
 * The connector SPI: a {@link io.klarsyn.api.connector.DataConnector} streams a client's data into an {@link io.klarsyn.api.connector.IngestSink} that the engine provides.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.connector;
