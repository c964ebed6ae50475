package io.bedside.app.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A limit far above what is in use does not flatten the chart; one near it is drawn to scale. */
class SvgChartTest {
    private static SvgChart arrays(double limitBefore, double limitAfter) {
        return new SvgChart("ipc.sem.arrays", "Semaphore arrays", "arrays")
                .add(new SvgChart.Series("in use", "#1f6fb2", List.of(new double[]{0, 120}, new double[]{10, 128}, new double[]{20, 2})))
                .add(new SvgChart.Series("SEMMNI", "#777", List.of(new double[]{0, limitBefore}, new double[]{10, limitAfter},
                        new double[]{20, limitAfter}), 3, true));
    }

    @Test
    void aLimitFarAboveTheUseRunsAlongTheTopAndSaysHowHigh() {
        SvgChart c = arrays(32000, 128);
        assertTrue(c.valueAxisMax() < 1000, "the axis follows the arrays in use and the limit near them: " + c.valueAxisMax());
        String svg = c.svg("none");
        assertTrue(svg.contains("SEMMNI (up to 32000, above the chart)"), "the legend says where the limit went");
        assertFalse(svg.contains("in use (up to"), "the line in use is on the chart");
    }

    @Test
    void aLimitNearTheUseSetsTheAxis() {
        SvgChart c = arrays(256, 256);
        assertTrue(c.valueAxisMax() >= 256, "the limit is drawn: " + c.valueAxisMax());
        assertFalse(c.svg("none").contains("above the chart"));
    }

    @Test
    void nothingInUseStillDrawsTheLimit() {
        SvgChart c = new SvgChart("ipc.msg.queues", "Message queues", "queues")
                .add(new SvgChart.Series("in use", "#1f6fb2", List.of(new double[]{0, 0}, new double[]{10, 0})))
                .add(new SvgChart.Series("MSGMNI", "#777", List.of(new double[]{0, 32000}, new double[]{10, 32000}), 2, true));
        assertTrue(c.valueAxisMax() >= 32000, "with nothing in use the limit sets the axis: " + c.valueAxisMax());
    }

    @Test
    void aFixedMaximumStillHoldsForPercentages() {
        SvgChart c = new SvgChart("memory.pressure", "PSI", "%").max(10)
                .add(new SvgChart.Series("some", "#e67e22", List.of(new double[]{0, 2}, new double[]{10, 3})));
        assertEquals(10, c.valueAxisMax());
    }
}
