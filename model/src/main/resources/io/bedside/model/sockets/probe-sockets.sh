# --- Socket playbook: TCP/UDP sockets, every process's fds (sockets, pipes, FIFOs) and threads with wchan
# Bedside probe: socket, fd and thread sources (issue 5, socket playbook).
#
#
# Order matters a little: sockets first, then fds, then threads. A socket that closes after ss and
# before the fd pass has no fd; a process that starts in between has fds but no sockets. Both are
# the truth at the moment each was read; the model never invents the missing half.
#
# Cost on the host, whatever the number of sockets and processes: 1 ss + 1 awk per protocol (a
# light sample: TCP's hot states only; a full one nobody asked the TCP list of: TCP's hot states and
# one more ss + awk that counts the rest, see ss-tcp-counts; or a cat of /proc/net/{tcp,tcp6,udp,udp6} without ss), 1 find + 1 awk for every fd of every process
# (busybox: 2 ls + 1 awk), 1 awk for every thread (it opens stat and wchan itself, and syscall
# only for threads waiting on a pipe). Everything else is builtins: no process per pid.
# Measured on the build machine (2 cores, kernel 6.18, dash; table in lab/incidents/README.md):
#   10,000 sockets, ~100 processes:    0.17-0.28 s, 0.14-0.21 s CPU, 1.2 MB
#   100,000 sockets, 5,146 processes:  2.1-2.8 s, 1.8-2.2 s CPU (mostly the kernel resolving
#                                      100,000 fd links), 13.8 MB (ss-tcp 8.1, proc-fds 5.5)
#
# Sections:
#   ss-tcp        `ss -tane`, runs of blanks squeezed (ss pads every line to its widest cell): a
#                 header, then one line per socket with uid:, ino: (the inode that proc-fds names
#                 as socket:[INODE]) and cgroup: (sk:, the socket's cookie, is left out: nothing
#                 reads it, and it is a number per socket that compresses badly). Not -p: ss keeps its pid map in 256 hash
#                 buckets, so with 100,000 sockets `ss -tanp` takes 5.7 s against 0.23 s; the
#                 owners come from proc-fds instead, which reads the same /proc/PID/fd links once.
#                 Not -i: the TCP details line quadruples the bytes (4.5 MB per 10,000 sockets)
#                 and no rule reads it. The parser still takes -p and -i output (older captures).
#                 Absent (not printed) when the host has no ss; then:
#   proc-net-tcp, proc-net-tcp6   raw /proc/net/tcp and /proc/net/tcp6
#   ss-tcp-hot    light samples only (ss-tcp is then skipped and carried): `ss -tane state close-wait
#                 state listening state syn-recv`, the same format; the sockets in the states the
#                 rules watch every sample (CLOSE_WAIT piles, listen queues, SYN floods), filtered in
#                 the kernel. Bedside puts them in place of the carried list's sockets in those states.
#   ss-tcp-counts full samples that were not asked for the list (BS_NOLIST holds "tcp": a live
#                 window whose Sockets area is not showing); ss-tcp is then skipped and carried, and
#                 ss-tcp-hot read as on a light sample. `ss -tan` counted by one awk, on the host:
#                   state STATE N        sockets per state (ss's names: ESTAB, TIME-WAIT, ...)
#                   tuple N TW LOCAL REMOTE   the busiest client tuples (at most 64, busiest first
#                                        not guaranteed): N sockets from LOCAL's address to REMOTE
#                                        whose local port is inside ip_local_port_range (the kernel
#                                        chose it), TW of them in TIME-WAIT; LOCAL is one member's
#                                        local endpoint, REMOTE the peer endpoint, as ss prints them
#                                        (escaped, enc with spaces)
#                   # sockets=N tuples=N range=LOW-HIGH
#                 At 100,000 sockets: ~10 KB instead of 8 MB, and no socket parsed by Bedside.
#   ss-udp        `ss -uane`, squeezed the same way; without ss: proc-net-udp, proc-net-udp6. Skipped
#                 (carried) on light samples: no rule reads it every sample.
#   proc-fds      per fd:      PID FD MODE TYPE TARGET
#                   MODE   the fd link's permissions, which are the open mode: lr-x------ read,
#                          l-wx------ write, lrwx------ both
#                   TYPE   the type of what the fd refers to: p pipe or FIFO, s socket, f file,
#                          d directory, c/b device; ? not known (the link could not be followed:
#                          find prints ?, N or U, busybox ls -lL nothing); from find -printf %Y,
#                          or on busybox from `ls -lL` (the target's type) next to `ls -l`
#                   TARGET the link: socket:[INODE], pipe:[INODE], anon_inode:[eventfd], a path
#                          (escaped with enc, spaces kept; may end in " (deleted)")
#                 per process: pid=PID start=TICKS nofile=SOFT/HARD fds=N comm=COMM
#                   start   /proc/PID/stat field 22 (clock ticks after boot): with pid, it names
#                           one process even when the pid is reused
#                   fds     how many fds it holds, or "unreadable" when its fds could not be read
#                           (not root: another user's process; root: a process outside this
#                           probe's reach); the section's detail says which
#                   comm    last, escaped (enc)
#   proc-threads  per thread:  PID TID STATE WCHAN SYSCALL COMM
#                   STATE   R S D T t Z X I (/proc/PID/task/TID/stat field 3)
#                   WCHAN   /proc/PID/task/TID/wchan: the kernel function it sleeps in, 0 when
#                           running; "-" when unreadable. Not root: other users' threads read 0.
#                   SYSCALL for threads whose wchan names a pipe function only: NR:ARG0 from
#                           /proc/PID/task/TID/syscall (the syscall number, per architecture, and
#                           its first argument, the fd for write), "-" when unreadable (not root)
#                   COMM    the thread's name, last, escaped (enc)
#                 then, on a full run after BS_THRSAME (see probe-threads.sh): "same TID ..." for the
#                 threads that did not run since, and "rt TID:RUNTIME ..." for the threads read
# ss pads every line to its widest cell: runs of blanks are squeezed. Its last field, cgroup:PATH,
# is a directory name that whoever may create cgroups chose (root, or a user with a delegated
# subtree): printed escaped (enc, spaces too). ss prints it raw, but a newline cannot be in it: the
# kernel refuses '\n' in a cgroup's name on mkdir and on rename (EINVAL, so that /proc/PID/cgroup
# stays one line per hierarchy; cgroup_mkdir and cgroup1_rename), long before ss learnt to print
# cgroup paths (kernel 5.7). CgroupNamesOnThisMachineTest holds this machine's kernel to it.
bs_ssawk='
{
  # ss pads its last column with blanks: dropped first, or the " <->" after a cgroup is not last
  l = $0; sub(/ +$/, "", l); c = index(l, " cgroup:"); g = ""
  if (c) { g = substr(l, c + 8); l = substr(l, 1, c - 1) }
  # sk: (the kernel socket cookie) is read by nothing and compresses badly: one hex number per socket
  sub(/ sk:[0-9a-f]+/, "", l)
  gsub(/  +/, " ", l); l = enc(l)
  if (c) {
    e = ""
    if (g ~ / [<>-][<>-][<>-]$/) { e = substr(g, length(g) - 3); g = substr(g, 1, length(g) - 4) }
    # an IPv6 listener: ss prints " v6only:N" after the cgroup, which is not part of its name
    if (g ~ / v6only:[01]$/) { e = substr(g, length(g) - 9) e; g = substr(g, 1, length(g) - 10) }
    l = l " cgroup:" enc(g, 1) e
  }
  print l
}'
# ss-tcp-counts: per state, and the busiest client tuples against the local port range (the ports
# rule's input), from `ss -tan` (no -e: a shorter line, nothing per socket kept)
bs_sscountawk='
BEGIN {
  f = "/proc/sys/net/ipv4/ip_local_port_range"; lo = -1; hi = -1
  if ((getline l < f) > 0) { split(l, r, " "); if (r[1] ~ /^[0-9]+$/ && r[2] ~ /^[0-9]+$/) { lo = r[1] + 0; hi = r[2] + 0 } }
  close(f)
}
NR == 1 && $1 == "State" { next }
NF >= 5 {
  n++; st[$1]++
  if ($1 == "LISTEN" || lo < 0) next
  # one match per socket, not two subs: this runs 100,000 times on a big host
  if ($5 !~ /:[0-9]+$/ || !match($4, /:[0-9]+$/)) next
  lp = substr($4, RSTART + 1) + 0
  if (lp < lo || lp > hi) next
  k = substr($4, 1, RSTART - 1) " " $5
  if (!(k in c)) { nt++; one[k] = $4 }
  c[k]++; if ($1 == "TIME-WAIT") tw[k]++
}
END {
  for (s in st) print "state " enc(s, 1) " " st[s]
  # the 64 busiest: the count the 64th reaches, from a histogram of the counts (awk has no sort)
  for (k in c) h[c[k]]++
  m = 0; for (x in h) if (x + 0 > m) m = x + 0
  t = 0; for (x = m; x >= 1 && t < 64; x--) if (x in h) t += h[x]
  x++; p = 0
  for (k in c) if (c[k] > x && p < 64) { p++; print "tuple " c[k] " " tw[k] + 0 " " enc(one[k], 1) " " enc(substr(k, index(k, " ") + 1), 1) }
  for (k in c) if (c[k] == x && p < 64) { p++; print "tuple " c[k] " " tw[k] + 0 " " enc(one[k], 1) " " enc(substr(k, index(k, " ") + 1), 1) }
  print "# sockets=" n + 0 " tuples=" nt + 0 " range=" (lo < 0 ? "?" : lo "-" hi)
}'
bs_nolist_tcp=0
case " ${BS_NOLIST:-} " in *" tcp "*) bs_nolist_tcp=1;; esac
if command -v ss >/dev/null 2>&1 && [ "$bs_light" != 1 ] && [ "$bs_nolist_tcp" = 1 ]; then
  # a full sample nobody asked the socket list of: the hot states as on a light sample, and the rest counted here
  bs_cpu; echo "${bs_m}section ss-tcp skipped list not asked for, counted on the host"
  bs_cpu; echo "${bs_m}section ss-tcp-hot ok ss -tane state close-wait state listening state syn-recv"
  ss -tane state close-wait state listening state syn-recv 2>/dev/null | awk "$bs_encawk$bs_ssawk" \
    || echo "${bs_m}status ss-tcp-hot error ss -tane failed"
  bs_cpu; echo "${bs_m}section ss-tcp-counts ok ss -tan"
  ss -tan 2>/dev/null | awk "$bs_encawk$bs_sscountawk" || echo "${bs_m}status ss-tcp-counts error ss -tan failed"
  bs_cpu; echo "${bs_m}section ss-udp ok ss -uane"
  ss -uane 2>/dev/null | awk "$bs_encawk$bs_ssawk" || echo "${bs_m}status ss-udp error ss -uane failed"
