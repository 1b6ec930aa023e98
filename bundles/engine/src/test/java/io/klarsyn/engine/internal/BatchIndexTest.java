package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;
import io.klarsyn.api.model.SurveyResponseRecord;

/**
 * The batches' accessors check the record index against the records added, not the capacity, and
 * the column index against the columns: a slot past the last record holds a previous fill's data.
 */
class BatchIndexTest {

    @Test
    void customerAccessorsRejectRecordsNotAddedAndUnknownColumns() {
        CustomerBatch b = new CustomerBatch(List.of("segment", "plan"), 8);
        b.add(2, "K1", 100, CustomerBatch.NO_DAY);
        b.attribute(1, "basis".getBytes(), 0, 5);
        assertThat(b.valueLength(0, 1)).isEqualTo(5);
        assertThat(b.valueLength(0, 0)).isEqualTo(-1);
        assertThatThrownBy(() -> b.line(1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Index 1 out of bounds for length 1");
        assertThatThrownBy(() -> b.acquiredDay(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.valueOffset(1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        // column 2 of record 0 would be column 0 of record 1 in the flat arrays
        assertThatThrownBy(() -> b.valueLength(0, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Index 2 out of bounds for length 2");
        assertThatThrownBy(() -> b.attribute(2, "x".getBytes(), 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void transactionAccessorsRejectRecordsNotAdded() {
        TransactionBatch b = new TransactionBatch(8);
        b.add(2, "K1".getBytes(), 0, 2, 100, 12.5, Double.NaN, null);
        assertThat(b.amount(0)).isEqualTo(12.5);
        assertThatThrownBy(() -> b.amount(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.epochDay(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.customerIdLength(7)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void responseAccessorsRejectRecordsNotAddedAndUnknownDrivers() {
        ResponseBatch b = new ResponseBatch(List.of("trust"), 8);
        int missing = SurveyResponseRecord.MISSING;
        b.add(2, "K1", 100, 9, missing, missing, null, null);
        b.driver(0, 4);
        assertThat(b.rating(0, 0)).isEqualTo(4);
        assertThatThrownBy(() -> b.nps(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.rating(0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.driver(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
