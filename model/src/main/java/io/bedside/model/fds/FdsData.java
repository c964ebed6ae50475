package io.bedside.model.fds;

import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bedside.model.sample.SampleData.map;
import static io.bedside.model.sample.SampleData.reading;
import static io.bedside.model.sample.SampleData.value;

/**
 * The playbook's part of a sample as plain data: the system's table ({@code file_nr}, {@code free},
 * {@code file_max}, {@code nr_open}) and the processes that use the most of their open-files limit
 * (at most {@value #TOP}), each with its fds by kind. The full fd table is the socket part's.
 */
final class FdsData {
    static final int TOP = 20;

    private FdsData() {
    }

    static Map<String, Object> of(Sample sample) {
        Map<String, Object> out = map();
        out.put("file_table", reading(FdsSnapshot.of(sample).table(), t -> {
            Map<String, Object> m = map();
            m.put("file_nr", t.allocated());
            m.put("free", t.free());
            m.put("file_max", t.max());
            m.put("nr_open", value(t.nrOpen()));
            return m;
        }));
        out.put("processes", reading(SocketSnapshot.of(sample).fds(), t -> {
            Map<String, Object> m = map();
            List<Object> rows = new ArrayList<>();
            for (ProcessFds p : FdsPlaybook.byUse(sample).stream().limit(TOP).toList()) {
                Map<String, Object> r = map();
                r.put("pid", p.pid());
                r.put("comm", p.comm());
                r.put("start", value(p.startTime()));
                r.put("fds", p.fdCount().getAsInt());
                r.put("soft_limit", p.nofileSoft().getAsLong());
                r.put("hard_limit", value(p.nofileHard()));
                r.put("kinds", new java.util.TreeMap<>(FdKinds.count(p)));
                rows.add(r);
            }
            m.put("top", rows);
            return m;
        }));
        return out;
    }
}
