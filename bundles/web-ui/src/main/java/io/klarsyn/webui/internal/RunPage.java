package io.klarsyn.webui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.server.Headline;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;

/**
 * A run ({@code /runs/{id}}): status with its reasons, trigger, times, the headline KPIs; the console
 * log (live over SSE while the run goes, the page reloading itself without JavaScript); the PDF inline
 * and as a download, metrics.json; the data-quality findings from metrics.json as a table filtered by
 * file, reason and kind ({@code ?file=&reason=&kind=rejected|warning}).
 */
final class RunPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Services services;
    private final Page page;
    private final Kept kept;
    private final RunRecord run;
    /** The run's deliveries as the service gave them for this request, or null without a delivery service. */
    private List<io.klarsyn.api.delivery.DeliveryRecord> deliveries;

    RunPage(Services services, Page page, Kept kept, RunRecord run) {
        this.services = services;
        this.page = page;
        this.kept = kept;
        this.run = run;
    }

    /**
     * A finished run's page is kept ({@link Kept#pages}) while the run's record (status, figures, messages,
     * the artifacts there are), the sizes and times of its artifacts, the job, the run store's count of
     * changes to the job's runs (its headline descriptions), the deliveries and the user's controls stay
     * the same; a running run's page is made for each request (its log grows).
     */
    Response render() {
        Optional<io.klarsyn.api.delivery.Deliveries> service = services.deliveries().get();
        if (!run.status().finished()) {
            deliveries = service.map(d -> d.ofRun(run.id())).orElse(null);
            return page.send(200, make());
        }
        long changes = services.store().changes(run.job());
        Optional<JobEntry> entry = services.jobs().job(run.job());
        List<Object> files = new ArrayList<>();
        for (String name : run.artifacts()) {
            Optional<Path> file = services.store().artifact(run.id(), name);
            try {
                files.add(file.isEmpty() ? null : java.nio.file.Files.size(file.get()) + "@"
                        + java.nio.file.Files.getLastModifiedTime(file.get()).toMillis());
            } catch (IOException e) {
                files.add(null);
            }
        }
        deliveries = service.map(d -> d.ofRun(run.id())).orElse(null);
        boolean mayResend = page.may("POST", "/runs/" + run.id() + "/deliveries");
        Object plugins = services.pluginsKey();
        if (changes < 0) {
            return page.send(200, make());
        }
        Kept.RunKey key = new Kept.RunKey(run, files, entry.orElse(null), changes, deliveries, mayResend, plugins);
        return page.send(200, kept.pages.get(new Kept.PageSlot(page.request().path(), page.request().params(),
                page.t().lang(), page.request().subject()), key, this::make));
    }

    private PageBytes make() {
        Texts t = page.t();
        Formats f = page.f();
        Optional<JobEntry> entry = services.jobs().job(run.job());
        ZoneId zone = entry.map(JobEntry::definition).map(d -> d.spec().zone()).orElse(ZoneId.systemDefault());
        String currency = entry.map(JobEntry::definition).map(d -> d.spec().currency()).orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.id());
        m.put("job", run.job());
        m.put("jobHref", "/jobs/" + Ui.url(run.job()));
        m.put("client", entry.map(DashboardPage::client).orElse(run.job()));
        m.put("number", run.number());
        m.put("period", f.period(run.period()));
        m.put("status", Ui.status(run.status(), t));
        boolean live = !run.status().finished();
        m.put("live", live);
        m.put("finished", !live);
        m.put("abortHref", "/runs/" + run.id() + "/abort");
        m.put("mayAbort", live && page.may("POST", "/runs/" + run.id() + "/abort"));
        m.put("messages", run.messages());
        m.put("trigger", t.get("trigger." + run.trigger().name()));
        m.put("rerun", run.rerun());
        m.put("queuedAt", f.time(run.queuedAt(), zone));
        m.put("startedAt", run.startedAt() == null ? null : f.time(run.startedAt(), zone));
        m.put("duration", run.durationMs() == null ? null : f.duration(run.durationMs()));
        m.put("zone", zone.getId());
        List<Map<String, Object>> kpis = new ArrayList<>();
        HeadlineLabels labels = new HeadlineLabels(services, t.locale());
        List<Headline> described = services.store().headlines(List.of(run.job())).getOrDefault(run.job(), List.of());
        for (Map.Entry<String, Double> kpi : run.kpis().entrySet()) {
            if (kpi.getKey().equals(RunStore.REJECTED_SHARE)) {
                continue;
            }
            Headline h = described.stream().filter(d -> d.id().equals(kpi.getKey())).findFirst()
                    .orElse(new Headline(kpi.getKey(), 0, null, null, null, null, null));
            kpis.add(Map.of("label", labels.title(h), "value", f.value(kpi.getValue(), h.unit(), currency)));
        }
        if (run.rejectedShare() != null) {
            kpis.add(Map.of("label", t.get("kpi.rejectedShare"), "value", f.rejectedShare(run.rejectedShare())));
        }
        m.put("kpis", kpis);
        String log = services.queue().log(run.id(), 0);
        m.put("log", log);
        m.put("liveHref", "/runs/" + run.id() + "/live?offset=" + log.length());
        String base = "/runs/" + run.id() + "/artifacts/";
        m.put("pdf", run.artifacts().contains("report.pdf") ? base + "report.pdf" : null);
        m.put("pdfDownload", base + "report.pdf?download=1");
        m.put("metrics", run.artifacts().contains("metrics.json") ? base + "metrics.json" : null);
        m.put("runLog", run.artifacts().contains("run.log") ? base + "run.log" : null);
        m.put("noArtifacts", run.artifacts().isEmpty() && !live);
        findings(m);
        deliveries(m, zone, live);
        return page.keep("run", t.get("run.title", m.get("client"), run.number(), f.period(run.period())),
                "dashboard", live ? 3 : 0, m, List.of(), null);
    }

    /** What was delivered of this run: each report and notice, its state and why it failed. */
    private void deliveries(Map<String, Object> m, ZoneId zone, boolean live) {
        m.put("hasDelivery", deliveries != null);
        if (deliveries == null) {
            return;
        }
        Texts t = page.t();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (io.klarsyn.api.delivery.DeliveryRecord d : deliveries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", d.target());
            row.put("channel", d.channel());
            row.put("kind", t.get("delivery.kind." + d.kind().name()));
            row.put("round", d.round() == 0 ? "" : t.get("delivery.resend", d.round()));
            row.put("state", t.get("delivery.state." + d.state().name()));
            row.put("stateCode", d.state().name());
            row.put("attempts", d.attempts());
            row.put("when", d.sentAt() != null ? page.f().time(d.sentAt(), zone)
                    : d.nextAttemptAt() != null ? t.get("delivery.next", page.f().time(d.nextAttemptAt(), zone)) : "");
            row.put("error", d.error() == null ? "" : d.error());
            rows.add(row);
        }
        m.put("deliveries", rows);
        m.put("noDeliveries", rows.isEmpty());
        m.put("canResend", !live && run.artifacts().contains("report.pdf")
                && (run.status() == io.klarsyn.api.server.RunState.SUCCESS
                        || run.status() == io.klarsyn.api.server.RunState.UNSTABLE)
                && page.may("POST", "/runs/" + run.id() + "/deliveries"));
        m.put("resendHref", "/runs/" + run.id() + "/deliveries");
    }

    private void findings(Map<String, Object> m) {
        Optional<Path> file = services.store().artifact(run.id(), "metrics.json");
        if (file.isEmpty()) {
            return;
        }
        JsonNode files;
        try {
            files = JSON.readTree(file.get().toFile()).path("dataQuality").path("files");
        } catch (IOException e) {
            m.put("findingsProblem", page.t().get("run.findingsUnreadable", String.valueOf(e.getMessage())));
            return;
        }
        String fileFilter = page.request().param("file");
        String reasonFilter = page.request().param("reason");
        String kindFilter = page.request().param("kind");
        TreeSet<String> fileNames = new TreeSet<>();
        TreeSet<String> reasons = new TreeSet<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode q = e.getValue();
            fileNames.add(name);
            summary.add(Map.of("file", name, "read", page.f().integer(q.path("read").asLong()),
                    "accepted", page.f().integer(q.path("accepted").asLong()),
                    "rejected", page.f().integer(q.path("rejected").asLong())));
            for (JsonNode finding : q.path("findings")) {
                total++;
                String reason = finding.path("reason").asText();
                boolean rejected = finding.path("rejected").asBoolean(true);
                reasons.add(reason);
                if (fileFilter != null && !fileFilter.equals(name) || reasonFilter != null && !reasonFilter.equals(reason)
                        || kindFilter != null && !kindFilter.equals(rejected ? "rejected" : "warning")) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("file", name);
                row.put("line", finding.path("line").isNumber() && finding.path("line").asLong() > 0 ? finding.path("line").asText() : "");
                row.put("column", finding.path("column").isNull() || finding.path("column").isMissingNode() ? ""
                        : finding.path("column").asText());
                row.put("reason", reason);
                row.put("detail", finding.path("detail").asText(""));
                row.put("rejected", rejected);
                row.put("kind", page.t().get(rejected ? "findings.rejected" : "findings.warning"));
                rows.add(row);
            }
        }
        m.put("quality", summary);
        m.put("hasQuality", !summary.isEmpty());
        m.put("findings", rows);
        m.put("findingsTotal", total);
        m.put("findingsShown", rows.size());
        m.put("hasFindings", total > 0);
        m.put("fileOptions", options(fileNames, fileFilter));
        m.put("reasonOptions", options(reasons, reasonFilter));
        m.put("kindRejected", "rejected".equals(kindFilter));
        m.put("kindWarning", "warning".equals(kindFilter));
        m.put("findingsHref", "/runs/" + run.id());
    }

    private static List<Map<String, Object>> options(TreeSet<String> values, String selected) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String v : values) {
            out.add(Map.of("value", v, "selected", v.equals(selected)));
        }
        return out;
    }
}
