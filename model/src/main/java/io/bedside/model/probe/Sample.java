package io.bedside.model.probe;

import io.bedside.model.host.HostFacts;
import io.bedside.model.host.LoadAverage;
import io.bedside.model.host.MemInfo;
import io.bedside.model.host.Pressure;
import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.sockets.SocketSnapshot;

import java.time.Instant;
import java.util.List;

/**
 * One parsed sample of a host: everything the probe said in one round trip.
 *
 * @param source         what was sampled (host alias, "This machine" or a recording)
 * @param sampledAt      when the output arrived (local clock; the host's clock is in {@code hostTime})
 * @param hostTime       the host's clock when the probe started, when it reported it
 * @param facts          host facts
 * @param load           /proc/loadavg
 * @param memory         /proc/meminfo
 * @param memoryPressure /proc/pressure/memory (absent before kernel 4.20 or when PSI is off)
 * @param ipc            System V IPC: semaphores, shared memory, message queues, limits and who uses them
 * @param processes      memory playbook: processes by OOM score, cgroups, OOM kills from the kernel log, boots
 * @param sockets        socket playbook: sockets, fds, pipes and their ends, threads and what they wait in
 * @param stats          what the sample cost
 * @param problems       everything that did not parse, kept for the operator
 * @param output         the split probe output, for evidence
 */
public record Sample(String source, Instant sampledAt, Instant hostTime, Reading<HostFacts> facts,
                     Reading<LoadAverage> load, Reading<MemInfo> memory, Reading<Pressure> memoryPressure,
                     IpcSnapshot ipc, MemorySnapshot processes, SocketSnapshot sockets,
                     ProbeStats stats, List<ParseProblem> problems, ProbeOutput output) {
    public Sample {
        problems = List.copyOf(problems);
    }
}
