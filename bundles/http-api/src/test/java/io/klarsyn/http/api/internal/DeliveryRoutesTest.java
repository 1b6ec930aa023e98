package io.klarsyn.http.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.delivery.Deliveries;
import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.DeliveryRecord;
import io.klarsyn.api.delivery.DeliveryState;
import io.klarsyn.api.delivery.ParcelKind;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.Trigger;

/** The deliveries routes: listing, resend, test mail; and without a delivery service. */
class DeliveryRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeServer server = new FakeServer();
    private final Recorded deliveries = new Recorded();
    private Deliveries current = deliveries;
    private final Api api = new Api(server, server, server, server, () -> { }, () -> current);

    private Response call(String method, String path, String body) {
        return api.handle(new Request(method, path, Map.of(), Map.of(), body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(Response r) throws IOException {
        return JSON.readTree(r.bytes());
    }

    @Test
    void aRunShowsItsDeliveries() throws IOException {
        server.add(FakeServer.validJob("acme", "Acme AS", "@monthly", ZoneId.of("UTC")));
        RunRecord run = server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        deliveries.rows.add(new DeliveryRecord(4, "acme", YearMonth.of(2026, 10), run.id(), "mail", "leder@acme.example",
                ParcelKind.REPORT, 0, DeliveryState.FAILED, 1, "the mail server refused leder@acme.example: 550 5.1.1",
                Instant.parse("2026-11-03T06:00:00Z"), null, null, "<delivery-4.acme.2026-10@klarsyn>"));

        JsonNode list = json(call("GET", "/api/runs/" + run.id() + "/deliveries", null));
        assertThat(list).hasSize(1);
        JsonNode d = list.get(0);
        assertThat(d.get("channel").asText()).isEqualTo("mail");
        assertThat(d.get("target").asText()).isEqualTo("leder@acme.example");
        assertThat(d.get("state").asText()).isEqualTo("FAILED");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        assertThat(d.get("error").asText()).contains("550");
        assertThat(d.get("createdAt").asText()).isEqualTo("2026-11-03T06:00:00Z");
        assertThat(d.get("sentAt").isNull()).isTrue();
        assertThat(json(call("GET", "/api/runs/" + run.id(), null)).get("deliveries")).hasSize(1);
        assertThat(call("GET", "/api/runs/999/deliveries", null).status()).isEqualTo(404);
    }

    @Test
    void resendAnswers202WithTheNewRoundOr409WithTheReason() throws IOException {
        server.add(FakeServer.validJob("acme", "Acme AS", "@monthly", ZoneId.of("UTC")));
        RunRecord ok = server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        RunRecord failed = server.put("acme", YearMonth.of(2026, 10), RunState.FAILURE, Trigger.API);
        Response r = call("POST", "/api/runs/" + ok.id() + "/deliveries", "");
        assertThat(r.status()).isEqualTo(202);
        assertThat(json(r).get(0).get("round").asInt()).isEqualTo(1);
        Response refused = call("POST", "/api/runs/" + failed.id() + "/deliveries", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(json(refused).get("detail").asText()).isEqualTo("run " + failed.id() + " is FAILURE: it has no report to send");
        assertThat(call("PUT", "/api/runs/" + ok.id() + "/deliveries", "").status()).isEqualTo(405);
    }

    @Test
    void testMailNeedsAnAddressAndSaysWhyItWasNotSent() throws IOException {
        server.add(FakeServer.validJob("acme", "Acme AS", "@monthly", ZoneId.of("UTC")));
        Response ok = call("POST", "/api/jobs/acme/test-mail", "{\"to\": \"test@acme.example\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(json(ok).get("messageId").asText()).isEqualTo("<test@klarsyn>");
        assertThat(deliveries.tests).containsExactly("acme test@acme.example");
        assertThat(call("POST", "/api/jobs/acme/test-mail", "{}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/jobs/acme/test-mail", "{\"to\": \"nope\"}").status()).isEqualTo(400);
        Response refused = call("POST", "/api/jobs/acme/test-mail", "{\"to\": \"borte@ukjent.example\"}");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(json(refused).get("detail").asText()).contains("550");
        assertThat(call("POST", "/api/jobs/nosuch/test-mail", "{\"to\": \"a@b.no\"}").status()).isEqualTo(404);
    }

    @Test
    void withoutTheDeliveryBundleTheRoutesSaySoAndRunsHaveNoDeliveriesField() throws IOException {
        current = null;
        server.add(FakeServer.validJob("acme", "Acme AS", "@monthly", ZoneId.of("UTC")));
        RunRecord run = server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        Response r = call("GET", "/api/runs/" + run.id() + "/deliveries", null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(json(r).get("detail").asText()).contains("klarsyn-delivery");
        assertThat(json(call("GET", "/api/runs/" + run.id(), null)).has("deliveries")).isFalse();
    }

    /** Answers as the delivery service would, and records the test mails asked for. */
    private final class Recorded implements Deliveries {
        final List<DeliveryRecord> rows = new ArrayList<>();
        final List<String> tests = new ArrayList<>();

        @Override
        public List<DeliveryRecord> ofRun(long runId) {
            return rows.stream().filter(r -> r.runId() == runId).toList();
        }

        @Override
        public List<DeliveryRecord> resend(long runId) {
            RunRecord run = server.run(runId).orElseThrow(() -> new NoSuchElementException("no run " + runId));
            if (run.status() != RunState.SUCCESS) {
                throw new IllegalStateException("run " + runId + " is " + run.status() + ": it has no report to send");
            }
            return List.of(new DeliveryRecord(9, run.job(), run.period(), runId, "mail", "leder@acme.example",
                    ParcelKind.REPORT, 1, DeliveryState.PENDING, 0, null, Instant.parse("2026-11-04T06:00:00Z"),
                    Instant.parse("2026-11-04T06:00:00Z"), null, "<delivery-9.acme.2026-10@klarsyn>"));
        }

        @Override
        public String sendTest(String job, String address) throws DeliveryException {
            if (!address.contains("@")) {
                throw new IllegalArgumentException("'" + address + "' is not an e-mail address");
            }
            if (address.endsWith("@ukjent.example")) {
                throw DeliveryException.permanent("the mail server refused " + address + ": 550 5.1.1", null);
            }
            tests.add(job + " " + address);
            return "<test@klarsyn>";
        }
    }
}
