package io.klarsyn.render.pdf.internal;

import io.klarsyn.api.report.ReportModel;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.report.ReportRenderer;
import org.osgi.service.component.annotations.Component;

/** The monthly PDF: cover, executive summary, one section per metric, data-quality and methodology appendices. */
@Component(service = ReportRenderer.class)
@Plugin(id = "pdf", title = "PDF report")
public class PdfReportRenderer implements ReportRenderer {

    @Override
    public String format() {
        return "application/pdf";
    }

    @Override
    public String fileName() {
        return "report.pdf";
    }

    @Override
    public byte[] render(ReportModel model) throws Exception {
        return new Page(model, Views.standard()).render();
    }
}
