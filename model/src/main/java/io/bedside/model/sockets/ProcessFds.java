package io.bedside.model.sockets;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One process's open fds and its limit (probe section {@code proc-fds}). Sample:
 * <pre>
 * pid=5025 start=351838 nofile=256/20000 fds=139 comm=python3
 * pid=1 start=24 nofile=32768/32768 fds=unreadable comm=process_api
 * </pre>
 *
 * @param pid        the process
 * @param startTime  /proc/PID/stat field 22, clock ticks after boot: with the pid it names one
 *                   process even when the pid is reused; empty when the probe could not read it
 * @param comm       its name (may contain spaces and parentheses)
 * @param nofileSoft RLIMIT_NOFILE soft limit; empty when unknown or {@code unlimited}
 * @param nofileHard RLIMIT_NOFILE hard limit; likewise
 * @param fdCount    how many fds it holds; empty when they could not be read (another user's
 *                   process without root, or one outside the probe's reach even as root)
 * @param fds        the fds that were read (all of them when fdCount is present; for an unreadable
 *                   process, those read before the failure, often none)
 * @param line       the raw {@code pid=} line
 */
public record ProcessFds(int pid, OptionalLong startTime, String comm, OptionalLong nofileSoft, OptionalLong nofileHard,
                         OptionalInt fdCount, List<Fd> fds, String line) {
    public ProcessFds {
        fds = List.copyOf(fds);
    }

    /** Whether every fd of the process was read. */
    public boolean readable() {
        return fdCount.isPresent();
    }

    public Optional<Fd> fd(int n) {
        return fds.stream().filter(f -> f.fd() == n).findFirst();
    }
}
