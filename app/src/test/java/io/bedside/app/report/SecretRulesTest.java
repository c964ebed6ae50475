package io.bedside.app.report;

import io.bedside.app.ProbeScript;
import io.bedside.model.probe.ProbeScriptAssembly;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** secret-rules.txt stays in the part of regular expressions that every awk and Java read alike. */
class SecretRulesTest {
    private static final Pattern KINDS = Pattern.compile(
            "value|attached|user-colon|user-percent|user-comma|argument|stop|operand=[0-9]+");

    @Test
    void everyPatternIsInTheCommonSubsetAndEveryKindIsKnown() {
        List<String> lines = ProbeScriptAssembly.ruleLines(ProbeScript.secretRules());
        assertTrue(lines.size() > 20, "rules: " + lines.size());
        for (String line : lines) {
            String[] f = line.split(" +");
            String re = f[1];
            assertFalse(re.contains("\\") || re.contains("{") || re.contains("[:") || re.contains("'"),
                    "not in the common subset (no backslash, {m,n}, [:class:], quote): " + line);
            if (f[0].equals("program")) {
                assertEquals(4, f.length, line);
                assertTrue(KINDS.matcher(f[3]).matches(), "unknown kind: " + line);
                assertTrue(f[2].startsWith("-") || f[3].equals("value"), "an option starts with -: " + line);
            }
        }
        SecretRules.parse(ProbeScript.secretRules());
    }

    @Test
    void rulesThatNameNoSecretAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SecretRules.parse("# nothing\nheader ^cookie$\n"));
        assertThrows(IllegalArgumentException.class, () -> SecretRules.parse("name pass\nfrobnicate x\n"));
    }

    @Test
    void theAssembledProbeCarriesTheRulesAsOneShellWord() {
        String probe = ProbeScript.text();
        assertFalse(probe.contains(ProbeScriptAssembly.PLACEHOLDER));
        assertTrue(probe.contains("bs_secret_rules='name "), "the rules are in place");
        assertThrows(IllegalArgumentException.class, () -> ProbeScriptAssembly.assemble("echo no placeholder", "name x"));
        assertEquals("x='name it'\\''s'", ProbeScriptAssembly.assemble("x=" + ProbeScriptAssembly.PLACEHOLDER, "# c\nname it's\n"));
    }
}
