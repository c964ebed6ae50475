package io.bedside.model.cpu;

import io.bedside.model.probe.ProbeFragment;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the probe's own cgroup walk (the find and awk of probe-cpu.sh, with the probe's bs_encawk)
 * over a cgroup tree in a folder, as it runs over /sys/fs/cgroup on a host.
 */
final class CgroupWalk {
    private CgroupWalk() {
    }

    static String awk() {
        String cpu = ProbeFragment.beside(CpuSnapshot.class, "probe-cpu.sh").script();
        String host = ProbeFragment.HOST.script();
        return between(host, "bs_encawk='", "\n'\n") + "\n" + between(cpu, "bs_cpuawk='", "\n}'\n") + "\n}";
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
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "set -- ${1:+\"$1\"} ${2:+\"$2\"}; find \"$@\" \\( -name cpu.cfs_quota_us -o -name cpu.max \\) -type f"
                        + " -exec awk -v bs_m=@@bedside:T: -v v1=\"$V1\" -v v2=\"$V2\" -v acct=\"$ACCT\" \"$PROG\" {} +",
                "walk", v1, v2);
        pb.environment().put("V1", v1);
        pb.environment().put("V2", v2);
        pb.environment().put("ACCT", acct);
        pb.environment().put("PROG", awk());
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out.lines().toList();
    }
}
