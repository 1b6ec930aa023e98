/**
 * <b>Internal SPI of the engine, not the plugin API.</b> The columnar intake that Klarsyn's own CSV
 * connector uses for speed: {@link io.klarsyn.engine.ingest.CustomerBatch},
 * {@link io.klarsyn.engine.ingest.TransactionBatch} and {@link io.klarsyn.engine.ingest.ResponseBatch}
 * (ids and values as UTF-8 bytes, days as epoch days, columns of primitives) handed to the engine's
 * {@link io.klarsyn.engine.ingest.BatchSink}.
 *
 * <p>The engine owns this package and changes it with its own needs; it is versioned on its own
 * (0.x: no compatibility promise between minor versions) and a bundle that imports it is tied to
 * the engine's release. Third-party connectors implement
 * {@link io.klarsyn.api.connector.DataConnector} and call the record-oriented
 * {@link io.klarsyn.api.connector.IngestSink}: the engine folds those records through the same
 * batches, so both give the same ledger, survey table and data-quality findings.
 *
 * <p>0.1.0: the batches as they were in {@code io.klarsyn.api.connector} 1.3.1, and {@code BatchSink}
 * in place of {@code IngestSink}'s batch methods. 0.2.0: a record's whole-source hash and row id
 * ({@code recordHash}, {@code rowId}) for duplicate detection, and anonymous sales
 * ({@link io.klarsyn.engine.ingest.TransactionBatch#addAnonymous}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.klarsyn.engine.ingest;
