package io.bedside.app.report;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.Playbook;
import io.bedside.model.memory.OomEvent;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The report's charts, gathered one sample at a time: every playbook's {@link Chart}s from the
 * registry, the same lines from the same functions the window draws (a limit line dashed), and the
 * host's own load chart. Each line keeps a bounded number of points ({@link DownsampledSeries}).
 */
final class ReportCharts {
    /** Line colours in order; the first line of a chart (MemAvailable, "in use") is blue. */
    private static final List<String> COLORS = List.of("#1f6fb2", "#b00020", "#2e7d32", "#e67e22", "#6a1b9a", "#00838f", "#795548");
    private static final String LIMIT_COLOR = "#757575";

    /** One chart being gathered: the contract's chart and a series per line. */
    private record Gathering(Chart chart, List<DownsampledSeries> series) {
    }

    private final List<Gathering> charts = new ArrayList<>();
    private final DownsampledSeries load1 = new DownsampledSeries(), cpus = new DownsampledSeries();

    ReportCharts() {
        for (Playbook p : Playbooks.all()) {
            for (Chart c : p.charts()) {
                List<DownsampledSeries> s = new ArrayList<>();
                c.lines().forEach(l -> s.add(new DownsampledSeries()));
                charts.add(new Gathering(c, s));
            }
        }
    }

    /** How many charts a report shows: every playbook's, and the host's load. */
    static int count() {
        return Playbooks.all().stream().mapToInt(p -> p.charts().size()).sum() + 1;
    }

    void add(Sample s) {
        if (s.sampledAt() == null) {
            return;
        }
        double t = s.sampledAt().toEpochMilli() / 1000.0;
        for (Gathering g : charts) {
            List<OptionalDouble> values = g.chart().values(s);
            for (int i = 0; i < values.size(); i++) {
                OptionalDouble v = values.get(i);
                if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
                    g.series().get(i).add(t, v.getAsDouble());
                }
            }
        }
        s.load().get().ifPresent(l -> load1.add(t, l.load1()));
        s.facts().get().ifPresent(f -> f.cpusOnline().ifPresent(c -> cpus.add(t, c)));
    }

    List<SvgChart> build(List<OomEvent> kills, List<ReportModel.FixView> fixes) {
        List<SvgChart.Marker> marks = new ArrayList<>();
        for (OomEvent k : kills) {
            k.time().ifPresent(t -> marks.add(new SvgChart.Marker(t.toEpochMilli() / 1000.0, "OOM kill " + k.comm() + " (" + k.pid() + ")", "#b00020")));
        }
        for (ReportModel.FixView f : fixes) {
            marks.add(new SvgChart.Marker(f.fix().startedAt().toEpochMilli() / 1000.0, "fix " + f.fix().fixId(), "#2e7d32"));
        }
        List<SvgChart> out = new ArrayList<>();
        for (Gathering g : charts) {
            Chart c = g.chart();
            SvgChart svg = new SvgChart(c.id(), c.title(), c.unit());
            int colour = 0;
            for (int i = 0; i < c.lines().size(); i++) {
                Chart.Line l = c.lines().get(i);
                String color = l.limit() ? LIMIT_COLOR : COLORS.get(colour++ % COLORS.size());
                svg.add(new SvgChart.Series(l.name(), color, g.series().get(i), l.limit()));
            }
            out.add(svg.mark(marks));
        }
        out.add(new SvgChart("host.load", "Load average, 1 minute", "runnable tasks")
                .add(new SvgChart.Series("load1", "#6a1b9a", load1))
                .add(new SvgChart.Series("CPUs", LIMIT_COLOR, cpus, true)).mark(marks));
        return out;
    }
}
