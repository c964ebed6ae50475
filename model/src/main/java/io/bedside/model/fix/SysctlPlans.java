package io.bedside.model.fix;

import io.bedside.model.fix.FixStep.Check;
import io.bedside.model.fix.FixStep.FileContent;
import io.bedside.model.fix.FixStep.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan that changes kernel parameters with {@code sysctl -w}: the old values saved as evidence,
 * each change re-checked against the value the plan was made from right before it, read back,
 * a rollback that restores the old values (re-checked against the new ones), and an optional
 * file in /etc/sysctl.d that persists them across reboots (the one it replaces kept as a backup,
 * other files that set the same keys shown first). Any playbook whose fix is a sysctl uses it.
 */
public final class SysctlPlans {
    private SysctlPlans() {
    }

    /** One sysctl to change: its sysctl value and what /proc/sys prints (kernel.sem is tab-separated). */
    public record Sysctl(String name, String oldValue, String newValue, String oldProc, String newProc) {
        public String proc() {
            return "/proc/sys/" + name.replace('.', '/');
        }

        public String write(String value) {
            return "sysctl -w " + name + "=" + ShellWords.quote(value);
        }
    }

    /**
     * @param id        the fix's id
     * @param summary   why these values, one sentence each
     * @param changes   the sysctls to set, in order
     * @param path      the /etc/sysctl.d file the optional persist step writes (one file per fix)
     * @param persisted what that file sets
     */
    public static FixPlan plan(String id, String title, List<String> summary, List<Sysctl> changes,
                               String path, Map<String, String> persisted) {
        List<FixStep> steps = new ArrayList<>();
        List<FixStep> rollback = new ArrayList<>();
        for (Sysctl c : changes) {
            steps.add(FixStep.evidence(c.name(), "Save the current " + c.name() + ".", "cat " + c.proc(), false));
        }
        for (Sysctl c : changes) {
            steps.add(FixStep.change(c.name(), "Set " + c.name() + " = " + c.newValue() + " (was " + c.oldValue() + ").",
                    c.write(c.newValue()),
                    new Check("cat " + c.proc(), c.oldProc(), c.name() + " is still " + c.oldValue() + ", the value this plan was made from"),
                    true));
            steps.add(FixStep.verify(c.name(), "Read " + c.name() + " back: the kernel took " + c.newValue() + ".",
                    "cat " + c.proc(), c.newProc()));
            rollback.add(FixStep.change(c.name(), "Restore " + c.name() + " = " + c.oldValue() + ".", c.write(c.oldValue()),
                    new Check("cat " + c.proc(), c.newProc(), c.name() + " is still " + c.newValue() + ", the value this fix set"),
                    true));
            rollback.add(FixStep.verify(c.name(), "Read " + c.name() + " back: it is " + c.oldValue() + " again.",
                    "cat " + c.proc(), c.oldProc()));
        }
        // persistence: offered, not done by default
        StringBuilder content = new StringBuilder("# Written by Bedside (" + id + "). Applied at boot by systemd-sysctl or sysctl --system.\n"
                + "# A later file (e.g. /etc/sysctl.d/99-sysctl.conf -> /etc/sysctl.conf) that sets the same key wins.\n");
        persisted.forEach((k, v) -> content.append(k).append(" = ").append(v).append('\n'));
        String keys = String.join("|", persisted.keySet().stream().map(k -> k.replace(".", "\\.")).toList());
        steps.add(new FixStep(Kind.EVIDENCE, "persist", "Show every other place that sets " + String.join(", ", persisted.keySet())
                + " at boot (a later one would override the new file).",
                "grep -rsHE '^[[:space:]]*(" + keys + ")[[:space:]]*=' /etc/sysctl.conf /etc/sysctl.d /run/sysctl.d"
                        + " /usr/local/lib/sysctl.d /usr/lib/sysctl.d /lib/sysctl.d; true",
                Optional.empty(), Optional.empty(), Optional.empty(), false, true));
        steps.add(new FixStep(Kind.CHANGE, "persist", "Persist across reboots in " + path + " (the file it replaces, if any, is kept as "
                + path + ".bedside-backup).",
                "f=" + path + "; if [ -e \"$f\" ]; then cp -p \"$f\" \"$f.bedside-backup\"; fi; printf '%s' "
                        + ShellWords.quote(content.toString()) + " > \"$f\"",
                Optional.empty(), Optional.empty(), Optional.of(new FileContent(path, content.toString())), true, true));
        steps.add(new FixStep(Kind.VERIFY, "persist", "Read " + path + " back.", "cat " + path,
                Optional.empty(), Optional.of(content.toString().stripTrailing()), Optional.empty(), false, true));
        rollback.add(new FixStep(Kind.CHANGE, "persist", "Put back what " + path + " replaced (or remove it if it was new);"
                + " only when the persist step ran.",
                "f=" + path + "; if [ -e \"$f.bedside-backup\" ]; then mv \"$f.bedside-backup\" \"$f\"; else rm -f \"$f\"; fi",
                Optional.of(new Check("cat " + path, content.toString().stripTrailing(),
                        path + " still holds what this fix wrote")),
                Optional.empty(), Optional.empty(), true, true));
        List<Change> shown = changes.stream().map(c -> new Change(c.name(), c.oldValue(), c.newValue())).toList();
        return new FixPlan(id, title, shown, summary, steps, rollback);
    }
}