elif command -v ss >/dev/null 2>&1 && [ "$bs_light" = 1 ]; then
  # a light sample: only the states a rule watches every sample, filtered in the kernel (at 100,000
  # sockets 0.06 s instead of 0.3 s for ss and 0.2 s for its awk, and kilobytes instead of 8 MB);
  # the full list is carried from the last full sample. Three states, so ss keeps its State column.
  # UDP is carried too: no rule reads it, only the Sockets tables
  bs_cpu; echo "${bs_m}section ss-tcp skipped light sample"
  bs_cpu; echo "${bs_m}section ss-tcp-hot ok ss -tane state close-wait state listening state syn-recv"
  ss -tane state close-wait state listening state syn-recv 2>/dev/null | awk "$bs_encawk$bs_ssawk" \
    || echo "${bs_m}status ss-tcp-hot error ss -tane failed"
  bs_cpu; echo "${bs_m}section ss-tcp-counts skipped light sample"
  bs_cpu; echo "${bs_m}section ss-udp skipped light sample"
elif command -v ss >/dev/null 2>&1; then
  bs_cpu; echo "${bs_m}section ss-tcp ok ss -tane"
  ss -tane 2>/dev/null | awk "$bs_encawk$bs_ssawk" || echo "${bs_m}status ss-tcp error ss -tane failed"
  bs_cpu; echo "${bs_m}section ss-udp ok ss -uane"
  ss -uane 2>/dev/null | awk "$bs_encawk$bs_ssawk" || echo "${bs_m}status ss-udp error ss -uane failed"
else
  big proc-net-tcp /proc/net/tcp
  big proc-net-tcp6 /proc/net/tcp6
  big proc-net-udp /proc/net/udp
  big proc-net-udp6 /proc/net/udp6
fi
