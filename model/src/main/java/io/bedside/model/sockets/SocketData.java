package io.bedside.model.sockets;

import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.bedside.model.sample.SampleData.map;
import static io.bedside.model.sample.SampleData.reading;
import static io.bedside.model.sample.SampleData.value;

/**
 * The playbook's parsed part of a sample as plain data, for {@code snapshot --json}: TCP and UDP
 * socket counts per state (the kernel's names: {@code CLOSE_WAIT}, {@code LISTEN}), per process
 * holding them and per local port; the pipes whose writers are blocked, with who holds their
 * ends; every process's fd table and limit, and every thread, where the probe read them.
 */
final class SocketData {
    private SocketData() {
    }

    static Map<String, Object> of(Sample sample) {
        SocketSnapshot s = SocketSnapshot.of(sample);
        Map<String, Object> out = map();
        out.put("probe_uid", value(s.probeUid()));
        out.put("tcp", reading(s.tcp(), t -> sockets(s, t)));
        out.put("udp", reading(s.udp(), t -> sockets(s, t)));
        if (s.threads() instanceof Reading.Absent<ThreadTable> a) {
            out.put("blocked_pipes", SampleData.absence(a));
        } else {
            Map<String, Object> m = map();
            m.put("status", "ok");
            List<Object> rows = new ArrayList<>();
            s.blockedPipes().forEach(b -> rows.add(blocked(b)));
            m.put("pipes", rows);
            out.put("blocked_pipes", m);
        }
        out.put("fds", reading(s.fds(), SocketData::fds));
        out.put("threads", reading(s.threads(), SocketData::threads));
        return out;
    }

    private static <T extends InetSocket> Map<String, Object> sockets(SocketSnapshot snap, SocketTable<T> t) {
        Map<String, Object> m = map();
        m.put("sources", t.sources());
        m.put("total", t.sockets().size());
        Map<String, Object> states = map();
        t.counts().forEach((st, n) -> states.put(st.kernelName(), n));
        m.put("states", states);
        Map<Integer, Map<String, Integer>> byPort = new TreeMap<>();
        Map<Integer, Map<String, Integer>> byPid = new TreeMap<>();
        Map<Integer, String> comms = new LinkedHashMap<>();
        Map<String, Integer> unheld = new LinkedHashMap<>();
        for (T s : t.sockets()) {
            String st = s.state().kernelName();
            if (s.local().port().isPresent()) {
                byPort.computeIfAbsent(s.local().port().getAsInt(), k -> new LinkedHashMap<>()).merge(st, 1, Integer::sum);
            }
            List<SocketOwner> holders = snap.holders(s);
            if (holders.isEmpty()) {
                unheld.merge(st, 1, Integer::sum);
            }
            // a process holding one socket on several fds counts it once
            holders.stream().map(SocketOwner::pid).distinct().forEach(pid ->
                    byPid.computeIfAbsent(pid, k -> new LinkedHashMap<>()).merge(st, 1, Integer::sum));
            holders.forEach(h -> comms.putIfAbsent(h.pid(), h.name()));
        }
        List<Object> ports = new ArrayList<>(byPort.size());
        byPort.forEach((port, c) -> {
            Map<String, Object> p = map();
            p.put("port", port);
            p.put("states", c);
            ports.add(p);
        });
        m.put("by_port", ports);
        List<Object> procs = new ArrayList<>(byPid.size());
        byPid.forEach((pid, c) -> {
            Map<String, Object> p = map();
            p.put("pid", pid);
            p.put("comm", comms.get(pid));
            p.put("states", c);
            procs.add(p);
        });
        m.put("by_process", procs);
        m.put("unheld", unheld);
        return m;
    }

    private static Map<String, Object> blocked(BlockedPipe b) {
        Map<String, Object> m = map();
        m.put("pid", b.pid());
        m.put("comm", b.comm());
        m.put("starttime", value(b.startTime()));
        m.put("fd", value(b.fd()));
        m.put("fd_from", b.fdFrom());
        m.put("pipe", b.pipe().map(SocketData::pipe).orElse(null));
        m.put("tids", b.threads().stream().map(ThreadInfo::tid).toList());
        m.put("wchan", b.threads().isEmpty() ? null : b.threads().get(0).wchan().orElse(null));
        m.put("readers", b.ends().map(e -> ends(e.readers())).orElse(null));
        m.put("writers", b.ends().map(e -> ends(e.writers())).orElse(null));
        m.put("ends_complete", b.ends().map(PipeEnds::complete).orElse(null));
        return m;
    }

    private static Map<String, Object> pipe(PipeId p) {
        Map<String, Object> m = map();
        m.put("kind", p.kind());
        m.put("inode", p instanceof PipeId.Anonymous a ? a.inode() : null);
        m.put("path", p instanceof PipeId.Fifo f ? f.path() : null);
        return m;
    }

    private static List<Object> ends(List<PipeEnd> ends) {
        List<Object> out = new ArrayList<>(ends.size());
        for (PipeEnd e : ends) {
            Map<String, Object> m = map();
            m.put("pid", e.pid());
            m.put("comm", e.comm());
            m.put("fd", e.fd());
            m.put("state", e.state().map(String::valueOf).orElse(null));
            m.put("wchan", value(e.wchan()));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> fds(ProcessFdTable t) {
        Map<String, Object> m = map();
        m.put("exited", t.exited());
        List<Object> procs = new ArrayList<>(t.processes().size());
        for (ProcessFds p : t.processes().values()) {
            Map<String, Object> o = map();
            o.put("pid", p.pid());
            o.put("starttime", value(p.startTime()));
            o.put("comm", p.comm());
            o.put("nofile_soft", value(p.nofileSoft()));
            o.put("nofile_hard", value(p.nofileHard()));
            o.put("fd_count", value(p.fdCount()));
            // compact: [fd, access (r, w, rw, -), type (p s f d c b ?), target as the kernel printed it]
            List<Object> fds = new ArrayList<>(p.fds().size());
            for (Fd f : p.fds()) {
                fds.add(List.of(f.fd(), f.access(), String.valueOf(f.type()), f.target().text()));
            }
            o.put("fds", fds);
            procs.add(o);
        }
        m.put("processes", procs);
        return m;
    }

    private static Map<String, Object> threads(ThreadTable t) {
        Map<String, Object> m = map();
        List<Object> rows = new ArrayList<>(t.threads().size());
        for (ThreadInfo th : t.threads()) {
            // compact: [pid, tid, state, wchan or null, syscall number or null, name]
            List<Object> row = new ArrayList<>(6);
            row.add(th.pid());
            row.add(th.tid());
            row.add(String.valueOf(th.state()));
            row.add(value(th.wchan()));
            row.add(th.syscall().map(ThreadInfo.Syscall::number).orElse(null));
            row.add(th.name());
            rows.add(row);
        }
        m.put("threads", rows);
        return m;
    }
}
