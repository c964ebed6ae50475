package io.bedside.model.findings;

import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.List;
import java.util.Map;

/**
 * One kind of incident Bedside knows, as one unit: its rules and the finding ids they raise, its
 * fixes, what an operator reads of it after a fix, and its part of a sample as data. The registry
 * ({@code io.bedside.model.playbooks.Playbooks}) lists every playbook; the headless commands, the
 * report and the window ask it instead of naming playbooks. See docs/decisions/0009-playbook-seam.md.
 */
public interface Playbook {
    /** A short fixed id, such as {@code ipc}; it names the playbook's part in JSON. */
    String id();

    /** What the operator reads as its name, such as "System V IPC". */
    String title();

    /**
     * Its part of a sample: the type the sample holds it under, how it is read from the probe's
     * output, what it carries to the next probe run.
     */
    SamplePart<?> part();

    /**
     * The probe fragments it needs, in the order they run: its own, kept beside its parsers, and the
     * shared sources it reads ({@link ProbeFragment#FDS}, {@link ProbeFragment#THREADS}), which the
     * script holds once whoever else needs them.
     */
    List<ProbeFragment> fragments();

    /** Every finding id its rules may raise (fixed ids, such as {@code ipc.sem.exhausted}). */
    List<String> findingIds();

    /** Its rules; each sees the latest sample and those before it. */
    List<Rule> rules();

    /** Its fixes, with their titles and plan builders. */
    List<FixKind> fixes();

    /**
     * What stands after a change on the host, one line each (the headroom of the limits it watches,
     * the culprit's state): printed by {@code fix} after a fix of this playbook (the window's wizard
     * does not show them yet). Empty when the sample holds nothing of it. The lines may quote host text (a
     * process name) raw: whoever shows them passes them through its medium's function in HostText.
     */
    List<String> standing(Sample sample);

    /**
     * What it charts over time, in the order the window's area and the report show them; both draw
     * these lines, from these functions.
     */
    List<Chart> charts();

    /** What it measures on the host, in the order a fix's before/after rows show them. */
    List<Measure> measures();

    /**
     * Its parsed part of {@code sample} as plain data: maps with string keys (the kernel's field names
     * where it has them), lists, strings, numbers, booleans. A source that could not be read is
     * {@code {"status": ..., "detail": ...}}, never a zero. One codec turns it into JSON.
     */
    Map<String, Object> data(Sample sample);

    /**
     * The probe sections its part reads: the ones its fragments print ({@link ProbeFragment#sections()});
     * a playbook that also reads a section another prints (the kernel log) adds it. When a probe
     * output is cut, these say which areas show incomplete data.
     */
    default java.util.Set<String> sections() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        fragments().forEach(f -> all.addAll(f.sections()));
        return java.util.Collections.unmodifiableSet(all);
    }
}
