package io.klarsyn.connector.csv.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;
import io.klarsyn.engine.ingest.BatchSink;
import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;

/**
 * Reads {@code customers.csv}, {@code transactions.csv} and {@code responses.csv} from the folder
 * in {@code csv.folder}, coping with the formats of real client exports (see {@link CsvOptions}).
 * Stateless: every read opens and sniffs its file anew, so instances serve concurrent jobs.
 */
@Component(service = DataConnector.class, configurationPid = CsvTuning.PID)
@Designate(ocd = CsvTuning.class)
@Plugin(id = "csv", title = "CSV files (client exports)")
public final class CsvConnector implements DataConnector {

    private static final int CANCEL_CHECK_MASK = 4095;

    /**
     * The tuning in force ({@link CsvTuning}): files at least {@code pipelineBytes} large are
     * parsed on a second thread while this one feeds the sink (see {@link Pipeline}); transaction
     * files at least {@code parallelBytes} large by {@code parsers} threads in parts of
     * {@code partBytes} (see {@link ParallelTransactions}).
     */
    volatile long pipelineThresholdBytes = 4L << 20;
    volatile long parallelThresholdBytes = 32L << 20;
    volatile long partBytes = 1L << 20;
    volatile int parsers = defaultParsers();

    /** The connector with the default tuning and the older system properties (outside a framework, and in tests). */
    public CsvConnector() {
        this(null, Map.of());
    }

    /**
     * @param tuning the configuration of PID {@value CsvTuning#PID}, with its defaults
     * @param properties the component's properties: which tuning values were configured
     */
    @Activate
    public CsvConnector(CsvTuning tuning, Map<String, Object> properties) {
        tune(tuning, properties);
    }

    /** A changed configuration applies to the reads that start after it. */
    @Modified
    void tune(CsvTuning tuning, Map<String, Object> properties) {
        // with a configuration of the PID it decides; without one, the older system properties
        // klarsyn.csv.* (e.g. -Dklarsyn.csv.parallelBytes=0 in KLARSYN_OPTS) override the defaults
        boolean configured = tuning != null && properties.containsKey("service.pid");
        pipelineThresholdBytes = tuned(configured, "pipelineBytes",
                tuning == null ? pipelineThresholdBytes : tuning.pipelineBytes());
        parallelThresholdBytes = tuned(configured, "parallelBytes",
                tuning == null ? parallelThresholdBytes : tuning.parallelBytes());
        partBytes = Math.max(1, tuned(configured, "partBytes", tuning == null ? partBytes : tuning.partBytes()));
        parsers = tuning != null && tuning.parsers() > 0 ? tuning.parsers() : defaultParsers();
    }

    private static long tuned(boolean configured, String name, long value) {
        return configured ? value : Long.getLong("klarsyn.csv." + name, value);
    }

