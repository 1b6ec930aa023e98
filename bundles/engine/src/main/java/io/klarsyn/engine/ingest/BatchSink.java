package io.klarsyn.engine.ingest;

import org.osgi.annotation.versioning.ProviderType;

import io.klarsyn.api.connector.IngestSink;

/**
 * The engine's columnar intake: takes whole {@link CustomerBatch}es, {@link TransactionBatch}es and
 * {@link ResponseBatch}es instead of one record per call. The engine's {@link IngestSink}s
 * implement it; a connector never does, it only calls it, through {@link #of(IngestSink)}.
 *
 * <p>Each entry of a batch counts exactly as the matching call of {@link IngestSink#customer},
 * {@link IngestSink#transaction}, {@link IngestSink#response} or {@link IngestSink#reject} would:
 * the engine folds the record lane through these same batches, so every data-quality rule is one
 * piece of code for both. A batch is only read during the call; the connector may clear and refill
 * it afterwards. Blanks are never implied: a connector that reports them calls
 * {@link IngestSink#blank} itself. Batches and the record calls may be mixed within one input as
 * long as the records stay in source order. Not thread-safe: call from the thread that called
 * {@link io.klarsyn.api.connector.DataConnector#read}.
 */
@ProviderType
public interface BatchSink {

    /** The records of a customers batch, in its order. */
    void customers(CustomerBatch batch);

    /** The records of a transactions batch, in its order. */
    void transactions(TransactionBatch batch);

    /** The records of a responses batch, in its order. */
    void responses(ResponseBatch batch);

    /**
     * @return {@code sink} itself when it is the engine's (it takes batches as they are), else a
     *         view that passes each entry on to the record calls of {@code sink}: a reader can
     *         then fill batches whatever sink it was given (a test's, say)
     */
    static BatchSink of(IngestSink sink) {
        return sink instanceof BatchSink b ? b : new RecordCalls(sink);
    }
}
