package io.bedside.ui.sockets;

import io.bedside.model.sample.Sample;

import io.bedside.model.sockets.SocketFixPlans;
import io.bedside.model.sockets.SocketRules;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.support.FxTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.bedside.ui.support.Fixtures.hostSample;
import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sockets area's state, fed the probe captured in the lab's CLOSE_WAIT drill (seed 004,
 * fixtures/sockets, copied from model's fixtures and described in its README): python3 pid 5025
 * on 127.0.0.1:33747 with 133 CLOSE_WAIT, ten workers blocked writing to fd 2, pipe:[726930],
 * whose read end bedside-reader pid 5027 holds and never reads. No Stage.
 */
class SocketsViewModelTest {
    static final String T0 = "sockets/probe-lab-closewait-pipe-root-t0.txt";
    static final String T1 = "sockets/probe-lab-closewait-pipe-root-t1.txt";
    static final String USER = "sockets/probe-lab-closewait-pipe-user.txt";

    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    private static SocketsViewModel vm(String... fixtures) {
        SocketsViewModel vm = new SocketsViewModel(new CurrentThreadTaskRunner());
        onFx(() -> {
            for (String f : fixtures) {
                vm.accept(hostSample(f));
            }
        });
        return vm;
    }

    /**
     * A full sample taken while the area was not showing counted the TCP table on the host and
     * carried the list (issue 16): the area shows that older list and says how old it is.
     */
    @Test
    void aListCarriedPastAFullSampleSaysItsTime() {
        Sample full = hostSample(T0);
        SocketsViewModel vm = vm();
        onFx(() -> vm.accept(full));
        assertFalse(onFx(() -> vm.timesNoteProperty().get()).contains("Table as of"), "the list is this sample's own");
        // the next full sample, 30 s later: ss-tcp skipped (carried), the hot states and the counts read
        String text = io.bedside.ui.support.Fixtures.text(T1);
        int at = text.indexOf("@@bedside:section ss-tcp ok");
        int end = text.indexOf("@@bedside:section ss-udp");
        String hot = text.substring(at, end).lines().filter(l -> l.startsWith("@@") || l.startsWith("CLOSE-WAIT") || l.startsWith("LISTEN"))
                .map(l -> l.startsWith("@@") ? "@@bedside:section ss-tcp-hot ok ss -tane state close-wait state listening state syn-recv" : l)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        String counted = text.substring(0, at) + "@@bedside:section ss-tcp skipped list not asked for, counted on the host\n" + hot
                + "@@bedside:section ss-tcp-counts ok ss -tan\nstate ESTAB 4\nstate CLOSE-WAIT 133\n# sockets=137 tuples=0 range=32768-60999\n"
                + text.substring(end);
        Sample next = io.bedside.model.playbooks.Playbooks.parser().parse("lab", full.sampledAt().plusSeconds(30), counted, 40, full);
        assertTrue(io.bedside.model.sockets.SocketSnapshot.of(next).counts().isPresent(), next.problems().toString());
        onFx(() -> vm.accept(next));
        String note = onFx(() -> vm.timesNoteProperty().get());
        // on the host's clock, whose zone the note names first
        java.time.ZoneId zone = java.time.ZoneId.of(note.substring(note.indexOf('(') + 1, note.indexOf(')')));
        String then = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").format(next.output().carried().get("ss-tcp").atZone(zone));
        assertTrue(note.contains("Table as of " + then), note);
    }

    @Test
    void socketsAreGroupedByProcessWithTheirCloseWaitAndRecvQ() {
        SocketsViewModel vm = vm(T0);
        List<SocketGroupRow> rows = onFx(() -> List.copyOf(vm.allGroups()));
        SocketGroupRow top = rows.get(0);
        assertEquals(5025, top.pid(), rows.toString());
        assertEquals("python3", top.name());
        assertEquals(133, top.closeWait());
        assertEquals(33_097, top.recvQ());
        assertTrue(top.total() > top.closeWait(), "the listener is held too: " + top);
        assertTrue(top.ports().contains("33747"), top.ports());
        assertTrue(onFx(() -> vm.countProperty().get()).contains("133 CLOSE_WAIT"), onFx(() -> vm.countProperty().get()));
        assertEquals("", onFx(() -> vm.absenceProperty().get()));

        // grouped by local port, the server's port carries the pile
        onFx(() -> vm.byPortProperty().set(true));
        SocketGroupRow port = onFx(() -> vm.allGroups().get(0));
        assertEquals("33747", port.key());
        assertEquals(133, port.closeWait());
        assertEquals("python3", port.name());
        assertEquals("pid 5025", port.ports());
        onFx(() -> vm.byPortProperty().set(false));
        assertEquals(5025, onFx(() -> vm.allGroups().get(0).pid()));
    }

    @Test
    void theChainRunsFromTheSocketsToTheReaderThatDoesNotRead() {
        SocketsViewModel vm = vm(T0);
        List<PipeChain> chains = onFx(() -> List.copyOf(vm.chains()));
        PipeChain c = chains.stream().filter(x -> x.pid() == 5025).findFirst().orElseThrow(() -> new AssertionError(chains.toString()));
        List<PipeChain.Kind> kinds = c.links().stream().map(PipeChain.Link::kind).toList();
        assertEquals(List.of(PipeChain.Kind.SOCKETS, PipeChain.Kind.PROCESS, PipeChain.Kind.THREADS, PipeChain.Kind.FD,
                PipeChain.Kind.PIPE, PipeChain.Kind.READER, PipeChain.Kind.UNKNOWN), kinds, c.text());
        // pid 1 is outside the lab's sandbox, its fds unreadable even as root: the chain says there may be more readers
        assertEquals("133 CLOSE_WAIT sockets -> python3 pid 5025 -> 10 threads blocked writing in anon_pipe_write"
                + " -> fd 2 stderr -> pipe:[726930] anonymous pipe -> reader bedside-reader pid 5027, fd 3, state S, in hrtimer_nanosleep"
                + " -> maybe more readers 1 process's fds could not be read (needs root)",
                c.text());

        FindingItem blocked = onFx(() -> vm.findings().stream().filter(f -> f.id().equals(SocketRules.BLOCKED_ON_PIPE))
                .findFirst().orElseThrow());
        assertEquals(Map.of("pid", "5025", "fd", "2"), blocked.paramsFor(SocketFixPlans.PIPE_DRAIN));
        assertEquals("5025", blocked.paramsFor(SocketFixPlans.SIGNAL).get("pid"));
        assertTrue(onFx(() -> vm.findings().stream().anyMatch(f -> f.id().equals(SocketRules.CLOSEWAIT_PILEUP))));
    }

    @Test
    void theDrillDownShowsThreadsFdsPipesAndWhereStderrGoes() {
        SocketsViewModel vm = vm(T0);
        // the process of the chain is drilled into at once
        ProcessDetail d = onFx(() -> vm.detailProperty().get());
        assertNotNull(d);
        assertEquals(5025, d.pid());
        assertEquals("python3 (pid 5025)", d.title());
        assertEquals("", d.fdsAbsence());
        long blocked = d.threads().stream().filter(t -> t.wchan().equals("anon_pipe_write")).count();
        assertEquals(10, blocked, d.threads().toString());
        assertTrue(d.threads().stream().anyMatch(t -> t.name().startsWith("CP Server Th")), d.threads().toString());
        assertTrue(d.fds().stream().anyMatch(f -> f.fd() == 2 && f.target().equals("pipe:[726930]")), d.fds().toString());
        ProcessDetail.PipeRow p = d.pipes().stream().filter(x -> x.fd() == 2).findFirst().orElseThrow();
        assertEquals("w", p.access());
        assertTrue(p.otherEnd().startsWith("read by bedside-reader (pid 5027, fd 3, state S"), p.otherEnd());
        assertTrue(d.stderr().startsWith("pipe:[726930] -> read by bedside-reader (pid 5027"), d.stderr());
        assertFalse(d.stdout().isEmpty());

        // another process, selected in the table
        onFx(() -> vm.selectedPidProperty().set(5027));
        assertEquals("bedside-reader (pid 5027)", onFx(() -> vm.detailProperty().get().title()));
        assertTrue(onFx(() -> vm.detailProperty().get().pipes().stream().anyMatch(x -> x.otherEnd().contains("python3 (pid 5025"))));
    }

    @Test
    void theChartCountsEachStateAndTheSecondSampleShowsThePileGrowing() {
        SocketsViewModel vm = vm(T0, T1);
        var cw = onFx(() -> List.copyOf(vm.charts().series(1).getData()));
        assertEquals(2, cw.size());
        assertEquals(133, cw.get(0).getYValue().intValue());
        assertEquals(205, cw.get(1).getYValue().intValue());
        assertEquals(205, onFx(() -> vm.allGroups().get(0).closeWait()));
    }

    @Test
    void withoutRootTheHoldersAndWchansSayWhyTheyAreUnknown() {
        SocketsViewModel vm = vm(USER);
        String note = onFx(() -> vm.ownerNoteProperty().get());
        assertTrue(note.contains("need root"), note);
        SocketGroupRow unknown = onFx(() -> vm.allGroups().stream().filter(r -> r.pid() < 0).findFirst().orElseThrow());
        assertEquals("process not seen (needs root)", unknown.name());
        assertTrue(unknown.closeWait() >= 133, unknown.toString());
        assertTrue(onFx(() -> vm.chains().isEmpty()), "no thread's wchan can be seen, so no chain is drawn");
        onFx(() -> vm.selectedPidProperty().set(5025));
        ProcessDetail d = onFx(() -> vm.detailProperty().get());
        assertTrue(d.fdsAbsence().contains("need root"), d.fdsAbsence());
        assertTrue(d.fds().isEmpty());
        assertTrue(d.threads().stream().allMatch(t -> t.wchan().equals("unknown: needs root")), d.threads().toString());
        assertTrue(d.stderr().startsWith("unknown:"), d.stderr());
    }

    @Test
    void growthPerMinuteAndFirstSeenComeFromTheSessionsSamples() {
        // one sample: growth unknown (blank, never 0), first seen now
        SocketsViewModel one = vm(T0);
        SocketGroupRow r0 = onFx(() -> one.allGroups().get(0));
        assertEquals(5025, r0.pid());
        assertTrue(r0.growthPerMin().isEmpty(), r0.toString());
        assertEquals("", r0.growthText());
        assertEquals("0 s", r0.firstSeenText());

        // t0 and t1, 3 min 47 s apart: (205 - 133) / (227 s / 60) per minute
        SocketsViewModel vm = vm(T0, T1);
        SocketGroupRow p = onFx(() -> vm.allGroups().stream().filter(x -> x.pid() == 5025).findFirst().orElseThrow());
        assertEquals(205, p.closeWait());
        double seconds = java.time.Duration.between(hostSample(T0).sampledAt(), hostSample(T1).sampledAt()).toMillis() / 1000.0;
        assertEquals(227, Math.round(seconds));
        assertEquals((205 - 133) / (seconds / 60), p.growthPerMin().orElseThrow(), 1e-9);
        assertEquals(19.0, p.growthPerMin().orElseThrow(), 0.05);
        assertEquals("+19.0/min", p.growthText());
        assertEquals("3 min 47 s", p.firstSeenText());

        // the same by local port
        onFx(() -> vm.byPortProperty().set(true));
        SocketGroupRow port = onFx(() -> vm.allGroups().stream().filter(x -> x.key().equals("33747")).findFirst().orElseThrow());
        assertEquals(19.0, port.growthPerMin().orElseThrow(), 0.05);
        assertEquals("3 min 47 s", port.firstSeenText());

        // replayed as a history on attach: the same figures
        SocketsViewModel replayed = new SocketsViewModel(new CurrentThreadTaskRunner());
        onFx(() -> replayed.showHistory(List.of(hostSample(T0), hostSample(T1))));
        SocketGroupRow h = onFx(() -> replayed.allGroups().get(0));
        assertEquals("+19.0/min", h.growthText());
        assertEquals("3 min 47 s", h.firstSeenText());
    }
}
