/**
 * The connector SPI: a {@link io.klarsyn.api.connector.DataConnector} streams a client's data into an {@link io.klarsyn.api.connector.IngestSink} that the engine provides.
 *
 * <p>1.1.0 adds the optional batch lane for transactions: {@link io.klarsyn.api.connector.TransactionBatch}
 * and {@link io.klarsyn.api.connector.IngestSink#transactions(io.klarsyn.api.connector.TransactionBatch)}.
 * Connectors built against 1.0.0 work unchanged.
 *
 * <p>1.2.0 adds the same optional batch lane for customers: {@link io.klarsyn.api.connector.CustomerBatch}
 * and {@link io.klarsyn.api.connector.IngestSink#customers(io.klarsyn.api.connector.CustomerBatch)}.
 * Connectors built against 1.0.0 or 1.1.0 work unchanged.
 *
 * <p>1.3.0 adds the same optional batch lane for survey responses: {@link io.klarsyn.api.connector.ResponseBatch}
 * and {@link io.klarsyn.api.connector.IngestSink#responses(io.klarsyn.api.connector.ResponseBatch)}.
 * It also adds {@link io.klarsyn.api.connector.TransactionBatch#offsetLines(long)}, for connectors
 * that parse parts of a source in parallel. Connectors built against 1.0.0, 1.1.0 or 1.2.0 work
 * unchanged.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.1")
package io.klarsyn.api.connector;
