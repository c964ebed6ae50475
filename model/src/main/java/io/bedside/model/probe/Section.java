package io.bedside.model.probe;

import java.util.List;

/**
 * One marked section of probe output: a source on the host and what it said.
 *
 * @param name   the section name, e.g. {@code meminfo}
 * @param status whether the source could be read
 * @param detail the path or detail the probe printed after the status (may be empty)
 * @param lines  the raw lines, empty unless {@code status} is {@link SourceStatus#OK}; a parsed
 *               output's are {@link Lines} over its text
 */
public record Section(String name, SourceStatus status, String detail, List<String> lines) {
    public Section {
        lines = lines instanceof Lines ? lines : List.copyOf(lines);
    }
}
