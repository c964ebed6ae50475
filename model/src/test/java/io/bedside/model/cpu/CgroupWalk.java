package io.bedside.model.cpu;

import io.bedside.model.probe.ProbeFragment;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the probe's own cgroup walk (the globs, reads and awk of probe-cpu.sh, with the probe's bs_encawk)
 * over a cgroup tree in a folder, as it runs over /sys/fs/cgroup on a host.
 */
final class CgroupWalk {
    private CgroupWalk() {
    }

    /** The walk of probe-cpu.sh: its awk program, the glob walk and its call, after the probe's bs_encawk. */
    static String script() {
        String cpu = ProbeFragment.beside(CpuSnapshot.class, "probe-cpu.sh").script();
        String host = ProbeFragment.HOST.script();
        int a = cpu.indexOf("    bs_cpuawk='");
        int b = cpu.indexOf("    bs_cpuwalk\n", a);
        if (a < 0 || b < 0) {
            throw new IllegalStateException("the probe's cgroup walk moved");
        }
        return "bs_m=@@bedside:T:\nbs_encawk='" + between(host, "bs_encawk='", "\n'\n") + "\n'\n"
                + cpu.substring(a, b) + "    bs_cpuwalk\n";
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        int b = s.indexOf(to, a);
        if (a < 0 || b < 0) {
            throw new IllegalStateException("the probe no longer holds " + from);
        }
        return s.substring(a + from.length(), b);
    }

    static Path fixture(String name) {
        try {
            return Path.of(CgroupWalk.class.getResource("/fixtures/cpu/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The section's lines the walk prints for these mounts ("" for none). */
    static List<String> run(String v1, String v2, String acct) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script());
        pb.environment().put("bs_cv1", v1);
        pb.environment().put("bs_cv2", v2);
        pb.environment().put("bs_cacct", acct);
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out.lines().toList();
    }
}
