package io.bedside.model.sample;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeStats;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.host.HostFacts;
import io.bedside.model.host.LoadAverage;
import io.bedside.model.host.MemInfo;
import io.bedside.model.host.Pressure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed sample of a host: everything the probe said in one round trip. The host's own facts
 * are fields; each playbook's part (IPC tables, processes, sockets...) is held by its type and read
 * through {@link #part(Class)}, usually by the part's own {@code of(Sample)}.
 *
 * @param source         what was sampled (host alias, "This machine" or a recording)
 * @param sampledAt      when the output arrived (local clock; the host's clock is in {@code hostTime})
 * @param hostTime       the host's clock when the probe started, when it reported it
 * @param facts          host facts
 * @param load           /proc/loadavg
 * @param memory         /proc/meminfo
 * @param memoryPressure /proc/pressure/memory (absent before kernel 4.20 or when PSI is off)
 * @param parts          every registered playbook's part, by its type
 * @param stats          what the sample cost
 * @param problems       everything that did not parse, kept for the operator
 * @param output         the split probe output, for evidence
 */
public record Sample(String source, Instant sampledAt, Instant hostTime, Reading<HostFacts> facts,
                     Reading<LoadAverage> load, Reading<MemInfo> memory, Reading<Pressure> memoryPressure,
                     Map<Class<?>, Object> parts, ProbeStats stats, List<ParseProblem> problems, ProbeOutput output) {
    public Sample {
        problems = List.copyOf(problems);
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /**
     * This sample's part of type {@code type}.
     *
     * @throws IllegalStateException when no registered part has that type (a programming error: the
     *                               sample was parsed without that playbook)
     */
    public <T> T part(Class<T> type) {
        Object p = parts.get(type);
        if (p == null) {
            throw new IllegalStateException("This sample holds no " + type.getSimpleName() + ": it was parsed without that part.");
        }
        return type.cast(p);
    }
}
