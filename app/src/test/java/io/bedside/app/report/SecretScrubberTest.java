package io.bedside.app.report;

import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's own pass over command lines, for recordings made before the probe masked them. */
class SecretScrubberTest {

    @Test
    void masksValuesAndKeepsNames() {
        assertEquals("app --password=*** --user=alice", SecretScrubber.scrub("app --password=S3cret --user=alice"));
        assertEquals("java -Dspring.datasource.password=*** -jar x.jar",
                SecretScrubber.scrub("java -Dspring.datasource.password=hunter2 -jar x.jar"));
        assertEquals("cli --token *** next", SecretScrubber.scrub("cli --token abc123 next"));
        assertEquals("psql postgres://app:***@db:5432/x", SecretScrubber.scrub("psql postgres://app:pw0rd@db:5432/x"));
        assertEquals("mysql -u root -p*** shop", SecretScrubber.scrub("mysql -u root -pS3cret shop"));
        assertEquals("GITHUB_TOKEN=*** API_KEY=***", SecretScrubber.scrub("GITHUB_TOKEN=ghp_x API_KEY=k"));
    }

    @Test
    void leavesOrdinaryTextAlone() {
        for (String s : List.of("nginx -c /etc/nginx.conf --key-file=/etc/x.pem", "ssh -p 22 host",
                "--tokenizer=bpe --max-tokens 512", "ipcrm -s 5 # key 0x00000000, uid 0", "--password=*** already masked",
                "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null)")) {
            assertEquals(s, SecretScrubber.scrub(s), s);
        }
    }

    @Test
    void aRecordingWithSecretsInCommandLinesGivesAReportWithout(@TempDir Path dir) throws Exception {
        // an old recording: a process table whose command lines the probe did not mask yet
        String out = "@@bedside:probe version=1\n"
                + "@@bedside:section procs-mem ok /proc/PID/{stat,status,oom_score,oom_score_adj,cgroup,cmdline}\n"
                + "pid\tstate\tppid\tuid\tstart\trss_kb\tswap_kb\toom_score\toom_score_adj\tcgroup\tsd_cgroup\tcomm\tcmdline\n"
                + "4242\tS\t1\t0\t100\t2048\t0\t5\t0\tv2:/system.slice/x.service\t-\tworker\t"
                + "worker --db-password=Tr0ub4dor --api-key Zx9QmW https://svc:Pa55w0rd@queue.internal/v1\n"
                + "@@bedside:end\n";
        Recording rec = new Recording("db-07", Instant.parse("2026-11-23T10:00:00Z"), "old", List.of(
                new RawSample(Instant.parse("2026-11-23T10:00:01Z"), 10, out, "")));
        new ReportWriter("test", java.time.Clock.systemUTC()).write(rec, List.of(), dir, false);
        for (String f : ReportChecks.FILES) {
            String text = Files.readString(dir.resolve(f));
            for (String secret : List.of("Tr0ub4dor", "Zx9QmW", "Pa55w0rd")) {
                assertFalse(text.contains(secret), f + " holds " + secret);
            }
        }
        String json = Files.readString(dir.resolve(ReportWriter.JSON));
        assertTrue(json.contains("--db-password=***") && json.contains("--api-key ***") && json.contains("https://svc:***@"), json);
        ReportChecks.assertComplete(dir);
    }
}
