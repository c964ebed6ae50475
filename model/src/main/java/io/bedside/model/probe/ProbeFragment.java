package io.bedside.model.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A piece of the probe script, kept as a resource beside the parser of what it prints. The host
 * still gets one script per sample: {@link #assemble} puts the host's sources first, then every
 * playbook's fragments in registry order (a fragment that several playbooks need, such as the fd
 * or the thread walk, once, where it is first needed), then the end line that proves the output is
 * complete.
 *
 * @param name   where it comes from, such as {@code io/bedside/model/ipc/probe-ipc.sh}
 * @param script its POSIX sh text
 */
public record ProbeFragment(String name, String script) {
    /** The header, the host's facts, load, memory and memory pressure: every sample reads them. */
    public static final ProbeFragment HOST = beside(ProbeFragment.class, "probe-host.sh");
    /** Shared source: every process's fds (sockets, pipes, FIFOs, files) and its open-files limit (proc-fds). */
    public static final ProbeFragment FDS = beside(ProbeFragment.class, "probe-fds.sh");
    /** Shared source: every thread's state, wait channel and, in a pipe, its syscall (proc-threads). */
    public static final ProbeFragment THREADS = beside(ProbeFragment.class, "probe-threads.sh");
    /** The end line: elapsed time and the probe's own CPU. */
    public static final ProbeFragment END = beside(ProbeFragment.class, "probe-end.sh");

    public ProbeFragment {
        Objects.requireNonNull(name);
        Objects.requireNonNull(script);
        if (!script.isEmpty() && !script.endsWith("\n")) {
            throw new IllegalArgumentException("probe fragment " + name + " does not end with a newline");
        }
    }

    private static final java.util.regex.Pattern SECTION_MARKER = java.util.regex.Pattern.compile(
            "section ([a-z][a-z0-9-]*) (?:ok|missing|unreadable|needs-root|error|not-received|skipped)\\b");
    /** The probe's helpers that open a section for a file: {@code sec NAME PATH}, {@code big NAME PATH}. */
    private static final java.util.regex.Pattern SECTION_HELPER = java.util.regex.Pattern.compile(
            "(?:^|[\\s;&|({])(?:sec|big) ([a-z][a-z0-9-]*) ");

    /**
     * The sections this fragment prints, in the order they first appear in its script: every
     * {@code section NAME STATUS} marker it prints and every {@code sec}/{@code big NAME PATH} call,
     * comments left out.
     */
    public java.util.Set<String> sections() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String line : script.split("\n")) {
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            java.util.Map<Integer, String> byPos = new java.util.TreeMap<>();
            for (java.util.regex.Pattern p : List.of(SECTION_MARKER, SECTION_HELPER)) {
                java.util.regex.Matcher m = p.matcher(line);
                while (m.find()) {
                    byPos.put(m.start(1), m.group(1));
                }
            }
            names.addAll(byPos.values());
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    /** The fragment {@code file} in the resource folder of {@code owner}'s package. */
    public static ProbeFragment beside(Class<?> owner, String file) {
        String name = owner.getPackageName().replace('.', '/') + "/" + file;
        try (InputStream in = owner.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("The probe fragment " + name + " is missing from the build.");
            }
            return new ProbeFragment(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One probe script of {@code fragments}: {@link #HOST}, each distinct fragment in the order
     * given (a repeated one is kept where it first appears), then {@link #END}.
     */
    public static String assemble(List<ProbeFragment> fragments) {
        Map<String, ProbeFragment> distinct = new LinkedHashMap<>();
        distinct.put(HOST.name(), HOST);
        for (ProbeFragment f : fragments) {
            ProbeFragment had = distinct.putIfAbsent(f.name(), f);
            if (had != null && !had.script().equals(f.script())) {
                throw new IllegalArgumentException("two probe fragments are called " + f.name());
            }
        }
        distinct.remove(END.name());
        List<String> texts = new ArrayList<>();
        distinct.values().forEach(f -> texts.add(f.script()));
        texts.add(END.script());
        return String.join("", texts);
    }
}
