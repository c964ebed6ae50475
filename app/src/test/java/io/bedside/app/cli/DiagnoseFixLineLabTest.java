package io.bedside.app.cli;

import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code diagnose} prints, under a finding whose fix has parameters, the {@code bedside fix} line
 * to paste; pasted (with the same ssh options), it plans the fix for exactly the objects the rule
 * found. Real sshd, real ipcmk in the lab host's own IPC namespace.
 */
@WithLab
class DiagnoseFixLineLabTest {
    private final LabCli cli = new LabCli();

    @Test
    void theFixLineDiagnosePrintsPlansTheOrphansItFound(Lab lab) {
        String cfg = lab.sshConfig().toString();
        List<String> made = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Matcher m = Pattern.compile("Semaphore id: (\\d+)").matcher(lab.exec("ipcmk -S 1"));
                assertTrue(m.find());
                made.add(m.group(1));
            }
            cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo");
            String out = cli.out();
            Matcher line = Pattern.compile("(?m)^      fix: bedside fix (\\S+) ipc\\.sem\\.remove-orphans semid=([0-9,]+)$").matcher(out);
            assertTrue(line.find(), out);
            assertEquals(lab.alias(), line.group(1));
            List<String> offered = Arrays.asList(line.group(2).split(","));
            assertTrue(offered.containsAll(made), offered + " holds " + made);

            // pasted as printed: the plan removes those arrays and no other
            int status = cli.run("fix", "-F", cfg, lab.alias(), "ipc.sem.remove-orphans", "semid=" + line.group(2), "--sudo", "--dry-run");
            assertEquals(0, status, cli.both());
            for (String id : offered) {
                assertTrue(cli.out().contains("ipcrm -s " + id + " "), cli.out());
            }
            assertTrue(cli.out().contains("Remove " + offered.size() + " semaphore array"), cli.out());
        } finally {
            made.forEach(id -> lab.exec("ipcrm -s " + id + " 2>/dev/null || true"));
        }
    }
}
