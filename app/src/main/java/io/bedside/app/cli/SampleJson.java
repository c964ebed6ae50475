package io.bedside.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.app.json.FindingJson;
import io.bedside.app.json.HostJson;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Playbook;
import io.bedside.model.host.HostFacts;
import io.bedside.model.host.Pressure;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * JSON for headless commands. Field names follow the kernel's where it has them
 * ({@code hostname}, {@code MemAvailable}, {@code avg10}, {@code oom_score_adj}). A source that
 * could not be read is {@code {"status":"needs-root","detail":"..."}}, never a zero. The snapshot
 * carries every playbook's parsed part under {@code playbooks}, by playbook id; its schema is
 * docs/schema/snapshot.schema.json.
 */
public final class SampleJson {
    public static final ObjectMapper JSON = HostJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SampleJson() {
    }

    public static ObjectNode snapshot(Sample s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", s.source());
        root.put("sampledAt", s.sampledAt().toString());
        root.put("hostTime", s.hostTime().toString());
        reading(root, "host", s.facts(), SampleJson::facts);
        reading(root, "loadavg", s.load(), (o, l) -> {
            o.put("load1", l.load1()).put("load5", l.load5()).put("load15", l.load15())
                    .put("runnable", l.runnable()).put("total", l.total()).put("last_pid", l.lastPid());
        });
        reading(root, "meminfo", s.memory(), (o, m) -> new java.util.TreeMap<>(m.fieldsKb()).forEach(o::put));
        ObjectNode pressure = root.putObject("pressure");
        reading(pressure, "memory", s.memoryPressure(), SampleJson::pressure);
        ObjectNode playbooks = root.putObject("playbooks");
        for (Playbook p : Playbooks.all()) {
            playbooks.set(p.id(), JSON.valueToTree(p.data(s)));
        }
        ObjectNode probe = root.putObject("probe");
        probe.put("rtt_ms", s.stats().roundTripMillis());
        s.stats().probeNanos().ifPresent(n -> probe.put("probe_ms", n / 1e6));
        // USER_HZ ticks (10 ms): coarse, a short probe often reports 0; the benchmark measures CPU properly
        s.stats().cpuTicks().ifPresent(t -> probe.put("cpu_ticks", t));
        // what each section cost the host (the probe's cpu marks), costliest first; several
        // sections share one entry when one command printed them all
        ArrayNode costs = probe.putArray("section_cpu_ms");
        io.bedside.model.probe.SectionCost.top(s.output().costs(), Integer.MAX_VALUE)
                .forEach(c -> costs.addObject().put("sections", c.name()).put("cpu_ms", c.cpuMillis()));
        probe.put("bytes", s.stats().bytes());
        probe.put("complete", s.output().complete());
        root.set("problems", problems(s.problems()));
        return root;
    }

    public static ObjectNode diagnosis(Sample s, List<Finding> findings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("host", s.facts().get().map(HostFacts::hostname).orElse(s.source()));
        root.put("source", s.source());
        root.put("sampledAt", s.sampledAt().toString());
        ArrayNode arr = root.putArray("findings");
        findings.forEach(f -> arr.add(FindingJson.finding(f)));
        root.set("problems", problems(s.problems()));
        return root;
    }

    private static ArrayNode problems(List<ParseProblem> problems) {
        ArrayNode arr = JSON.createArrayNode();
        for (ParseProblem p : problems) {
            arr.addObject().put("source", p.source()).put("line", p.line()).put("message", p.message());
        }
        return arr;
    }

    private static void facts(ObjectNode o, HostFacts f) {
        o.put("hostname", f.hostname());
        o.put("kernel", f.kernel());
        f.machine().ifPresent(v -> o.put("machine", v));
        f.distribution().ifPresent(v -> o.put("distribution", v));
        f.cpusOnline().ifPresent(v -> o.put("cpus_online", v));
        f.timezone().ifPresent(v -> o.put("timezone", v));
        f.timezoneName().ifPresent(v -> o.put("timezone_name", v));
        f.user().ifPresent(v -> o.put("user", v));
        f.uid().ifPresent(v -> o.put("uid", v));
        f.bootTime().ifPresent(v -> o.put("btime", v.getEpochSecond()).put("boot_time", v.toString()));
        f.uptimeSeconds().ifPresent(v -> o.put("uptime", v));
    }

    private static void pressure(ObjectNode o, Pressure p) {
        stall(o.putObject("some"), p.some());
        p.full().ifPresent(f -> stall(o.putObject("full"), f));
    }

    private static void stall(ObjectNode o, Pressure.Stall s) {
        o.put("avg10", s.avg10()).put("avg60", s.avg60()).put("avg300", s.avg300()).put("total", s.totalMicros());
    }

    private static <T> void reading(ObjectNode parent, String name, Reading<T> r, BiConsumer<ObjectNode, T> fill) {
        ObjectNode o = parent.putObject(name);
        if (r instanceof Reading.Present<T> p) {
            fill.accept(o, p.value());
        } else if (r instanceof Reading.Absent<T> a) {
            o.put("status", a.status().token());
            o.put("detail", a.detail());
        }
    }
}
