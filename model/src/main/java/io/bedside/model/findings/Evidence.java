package io.bedside.model.findings;

import java.util.List;

/**
 * What a finding rests on: a caption, and the raw lines from the host it came from.
 *
 * @param source the probe source (section) the lines came from
 * @param caption what the lines show
 * @param lines  the raw lines, exactly as the host printed them
 */
public record Evidence(String source, String caption, List<String> lines) {
    public Evidence {
        lines = List.copyOf(lines);
    }
}
