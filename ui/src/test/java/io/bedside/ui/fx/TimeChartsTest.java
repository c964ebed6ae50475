package io.bedside.ui.fx;

import io.bedside.ui.support.FxTestSupport;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's charts follow the report's rule for a limit far above what is in use. */
class TimeChartsTest {
    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    private static final TimeCharts.Clock CLOCK = new TimeCharts.Clock() {
        @Override
        public ReadOnlyDoubleProperty windowStartProperty() {
            return new SimpleDoubleProperty(0);
        }

        @Override
        public ReadOnlyDoubleProperty windowEndProperty() {
            return new SimpleDoubleProperty(60_000);
        }

        @Override
        public ReadOnlyDoubleProperty tickUnitProperty() {
            return new SimpleDoubleProperty(10_000);
        }

        @Override
        public ReadOnlyStringProperty axisLabelProperty() {
            return new SimpleStringProperty("Time on the host (UTC)");
        }

        @Override
        public ReadOnlyBooleanProperty fewPointsProperty() {
            return new SimpleBooleanProperty(false);
        }

        @Override
        public String formatTime(Number epochMillis) {
            return epochMillis.toString();
        }
    };

    private static XYChart.Series<Number, Number> series(String name, double... ys) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (int i = 0; i < ys.length; i++) {
            s.getData().add(new XYChart.Data<>(i * 1000, ys[i]));
        }
        return s;
    }

    @Test
    void aLimitFarAboveWhatIsInUseRunsAboveTheChartAndTheTitleSaysHowHigh() {
        FxThread.callAndWait(() -> {
            XYChart.Series<Number, Number> inUse = series("in use", 100, 120, 126);
            XYChart.Series<Number, Number> semmni = series("SEMMNI", 32000, 32000, 32000);
            LineChart<Number, Number> chart = TimeCharts.setUp(new LineChart<>(TimeCharts.timeAxis(CLOCK),
                            TimeCharts.valueAxis("arrays", null, 0, true)), CLOCK, "t", "Semaphore arrays",
                    List.of(inUse, semmni), List.of(false, true), null);
            NumberAxis y = (NumberAxis) chart.getYAxis();
            assertFalse(y.isAutoRanging());
            assertEquals(200, y.getUpperBound(), 1e-9, "the axis ends above the arrays in use, not at SEMMNI");
            assertEquals("SEMMNI (up to 32000, above the chart)", semmni.getName());
            assertEquals("in use", inUse.getName());

            // the lines in use climb towards the limit: it sets the axis again, and the note goes
            inUse.getData().add(new XYChart.Data<>(4000, 9000));
            assertTrue(y.isAutoRanging());
            assertEquals("SEMMNI", semmni.getName());
            return null;
        });
    }

    @Test
    void aLimitNearWhatIsInUseSetsTheAxis() {
        FxThread.callAndWait(() -> {
            LineChart<Number, Number> chart = TimeCharts.setUp(new LineChart<>(TimeCharts.timeAxis(CLOCK),
                            TimeCharts.valueAxis("arrays", null, 0, true)), CLOCK, "t", "Semaphore arrays",
                    List.of(series("in use", 120, 127), series("SEMMNI", 128, 128)), List.of(false, true), null);
            assertTrue(((NumberAxis) chart.getYAxis()).isAutoRanging());
            assertEquals("SEMMNI", chart.getData().get(1).getName());
            return null;
        });
    }
}
