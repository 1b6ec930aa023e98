package io.klarsyn.example.crm;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.TransactionRecord;

/**
 * Reads the CRM's export, streaming (an export of a million customers never sits in memory):
 *
 * <pre class="json">
 * {"exportedAt": "2024-06-01T03:00:00Z",
 *  "customers": [
 *    {"id": "K-1001", "createdAt": "2024-01-10", "status": "active", "segment": "retail",
 *     "orders": [{"orderNo": "A-1", "date": "2024-01-10", "total": 250.0}]},
 *    {"id": "K-1002", "createdAt": "2024-02-01", "status": "cancelled", "cancelledAt": "2024-04-15", "orders": []}]}
 * </pre>
 *
 * A customer is a record numbered by the line its object starts on, an order likewise; the customers pass
 * reads the customers, the transactions pass their orders. A value that does not parse rejects its record
 * with the canonical column and a reason that ends with the value's JSON pointer
 * ({@code unparseable date '2024-13-01' at /customers/2/createdAt}); an order of a rejected customer is read
 * all the same (the engine then rejects it as of an unknown customer), so every record is counted once. A
 * document that is not JSON, or has no {@code customers} array, is unusable as a whole: a
 * {@link ConnectorException} with its line.
 */
final class CrmExportParser {

    private static final JsonFactory JSON = new JsonFactory();
    static final List<String> CUSTOMER_COLUMNS = List.of("customer_id", "acquired_on", "churned_on", "segment");
    static final List<String> ORDER_COLUMNS = List.of("customer_id", "date", "amount", "order_id");

    private final String source;
    private final IngestSink sink;

    CrmExportParser(String source, IngestSink sink) {
        this.source = source;
        this.sink = sink;
    }

    void read(DataKind kind, InputStream in) throws IOException {
        if (kind != DataKind.CUSTOMERS && kind != DataKind.TRANSACTIONS) {
            return;
        }
        sink.begin(source, kind == DataKind.CUSTOMERS ? CUSTOMER_COLUMNS : ORDER_COLUMNS, "JSON export, ISO dates");
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw unusable(p, "the export is not a JSON object");
            }
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("customers")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw unusable(p, "'customers' is not an array");
                    }
                    found = true;
                    customers(p, kind);
                } else {
                    p.skipChildren();
                }
            }
            if (!found) {
                throw new ConnectorException(source, 0, null, "the export has no 'customers' array");
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConnectorException(source, line, null, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void customers(JsonParser p, DataKind kind) throws IOException {
        long n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if ((++n & 4095) == 0 && sink.cancelled()) {
                return;
            }
            long line = p.currentTokenLocation().getLineNr();
            String at = p.getParsingContext().pathAsPointer().toString();
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                if (kind == DataKind.CUSTOMERS) {
                    sink.reject(line, null, "not a customer object at " + at);
                }
                continue;
            }
            customer(p, kind, line);
        }
    }

    /** One customer object, the parser on its START_OBJECT. */
    private void customer(JsonParser p, DataKind kind, long line) throws IOException {
        String id = null;
        Value created = null;
        Value cancelled = null;
        String status = null;
        String segment = null;
        List<Order> orders = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> id = t.isScalarValue() && t != JsonToken.VALUE_NULL ? p.getText().strip() : null;
                case "createdAt" -> created = Value.of(p, t);
                case "cancelledAt" -> cancelled = Value.of(p, t);
                case "status" -> status = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "segment" -> segment = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "orders" -> {
                    if (t == JsonToken.START_ARRAY && kind == DataKind.TRANSACTIONS) {
                        orders(p, orders);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (kind == DataKind.CUSTOMERS) {
            emitCustomer(line, id, created, cancelled, status, segment);
        } else {
            for (Order o : orders) {
                emitOrder(o, id);
            }
        }
    }

    private void emitCustomer(long line, String id, Value created, Value cancelled, String status, String segment) {
        if (id == null || id.isEmpty()) {
            sink.reject(line, "customer_id", "missing customer id");
            return;
        }
        LocalDate acquired = created == null ? null : created.date();
        if (acquired == null) {
            sink.reject(line, "acquired_on", created == null ? "missing date 'createdAt'" : created.bad("date"));
            return;
        }
        LocalDate churned = null;
        if (cancelled != null) {
            churned = cancelled.date();
            if (churned == null) {
                sink.reject(line, "churned_on", cancelled.bad("date"));
                return;
            }
        } else if ("cancelled".equals(status)) {
            sink.reject(line, "churned_on", "missing date 'cancelledAt' of a cancelled customer");
            return;
        } else {
            sink.blank("churned_on");
        }
        if (segment == null) {
            sink.blank("segment");
        }
        sink.customer(line, new CustomerRecord(id, acquired, churned, segment == null ? Map.of() : Map.of("segment", segment)));
    }

    private void orders(JsonParser p, List<Order> out) throws IOException {
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            long line = p.currentTokenLocation().getLineNr();
            String at = p.getParsingContext().pathAsPointer().toString();
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                out.add(new Order(line, at, null, null, null));
                continue;
            }
            Value date = null;
            Value total = null;
            String number = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "date" -> date = Value.of(p, v);
                    case "total" -> total = Value.of(p, v);
                    case "orderNo" -> number = v.isScalarValue() && v != JsonToken.VALUE_NULL ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            out.add(new Order(line, at, date, total, number));
        }
    }

    private void emitOrder(Order o, String customer) {
        if (o.date == null && o.total == null && o.number == null) {
            sink.reject(o.line, null, "not an order object at " + o.at);
        } else if (customer == null || customer.isEmpty()) {
            sink.reject(o.line, "customer_id", "missing customer id of the order at " + o.at);
        } else if (o.date == null || o.date.date() == null) {
            sink.reject(o.line, "date", o.date == null ? "missing date at " + o.at : o.date.bad("date"));
        } else if (o.total == null || Double.isNaN(o.total.number())) {
            sink.reject(o.line, "amount", o.total == null ? "missing total at " + o.at : o.total.bad("number"));
        } else {
            if (o.number == null) {
                sink.blank("order_id");
            }
            sink.transaction(o.line, new TransactionRecord(customer, o.date.date(), o.total.number(), Double.NaN, o.number));
        }
    }

    private ConnectorException unusable(JsonParser p, String reason) {
        return new ConnectorException(source, p.currentTokenLocation().getLineNr(), null, reason);
    }

    private record Order(long line, String at, Value date, Value total, String number) {
    }

    /** A scalar as written, with its JSON pointer for the reason. */
    private record Value(String text, boolean numeric, String at) {

        static Value of(JsonParser p, JsonToken t) throws IOException {
            String at = p.getParsingContext().pathAsPointer().toString();
            if (!t.isScalarValue()) {
                p.skipChildren();
                return new Value(t == JsonToken.START_ARRAY ? "[...]" : "{...}", false, at);
            }
            return new Value(t == JsonToken.VALUE_NULL ? "null" : p.getText(), t.isNumeric(), at);
        }

        LocalDate date() {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        double number() {
            if (!numeric) {
                return Double.NaN;
            }
            double d = Double.parseDouble(text);
            return Double.isFinite(d) ? d : Double.NaN;
        }

        String bad(String what) {
            return "unparseable " + what + " '" + text + "' at " + at;
        }
    }
}