    /** @return parsing threads by default: the cores, at most 4 */
    private static int defaultParsers() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }



    @Override
    public List<SettingDescriptor> settings() {
        return CsvOptions.DESCRIPTORS;
    }

    @Override
    public Set<DataKind> available(JobSettings settings) throws IOException {
        Path folder = folder(settings);
        Set<DataKind> kinds = EnumSet.noneOf(DataKind.class);
        for (DataKind k : DataKind.values()) {
            if (find(folder, k) != null) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    @Override
    public void read(DataKind kind, JobSettings settings, IngestSink sink) throws IOException {
        Path folder = folder(settings);
        Path file = find(folder, kind);
        if (file == null) {
            throw new ConnectorException(kind.fileName(), 0, null, "file not found in " + folder);
        }
        CsvOptions options = new CsvOptions(settings);
        String name = file.getFileName().toString();
        Direct rows = new Direct(sink);
        Pipeline.Body body = r -> read(kind, file, name, options, r);
        long size = Files.size(file);
        if (kind == DataKind.TRANSACTIONS && size >= parallelThresholdBytes && parsers >= 2) {
            try (CsvFile f = transactionsFile(file, name, options)) {
                int[] columns = transactionColumns(f);
                sink.begin(f.name, columnList(f), f.details);
                ParallelTransactions.read(f, file, columns, rows, partBytes, parsers);
            }
        } else if (size >= pipelineThresholdBytes) {
            Pipeline.run(name, body, rows);
        } else {
            body.run(rows);
        }
    }

    private static void read(DataKind kind, Path file, String name, CsvOptions options, Rows sink)
            throws IOException {
        switch (kind) {
            case CUSTOMERS:
                try (CsvFile f = new CsvFile(file, name, options, Set.of(), Set.of(Columns.ACQUIRED_ON, Columns.CHURNED_ON))) {
                    readCustomers(f, sink);
                }
                break;
            case TRANSACTIONS:
                try (CsvFile f = transactionsFile(file, name, options)) {
                    readTransactions(f, sink);
                }
                break;
            default:
                try (CsvFile f = new CsvFile(file, name, options,
                        Set.of(Columns.NPS, Columns.CSAT, Columns.CES, "driver.*"), Set.of(Columns.DATE))) {
                    readResponses(f, sink);
                }
        }
    }

    private static CsvFile transactionsFile(Path file, String name, CsvOptions options) throws IOException {
        return new CsvFile(file, name, options, Set.of(Columns.AMOUNT, Columns.QUANTITY), Set.of(Columns.DATE));
    }

    static Path folder(JobSettings settings) throws IOException {
        String f = settings.string(CsvOptions.FOLDER, "").trim();
        if (f.isEmpty()) {
            throw new IOException("Setting " + CsvOptions.FOLDER + " is not set: it names the folder holding "
                    + "customers.csv, transactions.csv and responses.csv");
        }
        Path p = Paths.get(f);
        if (!Files.isDirectory(p)) {
            throw new IOException("Data folder not found (" + CsvOptions.FOLDER + "): " + p.toAbsolutePath());
        }
        return p;
    }

    /** @return the kind's file in the folder, matching the name without regard to case, or {@code null} */
    static Path find(Path folder, DataKind kind) throws IOException {
        Path exact = folder.resolve(kind.fileName());
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (p.getFileName().toString().equalsIgnoreCase(kind.fileName()) && Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static List<String> columnList(CsvFile f) {
        return List.of(f.columns);
    }

    /** What a reader reports besides its batches: blanks, and whether to stop. */
    interface Out {
        /** As {@link IngestSink#blank}. */
        void blank(String column);

        /** As {@link IngestSink#cancelled}. */
        boolean cancelled();
    }

    /**
     * Where a reader's output goes: the header, the blanks and the full batches of every kind.
     * {@link Direct} passes them to the sink in the caller's thread, {@link Pipeline}'s recorder
     * hands them over to it from a worker thread.
     */
    interface Rows extends Out, BatchLane, CustomerLane, ResponseLane {
        /** As {@link IngestSink#begin}. */
        void begin(String source, List<String> columns, String details);
    }

    /**
     * The sink of a read as {@link Rows}: batches go to the engine's {@link BatchSink} (or, for a
     * sink that takes records only, become its record calls), the rest to the sink itself. The
     * connector only calls the sink; it implements none of its types.
     */
    static final class Direct implements Rows {
        final IngestSink sink;
        final BatchSink batches;

        Direct(IngestSink sink) {
            this.sink = sink;
            this.batches = BatchSink.of(sink);
        }

        @Override
        public void begin(String source, List<String> columns, String details) {
            sink.begin(source, columns, details);
        }

        @Override
        public void blank(String column) {
            sink.blank(column);
        }

        @Override
        public boolean cancelled() {
            return sink.cancelled();
        }

        @Override
        public TransactionBatch empty() {
            return new TransactionBatch();
        }

        @Override
        public TransactionBatch hand(TransactionBatch full) {
            batches.transactions(full);
            full.clear();
            return full;
        }

        @Override
        public CustomerBatch emptyCustomers(List<String> attributeColumns) {
            return new CustomerBatch(attributeColumns);
        }

        @Override
        public CustomerBatch handCustomers(CustomerBatch full) {
            batches.customers(full);
            full.clear();
            return full;
        }

        @Override
        public ResponseBatch emptyResponses(List<String> driverNames) {
            return new ResponseBatch(driverNames);
        }

        @Override
        public ResponseBatch handResponses(ResponseBatch full) {
            batches.responses(full);
            full.clear();
            return full;
        }
    }

    /**
     * Where a reader's full {@link CustomerBatch}es go: {@link BatchSink#customers} in the
     * caller's thread, or the {@link Pipeline}'s hand-over to it.
     */
    interface CustomerLane {
        /** @return an empty batch with these attribute columns to fill first */
        CustomerBatch emptyCustomers(List<String> attributeColumns);

        /** @return the (empty) batch to fill next */
        CustomerBatch handCustomers(CustomerBatch full);
    }


    /**
     * Customers go to the sink in {@link CustomerBatch}es, rejects among them in order: the id and
     * every attribute value as bytes, no {@code String}, {@code LocalDate}, map or record per row
     * (a value that is not plain ASCII is decoded once, so that a Windows-1252 file gives the same
     * text as the row-by-row lane). The checks, their order and the blanks reported are those of
     * the row-by-row lane.
     */
    private static void readCustomers(CsvFile f, Rows sink) throws IOException {
        f.checkDuplicates(Columns.CUSTOMERS, true);
        int id = f.required(Columns.CUSTOMER_ID);
        int acq = f.required(Columns.ACQUIRED_ON);
        int churn = f.index(Columns.CHURNED_ON);
        int n = f.columns.length;
        int[] attrs = new int[n];
        int na = 0;
        for (int i = 0; i < n; i++) {
            if (i != id && i != acq && i != churn && !f.columns[i].isEmpty()) {
                attrs[na++] = i;
            }
        }
        attrs = Arrays.copyOf(attrs, na);
        String[] names = new String[na];
        for (int j = 0; j < na; j++) {
            names[j] = f.columns[attrs[j]];
        }
        sink.begin(f.name, columnList(f), f.details);
        CustomerLane lane = sink;
        CustomerBatch batch = lane.emptyCustomers(List.of(names));
        long records = 0;
        while (f.next()) {
            if ((++records & CANCEL_CHECK_MASK) == 0 && sink.cancelled()) {
                return;
            }
            if (batch.full()) {
                batch = lane.handCustomers(batch);
            }
            customerRow(f, id, acq, churn, attrs, names, sink, batch);
        }
        if (batch.size() > 0) {
            lane.handCustomers(batch);
        }
    }

    /**
     * Reads the current record into the batch, as a customer or a reject: a method of its own, so
     * that the JIT compiles it once rather than the whole reading loop twice (on-stack, then whole).
     */
    private static void customerRow(CsvFile f, int id, int acq, int churn, int[] attrs, String[] names,
            Out sink, CustomerBatch batch) {
        CsvTokenizer t = f.tok;
        int na = attrs.length;
        long line = t.recordLine;
        String error = f.recordError();
        if (error != null) {
            batch.reject(line, null, error);
            return;
        }
        f.view(id);
        if (f.viewEmpty()) {
            batch.reject(line, Columns.CUSTOMER_ID, "missing customer_id");
            return;
        }
        f.view(acq);
        if (f.viewEmpty()) {
            batch.reject(line, Columns.ACQUIRED_ON, "missing acquired_on");
            return;
        }
        int acquired = f.viewDay();
        if (acquired == Dates.NO_DATE) {
            batch.reject(line, Columns.ACQUIRED_ON, "unparseable date '" + f.viewText() + "'");
            return;
        }
        int churned = CustomerBatch.NO_DAY;
        if (churn >= 0) {
            f.view(churn);
            if (!f.viewEmpty()) {
                churned = f.viewDay();
                if (churned == Dates.NO_DATE) {
                    batch.reject(line, Columns.CHURNED_ON, "unparseable date '" + f.viewText() + "'");
                    return;
                }
            }
        }
        // each field is copied into the batch as soon as it is viewed: an unescaped field's
        // bytes live in a scratch buffer that the next view may overwrite
        f.view(id);
        if (f.isAscii(f.vb, f.vs, f.ve)) {
            batch.add(line, f.vb, f.vs, f.ve - f.vs, acquired, churned);
        } else {
            batch.add(line, f.decode(f.vb, f.vs, f.ve), acquired, churned);
        }
        for (int j = 0; j < na; j++) {
            f.view(attrs[j]);
            if (f.viewEmpty()) {
                sink.blank(names[j]);
            } else if (f.isAscii(f.vb, f.vs, f.ve)) {
                batch.attribute(j, f.vb, f.vs, f.ve - f.vs);
            } else {
                batch.attribute(j, f.decode(f.vb, f.vs, f.ve));
            }
        }
    }

    /**
     * Where a reader's full {@link TransactionBatch}es go: {@link BatchSink#transactions} in the
     * caller's thread, or the {@link Pipeline}'s hand-over to it.
     */
    interface BatchLane {
        /** @return an empty batch to fill first */
        TransactionBatch empty();

        /** @return the (empty) batch to fill next */
        TransactionBatch hand(TransactionBatch full);
    }


    /**
     * Transactions go to the sink in {@link TransactionBatch}es, rejects among them in order: no
     * {@code String}, {@code LocalDate} or record per row. The checks and their order are those
     * of the row-by-row lane.
     */
    private static void readTransactions(CsvFile f, Rows sink) throws IOException {
        int[] columns = transactionColumns(f);
        sink.begin(f.name, columnList(f), f.details);
        BatchLane lane = sink;
        TransactionBatch last = transactionRows(f, columns, sink, lane, lane.empty());
        if (last.size() > 0 && !sink.cancelled()) {
            lane.hand(last);
        }
    }

    /**
     * Checks a transactions header.
     *
     * @return the indexes of customer_id, date, amount, quantity and order_id (-1 when absent)
     */
    static int[] transactionColumns(CsvFile f) throws ConnectorException {
        f.checkDuplicates(Columns.TRANSACTIONS, false);
        return new int[] {f.required(Columns.CUSTOMER_ID), f.required(Columns.DATE), f.required(Columns.AMOUNT),
                f.index(Columns.QUANTITY), f.index(Columns.ORDER_ID)};
    }

    /**
     * Reads transaction records into batches until the end of input (or of the part being read),
     * handing every full batch over.
     *
     * @param columns as {@link #transactionColumns} returned them
     * @return the last batch, not handed over (it may be empty)
     */
    static TransactionBatch transactionRows(CsvFile f, int[] columns, Out sink, BatchLane lane,
            TransactionBatch first) throws IOException {
        TransactionBatch batch = first;
        long records = 0;
        while (f.next()) {
            if ((++records & CANCEL_CHECK_MASK) == 0 && sink.cancelled()) {
                return batch;
            }
            if (batch.full()) {
                batch = lane.hand(batch);
            }
            transactionRow(f, columns, sink, batch);
        }
        return batch;
    }

    /**
     * Reads the current record into the batch, as a transaction or a reject: a method of its own,
     * so that the JIT compiles it once rather than the whole reading loop twice (on-stack, then whole).
     */
    private static void transactionRow(CsvFile f, int[] columns, Out sink, TransactionBatch batch) {
        int id = columns[0];
        int di = columns[1];
        int ai = columns[2];
        int qi = columns[3];
        int oi = columns[4];
        CsvTokenizer t = f.tok;
        int expected = f.columns.length;
        long line = t.recordLine;
        if (t.count != expected || t.unterminated) {
            String shape = f.recordError();
            if (shape != null) {
                batch.reject(line, null, shape);
                return;
            }
        }
        f.view(id);
        if (f.viewEmpty()) {
            batch.reject(line, Columns.CUSTOMER_ID, "missing customer_id");
            return;
        }
        // a simple field is a range of the read buffer, which stays put until the next record
        boolean idInBuffer = !t.complex[id];
        byte[] idBytes = f.vb;
        int idStart = f.vs;
        int idEnd = f.ve;
        f.view(di);
        if (f.viewEmpty()) {
            batch.reject(line, Columns.DATE, "missing date");
            return;
        }
        int day = f.viewDay();
        if (day == Dates.NO_DATE) {
            batch.reject(line, Columns.DATE, "unparseable date '" + f.viewText() + "'");
            return;
        }
        f.view(ai);
        if (f.viewEmpty()) {
            batch.reject(line, Columns.AMOUNT, "missing amount");
            return;
        }
        double amount = f.viewNumber();
        if (Double.isNaN(amount)) {
            batch.reject(line, Columns.AMOUNT, "unparseable number '" + f.viewText() + "'");
            return;
        }
        double quantity = Double.NaN;
        if (qi >= 0) {
            f.view(qi);
            if (f.viewEmpty()) {
                sink.blank(Columns.QUANTITY);
            } else {
                quantity = f.viewNumber();
                if (Double.isNaN(quantity)) {
                    batch.reject(line, Columns.QUANTITY, "unparseable number '" + f.viewText() + "'");
                    return;
                }
            }
        }
        String order = null;
        if (oi >= 0) {
            order = f.text(oi);
            if (order == null) {
                sink.blank(Columns.ORDER_ID);
            }
        }
        if (!idInBuffer) {
            f.view(id);
            idBytes = f.vb;
            idStart = f.vs;
            idEnd = f.ve;
        }
        if (f.isAscii(idBytes, idStart, idEnd)) {
            batch.add(line, idBytes, idStart, idEnd - idStart, day, amount, quantity, order);
        } else {
            batch.add(line, f.text(id), day, amount, quantity, order);
        }
    }

    /**
     * Where a reader's full {@link ResponseBatch}es go: {@link BatchSink#responses} in the
     * caller's thread, or the {@link Pipeline}'s hand-over to it.
     */
    interface ResponseLane {
        /** @return an empty batch with these driver columns to fill first */
        ResponseBatch emptyResponses(List<String> driverNames);

        /** @return the (empty) batch to fill next */
        ResponseBatch handResponses(ResponseBatch full);
    }


    /**
     * Responses go to the sink in {@link ResponseBatch}es, rejects among them in order: the id as
     * bytes (decoded only when not plain ASCII), scores and driver ratings as primitives, no
     * {@code LocalDate}, map or record per row. The checks, their order and the blanks reported
     * are those of the row-by-row lane: a blank driver is reported as soon as it is seen, also in
     * a row that a later driver's rating then rejects.
     */
    private static void readResponses(CsvFile f, Rows sink) throws IOException {
        ResponseColumns columns = new ResponseColumns(f);
        sink.begin(f.name, columnList(f), f.details);
        ResponseLane lane = sink;
        ResponseBatch batch = lane.emptyResponses(columns.driverNames);
        long records = 0;
        while (f.next()) {
            if ((++records & CANCEL_CHECK_MASK) == 0 && sink.cancelled()) {
                return;
            }
            if (batch.full()) {
                batch = lane.handResponses(batch);
            }
            columns.row(f, batch, sink);
        }
        if (batch.size() > 0) {
            lane.handResponses(batch);
        }
    }

    /**
     * The columns of a responses file, and the reading of one record: a method of its own, so that
     * the JIT compiles it once rather than the whole reading loop twice (on-stack, then whole).
     */
    private static final class ResponseColumns {
        private static final String[] SCORE_NAMES = {Columns.NPS, Columns.CSAT, Columns.CES};
        private final int di;
        private final int id;
        private final int[] scores;
        private final int tp;
        private final int cm;
        private final int nd;
        private final int[] drivers;
        final List<String> driverNames;
        private final int[] values = new int[3];
        private final double[] ratings;

        ResponseColumns(CsvFile f) throws ConnectorException {
            f.checkDuplicates(Columns.RESPONSES, false);
            di = f.required(Columns.DATE);
            id = f.index(Columns.CUSTOMER_ID);
            scores = new int[] {f.index(Columns.NPS), f.index(Columns.CSAT), f.index(Columns.CES)};
            tp = f.index(Columns.TOUCHPOINT);
            cm = f.index(Columns.COMMENT);
            int n = f.columns.length;
            int[] ds = new int[n];
            String[] names = new String[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                String c = f.columns[i];
                if (c.startsWith(Columns.DRIVER_PREFIX) && c.length() > Columns.DRIVER_PREFIX.length()) {
                    ds[k] = i;
                    names[k++] = c.substring(Columns.DRIVER_PREFIX.length());
                }
            }
            nd = k;
            drivers = Arrays.copyOf(ds, k);
            driverNames = List.of(Arrays.copyOf(names, k));
            ratings = new double[k];
        }

        /** Reads the current record into the batch, as a response or a reject. */
        void row(CsvFile f, ResponseBatch batch, Out sink) {
            CsvTokenizer t = f.tok;
            String[] scoreNames = SCORE_NAMES;
            long line = t.recordLine;
            String error = f.recordError();
            if (error != null) {
                batch.reject(line, null, error);
                return;
            }
            f.view(di);
            if (f.viewEmpty()) {
                batch.reject(line, Columns.DATE, "missing date");
                return;
            }
            int day = f.viewDay();
            if (day == Dates.NO_DATE) {
                batch.reject(line, Columns.DATE, "unparseable date '" + f.viewText() + "'");
                return;
            }
            for (int k = 0; k < 3; k++) {
                values[k] = SurveyResponseRecord.MISSING;
                if (scores[k] < 0) {
                    continue;
                }
                f.view(scores[k]);
                if (f.viewEmpty()) {
                    continue;
                }
                double v = f.viewNumber();
                if (Double.isNaN(v)) {
                    batch.reject(line, scoreNames[k], "unparseable number '" + f.viewText() + "'");
                    return;
                }
                if (v != Math.rint(v) || Math.abs(v) > 1e6) {
                    batch.reject(line, scoreNames[k], "score is not a whole number '" + f.viewText() + "'");
                    return;
                }
                values[k] = (int) v;
            }
            for (int k = 0; k < nd; k++) {
                f.view(drivers[k]);
                if (f.viewEmpty()) {
                    sink.blank(f.columns[drivers[k]]);
                    ratings[k] = Double.NaN;
                    continue;
                }
                double v = f.viewNumber();
                if (Double.isNaN(v)) {
                    batch.reject(line, f.columns[drivers[k]], "unparseable number '" + f.viewText() + "'");
                    return;
                }
                ratings[k] = v;
            }
            for (int k = 0; k < 3; k++) {
                if (scores[k] >= 0 && values[k] == SurveyResponseRecord.MISSING) {
                    sink.blank(scoreNames[k]);
                }
            }
            String touchpoint = tp >= 0 ? f.text(tp) : null;
            String comment = cm >= 0 ? f.text(cm) : null;
            // the id is viewed last, so that its bytes (perhaps in a scratch buffer that the next
            // view overwrites) are still in place when the batch copies them
            boolean anonymous = true;
            if (id >= 0) {
                f.view(id);
                anonymous = f.viewEmpty();
                if (anonymous) {
                    sink.blank(Columns.CUSTOMER_ID);
                }
            }
            if (tp >= 0 && touchpoint == null) {
                sink.blank(Columns.TOUCHPOINT);
            }
            if (cm >= 0 && comment == null) {
                sink.blank(Columns.COMMENT);
            }
            if (anonymous) {
                batch.add(line, null, 0, 0, day, values[0], values[1], values[2], touchpoint, comment);
            } else if (f.isAscii(f.vb, f.vs, f.ve)) {
                batch.add(line, f.vb, f.vs, f.ve - f.vs, day, values[0], values[1], values[2], touchpoint, comment);
            } else {
                batch.add(line, f.decode(f.vb, f.vs, f.ve), day, values[0], values[1], values[2], touchpoint,
                        comment);
            }
            for (int k = 0; k < nd; k++) {
                batch.driver(k, ratings[k]);
            }
        }
    }
}
