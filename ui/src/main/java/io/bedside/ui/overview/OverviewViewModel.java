package io.bedside.ui.overview;

import io.bedside.model.text.HostText;
import io.bedside.model.host.HostFacts;
import io.bedside.model.host.LoadAverage;
import io.bedside.model.host.MemInfo;
import io.bedside.model.host.Pressure;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.Units;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * State of the overview: host facts, load, memory and memory pressure of the sample shown, and
 * three charts over the last 15 minutes. Every value is text ready to show; a source the host
 * did not give is a sentence saying why (the {@code *Absence} properties), never a zero.
 *
 * <p>Charts keep a fixed window: points older than {@link #WINDOW} before the newest one are
 * dropped, and never more than {@link #MAX_POINTS} per series.
 */
public final class OverviewViewModel implements io.bedside.ui.fx.TimeCharts.Clock {
    /** How far back the charts reach. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** The most points a series keeps: the session's own history. */
    public static final int MAX_POINTS = SamplingSession.HISTORY;
    /** The narrowest time axis, so the first two samples already draw a line. */
    static final Duration MIN_SPAN = Duration.ofSeconds(10);
    static final String NOT_REPORTED = "not reported";
    static final String PSI_MISSING =
            "Memory pressure (PSI) not present on this host — needs kernel 4.20+ with PSI enabled";
    private static final long[] TICK_UNITS_S = {5, 10, 15, 30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200, 21_600};
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final ReadOnlyBooleanWrapper hasSample = new ReadOnlyBooleanWrapper(this, "hasSample", false);
    private final ReadOnlyStringWrapper sampleTime = text("sampleTime");

    private final ReadOnlyStringWrapper factsAbsence = text("factsAbsence");
    private final ReadOnlyStringWrapper hostname = text("hostname");
    private final ReadOnlyStringWrapper distribution = text("distribution");
    private final ReadOnlyStringWrapper kernel = text("kernel");
    private final ReadOnlyStringWrapper machine = text("machine");
    private final ReadOnlyStringWrapper cpus = text("cpus");
    private final ReadOnlyStringWrapper uptime = text("uptime");
    private final ReadOnlyStringWrapper bootTime = text("bootTime");
    private final ReadOnlyStringWrapper timeZone = text("timeZone");
    private final ReadOnlyStringWrapper user = text("user");

    private final ReadOnlyStringWrapper loadAbsence = text("loadAbsence");
    private final ReadOnlyStringWrapper load1 = text("load1");
    private final ReadOnlyStringWrapper load5 = text("load5");
    private final ReadOnlyStringWrapper load15 = text("load15");
    private final ReadOnlyStringWrapper tasks = text("tasks");

    private final ReadOnlyStringWrapper memoryAbsence = text("memoryAbsence");
    private final ReadOnlyStringWrapper memTotal = text("memTotal");
    private final ReadOnlyStringWrapper memAvailable = text("memAvailable");
    private final ReadOnlyStringWrapper swap = text("swap");
    private final ReadOnlyStringWrapper committed = text("committed");
    private final ReadOnlyStringWrapper commitLimit = text("commitLimit");

    private final ReadOnlyStringWrapper pressureAbsence = text("pressureAbsence");
    private final ReadOnlyStringWrapper someAvg10 = text("someAvg10");
    private final ReadOnlyStringWrapper someAvg60 = text("someAvg60");
    private final ReadOnlyStringWrapper someAvg300 = text("someAvg300");
    private final ReadOnlyStringWrapper fullAvg10 = text("fullAvg10");
    private final ReadOnlyStringWrapper fullAvg60 = text("fullAvg60");
    private final ReadOnlyStringWrapper fullAvg300 = text("fullAvg300");

    private final XYChart.Series<Number, Number> load1Series = series("1 min");
    private final XYChart.Series<Number, Number> load5Series = series("5 min");
    private final XYChart.Series<Number, Number> load15Series = series("15 min");
    private final XYChart.Series<Number, Number> memAvailableSeries = series("MemAvailable (MiB)");
    private final XYChart.Series<Number, Number> swapUsedSeries = series("Swap used (MiB)");
    private final XYChart.Series<Number, Number> psiSomeSeries = series("some avg10 (%)");
    private final XYChart.Series<Number, Number> psiFullSeries = series("full avg10 (%)");
    private final List<XYChart.Series<Number, Number>> allSeries = List.of(load1Series, load5Series, load15Series,
            memAvailableSeries, swapUsedSeries, psiSomeSeries, psiFullSeries);

    private final ReadOnlyStringWrapper loadChartAbsence = text("loadChartAbsence");
    private final ReadOnlyStringWrapper memoryChartAbsence = text("memoryChartAbsence");
    private final ReadOnlyStringWrapper pressureChartAbsence = text("pressureChartAbsence");
    private final ReadOnlyDoubleWrapper windowStart = new ReadOnlyDoubleWrapper(this, "windowStart", 0);
    private final ReadOnlyDoubleWrapper windowEnd = new ReadOnlyDoubleWrapper(this, "windowEnd", MIN_SPAN.toMillis());
    private final ReadOnlyDoubleWrapper tickUnit = new ReadOnlyDoubleWrapper(this, "tickUnit", 10_000);
    private final ReadOnlyDoubleWrapper pressureAxisMax = new ReadOnlyDoubleWrapper(this, "pressureAxisMax", 1);
    private final ReadOnlyBooleanWrapper fewPoints = new ReadOnlyBooleanWrapper(this, "fewPoints", true);
    private final ReadOnlyObjectWrapper<ZoneId> zone = new ReadOnlyObjectWrapper<>(this, "zone", ZoneId.systemDefault());
    private final ReadOnlyStringWrapper timeAxisLabel = text("timeAxisLabel");

    private Instant lastShown;

    public OverviewViewModel() {
        timeAxisLabel.set(axisLabel(zone.get()));
    }

    /** Shows a new sample and appends it to the charts; older or repeated samples are ignored. */
    public void accept(Sample s) {
        FxThread.assertFxThread();
        if (lastShown != null && !s.sampledAt().isAfter(lastShown)) {
            return;
        }
        showValues(s);
        append(s);
        trim();
        updateWindow();
    }

    /**
     * Shows the last of {@code samples} and charts all of them that fall in the window: for the
     * first sample after connecting and for a replay's time slider.
     */
    public void showHistory(List<Sample> samples) {
        FxThread.assertFxThread();
        for (XYChart.Series<Number, Number> s : allSeries) {
            s.getData().clear();
        }
        lastShown = null;
        if (samples.isEmpty()) {
            clear();
            return;
        }
        Sample last = samples.get(samples.size() - 1);
        showValues(last);
        Instant from = last.sampledAt().minus(WINDOW);
        List<Sample> inWindow = samples.stream().filter(s -> !s.sampledAt().isBefore(from)).toList();
        if (inWindow.size() > MAX_POINTS) {
            inWindow = inWindow.subList(inWindow.size() - MAX_POINTS, inWindow.size());
        }
        List<List<XYChart.Data<Number, Number>>> points = new ArrayList<>();
        for (int i = 0; i < allSeries.size(); i++) {
            points.add(new ArrayList<>());
        }
        for (Sample s : inWindow) {
            List<Optional<Double>> ys = yValues(s);
            for (int i = 0; i < allSeries.size(); i++) {
                final int idx = i;
                ys.get(i).ifPresent(y -> points.get(idx).add(new XYChart.Data<>(s.sampledAt().toEpochMilli(), y)));
            }
        }
        for (int i = 0; i < allSeries.size(); i++) {
            allSeries.get(i).getData().setAll(points.get(i));
        }
        lastShown = last.sampledAt();
        updateWindow();
    }

    /** Forgets everything: nothing is connected. */
    public void clear() {
        FxThread.assertFxThread();
        for (XYChart.Series<Number, Number> s : allSeries) {
            s.getData().clear();
        }
        lastShown = null;
        hasSample.set(false);
        sampleTime.set("");
        for (ReadOnlyStringWrapper w : List.of(factsAbsence, loadAbsence, memoryAbsence, pressureAbsence,
                loadChartAbsence, memoryChartAbsence, pressureChartAbsence)) {
            w.set("");
        }
        updateWindow();
    }

    private void showValues(Sample s) {
        hasSample.set(true);
        s.facts().get().flatMap(HostZone::of).ifPresent(z -> {
            zone.set(z);
            timeAxisLabel.set(axisLabel(z));
        });
        sampleTime.set(DATE_TIME.format(s.sampledAt().atZone(zone.get())) + " " + zoneShort(zone.get(), s.sampledAt()));
        showFacts(s.facts());
        showLoad(s.load());
        showMemory(s.memory());
        showPressure(s.memoryPressure());
    }

    private void showFacts(Reading<HostFacts> r) {
        factsAbsence.set(absence("Host facts", r));
        HostFacts f = r.get().orElse(null);
        if (f == null) {
            for (ReadOnlyStringWrapper w : List.of(hostname, distribution, kernel, machine, cpus, uptime, bootTime, timeZone, user)) {
                w.set("");
            }
            return;
        }
        // the host's own words, shown with control, bidi and invalid bytes as visible escapes
        hostname.set(HostText.window(f.hostname()));
        distribution.set(f.distribution().map(HostText::window).orElse(NOT_REPORTED + " (no /etc/os-release)"));
        kernel.set(HostText.window(f.kernel()));
        machine.set(f.machine().filter(m -> !m.isBlank()).map(HostText::window).orElse(NOT_REPORTED));
        cpus.set(f.cpusOnline().isPresent() ? f.cpusOnline().getAsInt() + " online" : NOT_REPORTED);
        uptime.set(f.uptimeSeconds().map(u -> Units.duration(Duration.ofMillis((long) (u * 1000)))).orElse(NOT_REPORTED));
        bootTime.set(f.bootTime().map(b -> DATE_TIME.format(b.atZone(zone.get())) + " " + zoneShort(zone.get(), b))
                .orElse(NOT_REPORTED));
        String tz = f.timezoneName().orElse("");
        String abbr = f.timezone().orElse("");
        timeZone.set(tz.isEmpty() && abbr.isEmpty() ? NOT_REPORTED
                : tz.isEmpty() ? abbr : abbr.isEmpty() ? tz : tz + " (" + abbr + ")");
        user.set(f.user().map(HostText::window).orElse(NOT_REPORTED) + (f.uid().isPresent() ? " (uid " + f.uid().getAsInt() + ")" : ""));
    }

    private void showLoad(Reading<LoadAverage> r) {
        loadAbsence.set(absence("Load average", r));
        loadChartAbsence.set(loadAbsence.get());
        LoadAverage l = r.get().orElse(null);
        load1.set(l == null ? "" : Units.fixed(l.load1(), 2));
        load5.set(l == null ? "" : Units.fixed(l.load5(), 2));
        load15.set(l == null ? "" : Units.fixed(l.load15(), 2));
        tasks.set(l == null ? "" : l.runnable() + " of " + l.total() + " tasks");
    }

    private void showMemory(Reading<MemInfo> r) {
        memoryAbsence.set(absence("Memory (/proc/meminfo)", r));
        MemInfo m = r.get().orElse(null);
        if (m == null) {
            memoryChartAbsence.set(memoryAbsence.get());
            for (ReadOnlyStringWrapper w : List.of(memTotal, memAvailable, swap, committed, commitLimit)) {
                w.set("");
            }
            return;
        }
        OptionalLong total = m.memTotalKb();
        OptionalLong avail = m.memAvailableKb();
        memTotal.set(total.isPresent() ? Units.kib(total.getAsLong()) : NOT_REPORTED);
        memAvailable.set(avail.isPresent()
                ? Units.kib(avail.getAsLong()) + share(avail.getAsLong(), total)
                : "not reported by this kernel (before 3.14)");
        OptionalLong swapTotal = m.swapTotalKb();
        OptionalLong swapUsed = m.swapUsedKb();
        if (swapTotal.isPresent() && swapTotal.getAsLong() == 0) {
            swap.set("none configured");
        } else if (swapUsed.isPresent()) {
            swap.set(Units.kib(swapUsed.getAsLong()) + " of " + Units.kib(swapTotal.getAsLong())
                    + share(swapUsed.getAsLong(), swapTotal));
        } else {
            swap.set(NOT_REPORTED);
        }
        OptionalLong c = m.committedKb();
        OptionalLong limit = m.commitLimitKb();
        committed.set(c.isPresent() ? Units.kib(c.getAsLong()) + share(c.getAsLong(), limit, "of CommitLimit") : NOT_REPORTED);
        commitLimit.set(limit.isPresent() ? Units.kib(limit.getAsLong()) : NOT_REPORTED);
        memoryChartAbsence.set(avail.isPresent() ? "" : "MemAvailable is not reported by this kernel (it appeared in 3.14)");
    }

    private void showPressure(Reading<Pressure> r) {
        if (r instanceof Reading.Absent<Pressure> a) {
            String why = a.status() == SourceStatus.MISSING ? PSI_MISSING : "Memory pressure (PSI): " + r.describeAbsence();
            pressureAbsence.set(why);
            pressureChartAbsence.set(why);
            for (ReadOnlyStringWrapper w : List.of(someAvg10, someAvg60, someAvg300, fullAvg10, fullAvg60, fullAvg300)) {
                w.set("");
            }
            return;
        }
        Pressure p = r.get().orElseThrow();
        pressureAbsence.set("");
        pressureChartAbsence.set("");
        someAvg10.set(pct(p.some().avg10()));
        someAvg60.set(pct(p.some().avg60()));
        someAvg300.set(pct(p.some().avg300()));
        fullAvg10.set(p.full().map(f -> pct(f.avg10())).orElse(NOT_REPORTED));
        fullAvg60.set(p.full().map(f -> pct(f.avg60())).orElse(""));
        fullAvg300.set(p.full().map(f -> pct(f.avg300())).orElse(""));
    }

    private void append(Sample s) {
        List<Optional<Double>> ys = yValues(s);
        long x = s.sampledAt().toEpochMilli();
        for (int i = 0; i < allSeries.size(); i++) {
            final int idx = i;
            ys.get(i).ifPresent(y -> allSeries.get(idx).getData().add(new XYChart.Data<>(x, y)));
        }
        lastShown = s.sampledAt();
    }

    /** The chart values of a sample, in the order of {@link #allSeries}; empty where the host gave none. */
    private static List<Optional<Double>> yValues(Sample s) {
        Optional<LoadAverage> l = s.load().get();
        Optional<MemInfo> m = s.memory().get();
        Optional<Pressure> p = s.memoryPressure().get();
        Function<OptionalLong, Optional<Double>> mib = v -> v.isPresent() ? Optional.of(v.getAsLong() / 1024.0) : Optional.empty();
        return List.of(
                l.map(LoadAverage::load1),
                l.map(LoadAverage::load5),
                l.map(LoadAverage::load15),
                m.flatMap(x -> mib.apply(x.memAvailableKb())),
                m.flatMap(x -> mib.apply(x.swapUsedKb())),
                p.map(x -> x.some().avg10()),
                p.flatMap(Pressure::full).map(Pressure.Stall::avg10));
    }

    private void trim() {
        if (lastShown == null) {
            return;
        }
        long oldest = lastShown.minus(WINDOW).toEpochMilli();
        for (XYChart.Series<Number, Number> s : allSeries) {
            ObservableList<XYChart.Data<Number, Number>> d = s.getData();
            int drop = 0;
            while (drop < d.size() && (d.size() - drop > MAX_POINTS || d.get(drop).getXValue().longValue() < oldest)) {
                drop++;
            }
            if (drop > 0) {
                d.remove(0, drop);
            }
        }
    }

    private void updateWindow() {
        long end = lastShown == null ? System.currentTimeMillis() : lastShown.toEpochMilli();
        long start = end;
        int most = 0;
        for (XYChart.Series<Number, Number> s : allSeries) {
            if (!s.getData().isEmpty()) {
                start = Math.min(start, s.getData().get(0).getXValue().longValue());
            }
            most = Math.max(most, s.getData().size());
        }
        start = Math.min(start, end - MIN_SPAN.toMillis());
        long span = (end - start) / 1000;
        long unit = TICK_UNITS_S[TICK_UNITS_S.length - 1];
        for (long u : TICK_UNITS_S) {
            if (span / u <= 6) {
                unit = u;
                break;
            }
        }
        // start on a whole tick, so the labels read 15:48:00, 15:48:30 ... rather than odd seconds
        long unitMillis = unit * 1000;
        windowStart.set(Math.floorDiv(start, unitMillis) * unitMillis);
        windowEnd.set(end);
        tickUnit.set(unitMillis);
        fewPoints.set(most < 3);
        double highest = 0;
        for (XYChart.Series<Number, Number> s : List.of(psiSomeSeries, psiFullSeries)) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                highest = Math.max(highest, d.getYValue().doubleValue());
            }
        }
        pressureAxisMax.set(niceCeiling(highest));
    }

    /** The top of the pressure axis: at least 1 %, then 2, 5, 10, 20, 50, 100 %. */
    static double niceCeiling(double v) {
        for (double c : new double[] {1, 2, 5, 10, 20, 50}) {
            if (v <= c * 0.9) {
                return c;
            }
        }
        return 100;
    }

    /**
     * A tick label on the time axis: the time of day on the host's clock face. The axis always
     * ticks its upper end too; off the tick grid that label would crowd its neighbour, so it is blank.
     */
    public String formatTime(Number epochMillis) {
        long ms = epochMillis.longValue();
        long unit = (long) tickUnit.get();
        if (unit > 0 && ms % unit != 0 && ms == (long) windowEnd.get() && ms - (long) windowStart.get() > unit) {
            return "";
        }
        return HMS.format(Instant.ofEpochMilli(ms).atZone(zone.get()));
    }

    private static String pct(double v) {
        return Units.fixed(v, 2) + " %";
    }

    private static String share(long part, OptionalLong whole) {
        return share(part, whole, "");
    }

    private static String share(long part, OptionalLong whole, String of) {
        if (whole.isEmpty() || whole.getAsLong() <= 0) {
            return "";
        }
        return " (" + Units.percent((double) part / whole.getAsLong()) + (of.isEmpty() ? "" : " " + of) + ")";
    }

    private static String absence(String what, Reading<?> r) {
        return r.isPresent() ? "" : what + ": " + r.describeAbsence();
    }

    private static String axisLabel(ZoneId z) {
        return "Time on the host (" + z.getId() + ")";
    }

    private static String zoneShort(ZoneId z, Instant at) {
        String s = z.getDisplayName(TextStyle.SHORT, Locale.ROOT);
        return s.equals(z.getId()) && z.getRules().isFixedOffset() ? "UTC" + z.getRules().getOffset(at).getId().replace("Z", "") : s;
    }

    private ReadOnlyStringWrapper text(String name) {
        return new ReadOnlyStringWrapper(this, name, "");
    }

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    // read-only views

    public ReadOnlyBooleanProperty hasSampleProperty() { return hasSample.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sampleTimeProperty() { return sampleTime.getReadOnlyProperty(); }
    public ReadOnlyStringProperty factsAbsenceProperty() { return factsAbsence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty hostnameProperty() { return hostname.getReadOnlyProperty(); }
    public ReadOnlyStringProperty distributionProperty() { return distribution.getReadOnlyProperty(); }
    public ReadOnlyStringProperty kernelProperty() { return kernel.getReadOnlyProperty(); }
    public ReadOnlyStringProperty machineProperty() { return machine.getReadOnlyProperty(); }
    public ReadOnlyStringProperty cpusProperty() { return cpus.getReadOnlyProperty(); }
    public ReadOnlyStringProperty uptimeProperty() { return uptime.getReadOnlyProperty(); }
    public ReadOnlyStringProperty bootTimeProperty() { return bootTime.getReadOnlyProperty(); }
    public ReadOnlyStringProperty timeZoneProperty() { return timeZone.getReadOnlyProperty(); }
    public ReadOnlyStringProperty userProperty() { return user.getReadOnlyProperty(); }
    public ReadOnlyStringProperty loadAbsenceProperty() { return loadAbsence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty load1Property() { return load1.getReadOnlyProperty(); }
    public ReadOnlyStringProperty load5Property() { return load5.getReadOnlyProperty(); }
    public ReadOnlyStringProperty load15Property() { return load15.getReadOnlyProperty(); }
    public ReadOnlyStringProperty tasksProperty() { return tasks.getReadOnlyProperty(); }
    public ReadOnlyStringProperty memoryAbsenceProperty() { return memoryAbsence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty memTotalProperty() { return memTotal.getReadOnlyProperty(); }
    public ReadOnlyStringProperty memAvailableProperty() { return memAvailable.getReadOnlyProperty(); }
    public ReadOnlyStringProperty swapProperty() { return swap.getReadOnlyProperty(); }
    public ReadOnlyStringProperty committedProperty() { return committed.getReadOnlyProperty(); }
    public ReadOnlyStringProperty commitLimitProperty() { return commitLimit.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty pressureAxisMaxProperty() { return pressureAxisMax.getReadOnlyProperty(); }
    public ReadOnlyStringProperty pressureAbsenceProperty() { return pressureAbsence.getReadOnlyProperty(); }
    /** PSI "some" line, avg10: share of time at least one task stalled on memory. */
    public ReadOnlyStringProperty someAvg10Property() { return someAvg10.getReadOnlyProperty(); }
    public ReadOnlyStringProperty someAvg60Property() { return someAvg60.getReadOnlyProperty(); }
    public ReadOnlyStringProperty someAvg300Property() { return someAvg300.getReadOnlyProperty(); }
    /** PSI "full" line, avg10: share of time all non-idle tasks stalled on memory at once. */
    public ReadOnlyStringProperty fullAvg10Property() { return fullAvg10.getReadOnlyProperty(); }
    public ReadOnlyStringProperty fullAvg60Property() { return fullAvg60.getReadOnlyProperty(); }
    public ReadOnlyStringProperty fullAvg300Property() { return fullAvg300.getReadOnlyProperty(); }
    public ReadOnlyStringProperty loadChartAbsenceProperty() { return loadChartAbsence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty memoryChartAbsenceProperty() { return memoryChartAbsence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty pressureChartAbsenceProperty() { return pressureChartAbsence.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty windowStartProperty() { return windowStart.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty windowEndProperty() { return windowEnd.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty tickUnitProperty() { return tickUnit.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty fewPointsProperty() { return fewPoints.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ZoneId> zoneProperty() { return zone.getReadOnlyProperty(); }
    public ReadOnlyStringProperty timeAxisLabelProperty() { return timeAxisLabel.getReadOnlyProperty(); }
    @Override
    public ReadOnlyStringProperty axisLabelProperty() { return timeAxisLabelProperty(); }

    /** The series the view puts into its charts; views read them, only this class changes them. */
    public List<XYChart.Series<Number, Number>> loadSeries() { return List.of(load1Series, load5Series, load15Series); }
    public List<XYChart.Series<Number, Number>> memorySeries() { return List.of(memAvailableSeries, swapUsedSeries); }
    public List<XYChart.Series<Number, Number>> pressureSeries() { return List.of(psiSomeSeries, psiFullSeries); }
}
