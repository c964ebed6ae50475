package io.bedside.model.playbooks;

import io.bedside.model.findings.Playbook;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.probe.ProbeScriptAssembly;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe is assembled from the playbooks' fragments: one script, each section printed by one fragment. */
class ProbeAssemblyTest {
    /** A section opened by a marker line, or by the sec and big helpers (comment lines left out). */
    private static final Pattern SECTION = Pattern.compile("(?m)^(?!\\s*#).*?(?:\\}section |^\\s*(?:sec|big) )([a-z0-9-]+) ");

    @Test
    void hostFirstEndLastSharedSourcesOnce() {
        String script = Playbooks.probeSource();
        assertTrue(script.startsWith(ProbeFragment.HOST.script()), "the header and the host's sources come first");
        assertTrue(script.endsWith(ProbeFragment.END.script()), "the end line comes last");
        assertEquals(1, count(script, ProbeFragment.FDS.script()), "the fd walk runs once");
        assertEquals(1, count(script, ProbeFragment.THREADS.script()), "the thread walk runs once");
        assertEquals(1, count(script, ProbeScriptAssembly.PLACEHOLDER), "the secret rules go in once");
        assertTrue(script.indexOf("section pids-alive ") < script.indexOf("section procs-mem "),
                "registry order: IPC, then memory");
        assertTrue(script.indexOf("section ss-tcp ") < script.indexOf("section proc-fds "), "sockets before the fds that own them");
    }

    /** Every section the script prints comes from one fragment: two playbooks cannot both print one name. */
    @Test
    void noSectionIsPrintedByTwoFragments() {
        List<ProbeFragment> all = new ArrayList<>(List.of(ProbeFragment.HOST, ProbeFragment.END));
        for (Playbook p : Playbooks.all()) {
            for (ProbeFragment f : p.fragments()) {
                if (all.stream().noneMatch(a -> a.name().equals(f.name()))) {
                    all.add(f);
                }
            }
        }
        java.util.Map<String, String> owner = new java.util.HashMap<>();
        for (ProbeFragment f : all) {
            Matcher m = SECTION.matcher(f.script());
            java.util.Set<String> mine = new java.util.HashSet<>();
            while (m.find()) {
                mine.add(m.group(1));
            }
            for (String section : mine) {
                String had = owner.put(section, f.name());
                assertTrue(had == null, "section " + section + " is printed by " + had + " and " + f.name());
            }
        }
        assertTrue(owner.keySet().containsAll(List.of("meminfo", "sysvipc-sem", "procs-mem", "ss-tcp", "proc-fds", "proc-threads")),
                owner.keySet().toString());
    }

    @Test
    void aFragmentThatIsNotThereIsOneSentence() {
        String m = assertThrows(IllegalStateException.class, () -> ProbeFragment.beside(Playbooks.class, "no-such.sh")).getMessage();
        assertEquals("The probe fragment io/bedside/model/playbooks/no-such.sh is missing from the build.", m);
    }

    @Test
    void twoDifferentFragmentsOfOneNameAreRefused() {
        var a = new ProbeFragment("x/probe-a.sh", "echo a\n");
        var b = new ProbeFragment("x/probe-a.sh", "echo b\n");
        assertThrows(IllegalArgumentException.class, () -> ProbeFragment.assemble(List.of(a, b)));
        assertEquals(ProbeFragment.assemble(List.of(a)), ProbeFragment.assemble(List.of(a, a)), "the same fragment twice is kept once");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
