package io.bedside.app.report;

import io.bedside.app.ProbeScript;
import io.bedside.model.probe.ProbeScriptAssembly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The corpus of real command lines (secret-corpus.txt, a source beside each) through both masks
 * that share secret-rules.txt: the probe's own awk functions, cut out of the assembled probe and
 * run by mawk, BusyBox awk and gawk (whichever are installed) on the arguments of each line, and
 * the reports' SecretScrubber on the arguments joined by spaces. Both must give the expected
 * masked line, and so each other's.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecretCorpusTest {
    /** Separates the arguments of one command line for the awk (as NUL does in /proc/PID/cmdline). */
    private static final String SEP = "\u0001";

    record Entry(String source, List<String> argv, String expected) {
        String joined() {
            return String.join(" ", argv);
        }
    }

    static List<Entry> corpus() throws IOException {
        String text;
        try (InputStream in = SecretCorpusTest.class.getResourceAsStream("secret-corpus.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Entry> out = new ArrayList<>();
        String source = null;
        List<String> argv = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("@ ")) {
                source = line.substring(2);
            } else if (line.startsWith("$ ")) {
                argv = shellWords(line.substring(2));
            } else if (line.startsWith("> ")) {
                assertTrue(source != null && argv != null, "an entry without its source or command: " + line);
                String want = line.substring(2);
                out.add(new Entry(source, argv, want.equals("=") ? String.join(" ", argv) : want));
                source = null;
                argv = null;
            }
        }
        return out;
    }

    /** The words sh would make of {@code s}: '...', "..." (with \ before " \ $ `), \ outside quotes. */
    static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
                continue;
            }
            if (w == null) {
                w = new StringBuilder();
            }
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                w.append(s, i + 1, end);
                i = end;
            } else if (c == '"') {
                for (i++; s.charAt(i) != '"'; i++) {
                    if (s.charAt(i) == '\\' && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    w.append(s.charAt(i));
                }
            } else if (c == '\\') {
                w.append(s.charAt(++i));
            } else {
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }

    @Test
    void theCorpusIsLargeAndCoversTheMissesOfIssue10() throws IOException {
        List<Entry> corpus = corpus();
        long positives = corpus.stream().filter(e -> !e.expected().equals(e.joined())).count();
        assertTrue(corpus.size() >= 50 && positives >= 40, corpus.size() + " entries, " + positives + " with a secret");
        String all = String.join("\n", corpus.stream().map(Entry::joined).toList());
        for (String miss : List.of("--pw=", "ldapsearch", " -w ", "smbclient", "%", "htpasswd -b", "htpasswd -db", "plink", " -pw ",
                "Authorization: Bearer", "--auth=", "https://ghp_", "_TOKEN=", "_PASSWORD=", "_SECRET", "--tokenizer",
                "--password-file=", "--no-password")) {
            assertTrue(all.contains(miss), "the corpus has no command line with " + miss);
        }
        for (Entry e : corpus) {
            assertFalse(e.source().isBlank(), "an entry without a source: " + e.joined());
        }
    }

    @Test
    void secretScrubberMasksEveryLineOfTheCorpus() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Entry e : corpus()) {
            String got = SecretScrubber.scrub(e.joined());
            if (!got.equals(e.expected())) {
                wrong.add(e.joined() + "\n   want " + e.expected() + "\n   got  " + got);
            }
            // a second pass changes nothing: reports scrub what the probe already masked
            assertEquals(e.expected(), SecretScrubber.scrub(e.expected()), "masked twice: " + e.expected());
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theJavaMaskOnArgumentsAgreesWithTheCorpus() throws IOException {
        SecretRules rules = SecretRules.parse(ProbeScript.secretRules());
        for (Entry e : corpus()) {
            assertEquals(e.expected(), rules.maskArguments(e.argv(), false), e.joined());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mawk", "busybox", "gawk"})
    void theProbesAwkMasksEveryLineOfTheCorpus(String awk, @TempDir Path dir) throws Exception {
        Optional<Path> bin = onPath(awk);
        assumeTrue(bin.isPresent(), awk + " is not installed");
        List<Entry> corpus = corpus();
        StringBuilder input = new StringBuilder();
        for (Entry e : corpus) {
            input.append(String.join(SEP, e.argv())).append('\n');
        }
        Path in = Files.writeString(dir.resolve("in"), input);
        Path program = Files.writeString(dir.resolve("mask.awk"),
                maskingFunctions(ProbeScript.text()) + "\n{ print maskcmd($0, \"" + SEP + "\", 0) }\n");
        List<String> cmd = new ArrayList<>(List.of(bin.get().toString()));
        if (awk.equals("busybox")) {
            cmd.add("awk");
        }
        cmd.addAll(List.of("-f", program.toString(), in.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("bs_secret_rules", String.join("\n", ProbeScriptAssembly.ruleLines(ProbeScript.secretRules())));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        String[] lines = out.split("\n", -1);
        assertEquals(corpus.size() + 1, lines.length, out);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            if (!lines[i].equals(corpus.get(i).expected())) {
                wrong.add(corpus.get(i).joined() + "\n   want " + corpus.get(i).expected() + "\n   got  " + lines[i]);
            }
        }
        assertTrue(wrong.isEmpty(), awk + ":\n" + String.join("\n", wrong));
    }

    /** The masking functions of the probe's awk, from the assembled script as Bedside sends it. */
    static String maskingFunctions(String probe) {
        int from = probe.indexOf("\n# Secrets in command lines");
        int to = probe.indexOf("\nBEGIN {", from);
        assertTrue(from > 0 && to > from, "the probe's masking functions were not found");
        String f = probe.substring(from, to);
        assertFalse(Pattern.compile("'").matcher(f).find(), "the masking functions sit inside a single-quoted sh word");
        return f;
    }

    private static Optional<Path> onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
