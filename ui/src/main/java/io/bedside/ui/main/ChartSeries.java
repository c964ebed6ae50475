package io.bedside.ui.main;

import io.bedside.model.findings.Chart;
import javafx.scene.chart.XYChart;

import java.util.List;

/**
 * One chart of an area: the playbook's {@link Chart} and the series that draw its lines, in line
 * order (the series belong to the area's {@link io.bedside.ui.fx.TimeWindow}; only it changes them).
 */
public record ChartSeries(Chart chart, List<XYChart.Series<Number, Number>> series) {
    public ChartSeries {
        series = List.copyOf(series);
    }

    /** Whether each line is a limit the others run against (drawn dashed, without markers). */
    public List<Boolean> limits() {
        return chart.lines().stream().map(Chart.Line::limit).toList();
    }

    /** The chart's id with dots as dashes, for a node id: {@code chart-ipc-sem-arrays}. */
    public String nodeId() {
        return "chart-" + chart.id().replace('.', '-');
    }
}
