package ${package};

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * Reads a client's tab-separated export from the folder in the job setting {@code ${pluginId}.folder}:
 * {@code customers.tsv} ({@code customer_id}, {@code acquired_on}, optional {@code churned_on}, ISO dates)
 * and {@code orders.tsv} ({@code customer_id}, {@code date}, {@code amount} with a decimal point). A job
 * uses it with {@code "connector": "${pluginId}"}. Every line after the header reaches the engine, as a
 * record or as a rejection with its line, column and reason; the engine does the rest of the checks
 * (unknown customers, duplicates, the as-of cut). Stateless: jobs may read concurrently.
 */
@Component
@Plugin(id = ${className}Connector.ID, title = "${className}: tab-separated export")
public class ${className}Connector implements DataConnector {

    static final String ID = "${pluginId}";
    static final String FOLDER = ID + ".folder";
    static final String CUSTOMERS = "customers.tsv";
    static final String ORDERS = "orders.tsv";

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(new SettingDescriptor(FOLDER, "path", null,
                "The folder of the client's export (customers.tsv, orders.tsv)."));
    }

    @Override
    public Set<DataKind> available(JobSettings settings) throws IOException {
        Path folder = folder(settings);
        Set<DataKind> kinds = EnumSet.noneOf(DataKind.class);
        if (Files.isRegularFile(folder.resolve(CUSTOMERS))) {
            kinds.add(DataKind.CUSTOMERS);
        }
        if (Files.isRegularFile(folder.resolve(ORDERS))) {
            kinds.add(DataKind.TRANSACTIONS);
        }
        return kinds;
    }

    @Override
    public void read(DataKind kind, JobSettings settings, IngestSink sink) throws IOException {
        String file = kind == DataKind.CUSTOMERS ? CUSTOMERS : ORDERS;
        try (BufferedReader in = Files.newBufferedReader(folder(settings).resolve(file), StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new ConnectorException(file, 1, null, "the file is empty: a header line was expected");
            }
            List<String> columns = Arrays.asList(header.replace("\uFEFF", "").split("\t", -1));
            for (String required : kind == DataKind.CUSTOMERS ? List.of("customer_id", "acquired_on")
                    : List.of("customer_id", "date", "amount")) {
                if (!columns.contains(required)) {
                    throw new ConnectorException(file, 1, required, "the header has no column '" + required + "'");
                }
            }
            sink.begin(file, columns, "UTF-8, tab-separated, ISO dates");
            long line = 1;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;   // blank lines are not records
                }
                if ((line & 4095) == 0 && sink.cancelled()) {
                    return;
                }
                String[] f = text.split("\t", -1);
                if (f.length != columns.size()) {
                    sink.reject(line, null, "wrong number of fields " + f.length + " (header has " + columns.size() + ")");
                } else if (kind == DataKind.CUSTOMERS) {
                    customer(columns, f, line, sink);
                } else {
                    order(columns, f, line, sink);
                }
            }
        }
    }

    private static void customer(List<String> columns, String[] f, long line, IngestSink sink) {
        String id = f[columns.indexOf("customer_id")].strip();
        if (id.isEmpty()) {
            sink.reject(line, "customer_id", "missing customer id");
            return;
        }
        LocalDate acquired = date(f[columns.indexOf("acquired_on")]);
        if (acquired == null) {
            sink.reject(line, "acquired_on", "unparseable date '" + f[columns.indexOf("acquired_on")] + "'");
            return;
        }
        int c = columns.indexOf("churned_on");
        LocalDate churned = null;
        if (c >= 0 && !f[c].isBlank()) {
            churned = date(f[c]);
            if (churned == null) {
                sink.reject(line, "churned_on", "unparseable date '" + f[c] + "'");
                return;
            }
        } else if (c >= 0) {
            sink.blank("churned_on");
        }
        sink.customer(line, new CustomerRecord(id, acquired, churned, Map.of()));
    }

    private static void order(List<String> columns, String[] f, long line, IngestSink sink) {
        String id = f[columns.indexOf("customer_id")].strip();
        if (id.isEmpty()) {
            sink.reject(line, "customer_id", "missing customer id");
            return;
        }
        LocalDate date = date(f[columns.indexOf("date")]);
        if (date == null) {
            sink.reject(line, "date", "unparseable date '" + f[columns.indexOf("date")] + "'");
            return;
        }
        String amount = f[columns.indexOf("amount")].strip();
        double value;
        try {
            value = Double.parseDouble(amount);
        } catch (NumberFormatException e) {
            sink.reject(line, "amount", "unparseable number '" + amount + "'");
            return;
        }
        sink.transaction(line, new TransactionRecord(id, date, value, Double.NaN, null));
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Path folder(JobSettings settings) throws IOException {
        String folder = settings.string(FOLDER, "");
        if (folder.isEmpty()) {
            throw new IOException("the job setting " + FOLDER + " is not set: the folder of the export");
        }
        Path path = Path.of(folder);
        if (!Files.isDirectory(path)) {
            throw new IOException(FOLDER + ": no folder " + path.toAbsolutePath());
        }
        return path;
    }
}
