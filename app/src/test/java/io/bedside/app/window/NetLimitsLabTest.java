package io.bedside.app.window;

import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.port.Prompter;
import io.bedside.model.sample.Sample;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The network limits playbook's incidents staged for real in a lab host with a network namespace
 * of its own (a jump lab's tgt, reached through edge and mid): a client that used up a narrowed
 * local port range, a server that stopped calling accept(), and a conntrack table filled to 93% of
 * the machine's nf_conntrack_max in that namespace alone. Diagnosed over a live session,
 * fixed through {@code bedside fix} (dry run, then for real), rolled back through the window's
 * fix port (this package's). The machine's own sysctls are checked unchanged.
 */
@WithLab(jump = true)
class NetLimitsLabTest {
    private final LabCli cli = new LabCli();

    private static String stage(Lab lab, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(lab.script().getParent().resolve("incidents/net-limits.sh").toString(),
                Long.toString(lab.jumpHost("tgt").nsPid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), text);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /** Stages the conntrack incident; skips (or fails with BEDSIDE_LAB=required) when the script says a prerequisite is missing. */
    private static String stageConntrack(Lab lab) throws Exception {
        Process p = new ProcessBuilder(lab.script().getParent().resolve("incidents/net-limits.sh").toString(),
                Long.toString(lab.jumpHost("tgt").nsPid()), "conntrack").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), text);
        if (p.exitValue() == 4) {
            String reason = "the conntrack incident cannot be staged here: " + text.strip();
            if ("required".equalsIgnoreCase(System.getenv("BEDSIDE_LAB"))) {
                fail(reason + " (BEDSIDE_LAB=required)");
            }
            Assumptions.abort(reason);
        }
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /** The kernel's table-full lines since boot, as the machine's own dmesg has them (the lab shares its kernel). */
    private static long tableFullLinesOnTheMachine() throws Exception {
        Process p = new ProcessBuilder("dmesg").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return text.lines().filter(l -> l.contains("conntrack: table full, dropping packet")).count();
    }

    private static String machine(String path) throws Exception {
        try (var in = Files.newInputStream(Path.of(path))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private record Live(SamplingSession session, BlockingQueue<Sample> samples) implements AutoCloseable {
        static Live open(Lab lab) {
            SshOptions o = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                    List.of(), Optional.empty(), Map.of());
            SamplingSession s = Sources.system(o).session(lab.jumpHost("tgt").alias(), Prompter.REFUSE_ALL);
            BlockingQueue<Sample> q = new LinkedBlockingQueue<>();
            s.addListener(new SessionListener() {
                @Override
                public void onSample(Sample sample) {
                    q.add(sample);
                }

                @Override
                public void onStatus(SessionStatus status) {
                }
            });
            s.setPrivileged(true);
            s.start();
            return new Live(s, q);
        }

        Sample next() throws InterruptedException {
            samples.clear();
            Sample s = samples.poll(60, TimeUnit.SECONDS);
            assertNotNull(s, "a sample arrived");
            return s;
        }

        List<Finding> diagnose(Sample latest) {
            return new Diagnosis(Playbooks.allRules()).run(latest, session.history());
        }

        @Override
        public void close() {
            session.close();
        }
    }

    private static Finding finding(List<Finding> fs, String id) {
        return fs.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " not in " + fs));
    }

    @Test
    void aClientThatUsedUpTheNarrowedPortRangeIsFoundAndTheRangeWidened(Lab lab) throws Exception {
        String machineRange = machine("/proc/sys/net/ipv4/ip_local_port_range");
        String machineTwReuse = machine("/proc/sys/net/ipv4/tcp_tw_reuse");
        String made = stage(lab, "ports");
        try (Live live = Live.open(lab)) {
            Matcher m = Pattern.compile("server (\\S+):7000 range 32768-32799\\s+client connections (\\d+) errno EADDRNOTAVAIL").matcher(made);
            assertTrue(m.find(), made);
            String addr = m.group(1);
            assertEquals("32", m.group(2), "every port of the range, then EADDRNOTAVAIL");
            Sample s = live.next();
            Finding f = finding(live.diagnose(s), "net.ports.exhausted");
            assertEquals(Severity.CRITICAL, f.severity());
            Subject sub = f.subjects().get(0);
            assertEquals(addr, sub.get("local"));
            assertEquals(addr + ":7000", sub.get("remote"));
            assertEquals(32, sub.get("in_use"));
            assertEquals("32768-32799", sub.get("range"));
            assertTrue((int) sub.get("time_wait") >= 1, "the 8 closed by the client wait in TIME_WAIT: " + sub);
            Map<String, String> params = new java.util.LinkedHashMap<>(f.fixes().get(0).params());
            assertEquals(Map.of("low", "32768", "high", "32847", "tw_reuse", "keep"), params, "tcp_tw_reuse (2) offered as its own choice");
            String twBefore = lab.exec("tgt", "cat /proc/sys/net/ipv4/tcp_tw_reuse").trim();
            // the operator also chooses the separate tcp_tw_reuse step
            params.put("tw_reuse", "1");

            String cfg = lab.sshConfig().toString();
            String tgt = lab.jumpHost("tgt").alias();
            List<String> args = new ArrayList<>(List.of("fix", "-F", cfg, tgt, "net.ports.widen-range", "low=32768", "high=32847", "tw_reuse=1",
                    "--sudo"));
            args.add("--dry-run");
            assertEquals(0, cli.run(args.toArray(String[]::new)), cli.both());
            assertEquals("32768\t32799", lab.exec("tgt", "cat /proc/sys/net/ipv4/ip_local_port_range").trim(), "a dry run changes nothing");
            assertTrue(cli.out().contains("Set net.ipv4.tcp_tw_reuse = 1 (was " + twBefore + ")"), "its own step: " + cli.out());

            AppFixService fixes = new AppFixService(live.session(), Clock.systemUTC());
            FixPlan plan = fixes.plan("net.ports.widen-range", s, params);
            args.set(args.size() - 1, "--yes");
            assertEquals(0, cli.run(args.toArray(String[]::new)), cli.both());
            assertTrue(cli.out().contains("Verification: PASSED"), cli.out());
            assertEquals("32768\t32847", lab.exec("tgt", "cat /proc/sys/net/ipv4/ip_local_port_range").trim());
            assertEquals("1", lab.exec("tgt", "cat /proc/sys/net/ipv4/tcp_tw_reuse").trim());
            assertEquals(machineTwReuse, machine("/proc/sys/net/ipv4/tcp_tw_reuse"), "only the lab host's namespace changed");
            assertTrue(lab.exec("tgt", "python3 -c 'import socket; socket.create_connection((\"" + addr + "\", 7000)); print(\"connected\")'")
                    .contains("connected"), "a new connection gets a port again");
            assertEquals(machineRange, machine("/proc/sys/net/ipv4/ip_local_port_range"), "only the lab host's namespace changed");

            FixReport undo = fixes.rollback(plan, r -> { });
            assertEquals(FixReport.Verification.PASSED, undo.verification(), undo.toString());
            assertEquals("32768\t32799", lab.exec("tgt", "cat /proc/sys/net/ipv4/ip_local_port_range").trim());
            assertEquals(twBefore, lab.exec("tgt", "cat /proc/sys/net/ipv4/tcp_tw_reuse").trim(), "its own rollback");
        } finally {
            stage(lab, "--reset");
        }
        assertEquals(machineRange, machine("/proc/sys/net/ipv4/ip_local_port_range"));
        assertEquals(machineTwReuse, machine("/proc/sys/net/ipv4/tcp_tw_reuse"));
    }

    @Test
    void aServerThatStoppedCallingAcceptOverflowsItsQueue(Lab lab) throws Exception {
        String machineSomaxconn = machine("/proc/sys/net/core/somaxconn");
        String made = stage(lab, "listen", "--backlog", "8");
        try (Live live = Live.open(lab)) {
            Matcher m = Pattern.compile("server (\\S+):7001 backlog 8").matcher(made);
            assertTrue(m.find(), made);
            String addr = m.group(1);
            String before = lab.exec("tgt", "cat /proc/sys/net/core/somaxconn").trim();
            // two full samples (the TcpExt counters are read on full ones, every 10 s) and light ones between
            live.next();
            Sample s = null;
            Finding f = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (System.nanoTime() < until) {
                s = live.next();
                List<Finding> fs = live.diagnose(s);
                Optional<Finding> o = fs.stream().filter(x -> x.id().equals("net.listen.overflow")).findFirst();
                if (o.isPresent() && o.get().subjects().get(0).get("overflows_per_min") != null) {
                    f = o.get();
                    break;
                }
            }
            assertNotNull(f, "net.listen.overflow with a rate within 40 s");
            assertEquals(Severity.CRITICAL, f.severity(), f.toString());
            Subject sub = f.subjects().get(0);
            assertEquals(Subject.Kind.SOCKET, sub.kind());
            assertEquals(addr + ":7001", sub.get("local"));
            assertEquals(8L, sub.get("backlog"));
            assertTrue((long) sub.get("queued") >= 8, sub.toString());
            assertEquals("python3", sub.get("comm"), sub.toString());
            assertTrue((double) sub.get("overflows_per_min") > 0, sub.toString());

            String cfg = lab.sshConfig().toString();
            String tgt = lab.jumpHost("tgt").alias();
            String want = f.fixes().get(0).params().get("somaxconn");
            assertEquals(0, cli.run("fix", "-F", cfg, tgt, "net.listen.raise-backlog", "somaxconn=" + want, "--sudo", "--dry-run"), cli.both());
            assertEquals(before, lab.exec("tgt", "cat /proc/sys/net/core/somaxconn").trim());
            AppFixService fixes = new AppFixService(live.session(), Clock.systemUTC());
            FixPlan plan = fixes.plan("net.listen.raise-backlog", s, Map.of("somaxconn", want));
            assertTrue(String.join(" ", plan.summary()).contains(addr + ":7001 (backlog 8)"),
                    "the plan says the application's own backlog is the cap: " + plan.summary());
            FixReport done = fixes.run(plan, false, false, r -> { });
            assertEquals(FixReport.Verification.PASSED, done.verification(), done.toString());
            assertEquals(want, lab.exec("tgt", "cat /proc/sys/net/core/somaxconn").trim());
            assertEquals(machineSomaxconn, machine("/proc/sys/net/core/somaxconn"), "only the lab host's namespace changed");
            FixReport undo = fixes.rollback(plan, r -> { });
            assertEquals(FixReport.Verification.PASSED, undo.verification(), undo.toString());
            assertEquals(before, lab.exec("tgt", "cat /proc/sys/net/core/somaxconn").trim());
        } finally {
            stage(lab, "--reset");
        }
        assertEquals(machineSomaxconn, machine("/proc/sys/net/core/somaxconn"));
    }

    @Test
    void aConntrackTableFilledInTheLabsOwnNamespaceIsFoundAndTheReadOnlyLimitRefusedInOneSentence(Lab lab) throws Exception {
        String machineMax = machine("/proc/sys/net/netfilter/nf_conntrack_max").trim();
        String machineHash = machine("/sys/module/nf_conntrack/parameters/hashsize").trim();
        long machineFullLines = tableFullLinesOnTheMachine();
        String made = stageConntrack(lab);
        try (Live live = Live.open(lab)) {
            Matcher m = Pattern.compile("conntrack entries (\\d+) max (\\d+)").matcher(made);
            assertTrue(m.find(), made);
            long max = Long.parseLong(m.group(2));
            assertEquals(machineMax, m.group(2), "one nf_conntrack_max for the whole machine, never lowered");
            assertTrue(Long.parseLong(m.group(1)) >= max * 9 / 10, made);
            assertEquals(machineMax, lab.exec("tgt", "cat /proc/sys/net/netfilter/nf_conntrack_max").trim());

            // the limits come with full samples (every 10 s): wait for one
            Sample s = null;
            Finding f = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (System.nanoTime() < until && f == null) {
                s = live.next();
                f = live.diagnose(s).stream().filter(x -> x.id().equals("net.conntrack.full") && x.subjects().get(0).get("max") != null)
                        .findFirst().orElse(null);
            }
            assertNotNull(f, "net.conntrack.full with the limit within 40 s");
            assertEquals(Severity.WARNING, f.severity(), "93%: past 90%, under 98%, nothing dropped: " + f);
            Subject sub = f.subjects().get(0);
            assertEquals(Subject.Kind.LIMIT, sub.kind());
            long count = (long) sub.get("count");
            assertEquals(max, sub.get("max"));
            assertTrue(count >= max * 9 / 10 && count < max * 98 / 100, "the lab namespace's own count, not the machine's: " + sub);
            assertEquals(machineFullLines, sub.get("drops"), "the table-full lines of the kernel log since boot: " + sub);
            assertEquals(Optional.of(false), io.bedside.model.net.NetSnapshot.of(s).limits().get().orElseThrow().conntrackMaxWritable(),
                    "the probe saw nf_conntrack_max read-only in the lab host's namespace");
            String want = f.fixes().get(0).params().get("max");
            assertEquals(Long.toString(io.bedside.model.net.NetFixPlans.proposedConntrackMax(max, count)), want);

            String cfg = lab.sshConfig().toString();
            String tgt = lab.jumpHost("tgt").alias();
            assertEquals(0, cli.run("fix", "-F", cfg, tgt, "net.conntrack.raise-limit", "max=" + want, "--sudo", "--dry-run"), cli.both());
            assertTrue(cli.out().contains("read-only (mode 0444)"), "the preview says the change will be refused: " + cli.out());
            assertFalse(cli.out().contains("/sys/module/nf_conntrack/parameters/hashsize >"), "no hash size step outside the initial namespace");
            assertEquals(machineMax, lab.exec("tgt", "cat /proc/sys/net/netfilter/nf_conntrack_max").trim(), "a dry run changes nothing");

            assertEquals(2, cli.run("fix", "-F", cfg, tgt, "net.conntrack.raise-limit", "max=" + want, "--sudo", "--yes"), cli.both());
            assertTrue(cli.out().contains("The command failed with exit status 1: nf_conntrack_max is read-only in this network namespace"
                    + " (the kernel lets only the initial namespace set it): nothing was changed."), cli.out());
            assertTrue(cli.out().contains("Verification: FAILED"), cli.out());
            assertEquals(machineMax, lab.exec("tgt", "cat /proc/sys/net/netfilter/nf_conntrack_max").trim());
            assertEquals(machineMax, machine("/proc/sys/net/netfilter/nf_conntrack_max").trim(), "the machine's limit unchanged");
        } finally {
            stage(lab, "--reset");
        }
        assertEquals(machineMax, machine("/proc/sys/net/netfilter/nf_conntrack_max").trim());
        assertEquals(machineHash, machine("/sys/module/nf_conntrack/parameters/hashsize").trim());
        assertTrue(Long.parseLong(lab.exec("tgt", "cat /proc/sys/net/netfilter/nf_conntrack_count").trim()) < 1000,
                "the reset flushed the lab namespace's table");
        assertEquals("", lab.exec("tgt", "nft list table inet bedside_lab_ct 2>/dev/null; true").trim(), "its nftables table is gone");
    }
}
