package io.bedside.model.sockets;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * System call numbers that write to an fd given as their first argument (write, writev,
 * pwrite64, pwritev), per architecture: the numbers differ, as signal numbers do. Only used to
 * tell a writer from a reader when both sleep in {@code pipe_wait} (kernels before 5.5).
 */
final class WriteSyscalls {
    private static final Set<Long> X86_64 = Set.of(1L, 18L, 20L, 296L, 328L);
    private static final Set<Long> I386 = Set.of(4L, 146L, 181L, 334L);
    private static final Set<Long> GENERIC = Set.of(64L, 66L, 68L, 70L, 287L);
    private static final Set<Long> PPC = Set.of(4L, 146L, 180L, 321L);
    private static final Set<Long> S390 = Set.of(4L, 146L, 181L, 329L);
    private static final Map<String, Set<Long>> BY_MACHINE = Map.ofEntries(
            Map.entry("x86_64", X86_64), Map.entry("i386", I386), Map.entry("i486", I386), Map.entry("i586", I386),
            Map.entry("i686", I386), Map.entry("aarch64", GENERIC), Map.entry("riscv64", GENERIC),
            Map.entry("loongarch64", GENERIC), Map.entry("armv7l", I386), Map.entry("armv6l", I386), Map.entry("armv8l", I386),
            Map.entry("ppc64le", PPC), Map.entry("ppc64", PPC), Map.entry("ppc", PPC), Map.entry("s390x", S390));

    private WriteSyscalls() {
    }

    /** Whether syscall number {@code nr} writes on this machine; false when the machine is not known. */
    static boolean isWrite(Optional<String> machine, long nr) {
        return machine.map(BY_MACHINE::get).map(s -> s.contains(nr)).orElse(false);
    }
}
