# Bedside probe: socket, fd and thread sources (issue 5, socket playbook).
#
# Paste into resources/src/main/resources/io/bedside/probe/probe.sh before the closing
# `bs_clock` / `@@bedside:end` lines (after the IPC part). It uses what probe.sh defines above it:
# LC_ALL=C, PATH, $bs_uid and the `big` function. POSIX sh (dash, bash, busybox ash); the tools it
# runs are ss (iproute2, optional), tr, awk and find (GNU, for -printf) or ls.
#
# Order matters a little: sockets first, then fds, then threads. A socket that closes after ss and
# before the fd pass has no fd; a process that starts in between has fds but no sockets. Both are
# the truth at the moment each was read; the model never invents the missing half.
#
# Cost on the host, whatever the number of sockets and processes: 1 ss + 1 tr per protocol (or a
# cat of /proc/net/{tcp,tcp6,udp,udp6} without ss), 1 find + 1 awk for every fd of every process
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
#                 as socket:[INODE]), sk: and cgroup:. Not -p: ss keeps its pid map in 256 hash
#                 buckets, so with 100,000 sockets `ss -tanp` takes 5.7 s against 0.23 s; the
#                 owners come from proc-fds instead, which reads the same /proc/PID/fd links once.
#                 Not -i: the TCP details line quadruples the bytes (4.5 MB per 10,000 sockets)
#                 and no rule reads it. The parser still takes -p and -i output (older captures).
#                 Absent (not printed) when the host has no ss; then:
#   proc-net-tcp, proc-net-tcp6   raw /proc/net/tcp and /proc/net/tcp6
#   ss-udp        `ss -uane`, squeezed the same way; without ss: proc-net-udp, proc-net-udp6
#   proc-fds      per fd:      PID FD MODE TYPE TARGET
#                   MODE   the fd link's permissions, which are the open mode: lr-x------ read,
#                          l-wx------ write, lrwx------ both
#                   TYPE   the type of what the fd refers to: p pipe or FIFO, s socket, f file,
#                          d directory, c/b device; ? not known (the link could not be followed:
#                          find prints ?, N or U, busybox ls -lL nothing); from find -printf %Y,
#                          or on busybox from `ls -lL` (the target's type) next to `ls -l`
#                   TARGET the link: socket:[INODE], pipe:[INODE], anon_inode:[eventfd], a path
#                          (which may contain spaces and end in " (deleted)")
#                 per process: pid=PID start=TICKS nofile=SOFT/HARD fds=N comm=COMM
#                   start   /proc/PID/stat field 22 (clock ticks after boot): with pid, it names
#                           one process even when the pid is reused
#                   fds     how many fds it holds, or "unreadable" when its fds could not be read
#                           (not root: another user's process; root: a process outside this
#                           probe's reach); the section's detail says which
#                   comm    last, may contain spaces
#   proc-threads  per thread:  PID TID STATE WCHAN SYSCALL COMM
#                   STATE   R S D T t Z X I (/proc/PID/task/TID/stat field 3)
#                   WCHAN   /proc/PID/task/TID/wchan: the kernel function it sleeps in, 0 when
#                           running; "-" when unreadable. Not root: other users' threads read 0.
#                   SYSCALL for threads whose wchan names a pipe function only: NR:ARG0 from
#                           /proc/PID/task/TID/syscall (the syscall number, per architecture, and
#                           its first argument, the fd for write), "-" when unreadable (not root)
#                   COMM    the thread's name, last, may contain spaces

if command -v ss >/dev/null 2>&1; then
  echo "@@bedside:section ss-tcp ok ss -tane"
  { ss -tane 2>/dev/null || echo "@@bedside:status ss-tcp error ss -tane failed"; } | tr -s ' '
  echo "@@bedside:section ss-udp ok ss -uane"
  { ss -uane 2>/dev/null || echo "@@bedside:status ss-udp error ss -uane failed"; } | tr -s ' '
else
  big proc-net-tcp /proc/net/tcp
  big proc-net-tcp6 /proc/net/tcp6
  big proc-net-udp /proc/net/udp
  big proc-net-udp6 /proc/net/udp6
fi

# proc-fds. Input of the awk, in this order:
#   @all /proc/1 /proc/2 ...        every process (one builtin glob)
#   @noread /proc/PID/fd            fd directories this uid may not read (builtin test; not root only)
#   find:  D /proc/PID              a readable fd directory
#          /proc/PID/fd FD MODE TYPE TARGET
#   ls:    @type, then `ls -lL` (types), @link, then `ls -l` (modes and targets)
bs_fdawk='
function pidof(p) { sub(/^\/proc\//, "", p); sub(/\/.*$/, "", p); sub(/:$/, "", p); return p }
$1 == "@all" { for (i = 2; i <= NF; i++) { p = pidof($i); all[++n] = p }; next }
$1 == "@noread" { bad[pidof($2)] = 1; next }
$1 == "@type" { mode = "type"; next }
$1 == "@link" { mode = "link"; next }
mode == "" && $1 == "D" { ok[pidof($2)] = 1; next }
mode == "" {
  p = pidof($1); t = $0; for (i = 1; i <= 4; i++) sub(/^[^ ]* /, "", t)
  if ($4 == "?" || t == "") { bad[p] = 1; next }
  print p, $2, $3, $4, t; fds[p]++; next
}
/^\/proc\/[0-9]+\/fd:$/ { cur = pidof($0); ok[cur] = 1; next }
/^total / || NF < 3 { next }
mode == "type" { ty[cur " " $NF] = (substr($1, 1, 1) == "-") ? "f" : substr($1, 1, 1); next }
mode == "link" {
  a = index($0, " -> "); if (a == 0) { bad[cur] = 1; next }
  t = substr($0, a + 4); h = substr($0, 1, a - 1); fd = h; sub(/.* /, "", fd)
  y = ty[cur " " fd]; if (y == "") y = "?"
  print cur, fd, $1, y, t; fds[cur]++; next
}
END {
  for (i = 1; i <= n; i++) {
    p = all[i]; f = "/proc/" p "/stat"; s = ""
    if ((getline s < f) <= 0) { close(f); continue }
    close(f)
    c = s; sub(/^[^(]*\(/, "", c); sub(/\)[^)]*$/, "", c)
    r = s; sub(/^.*\) /, "", r); split(r, st, " ")
    f = "/proc/" p "/limits"; lim = "?/?"
    while ((getline l < f) > 0) if (l ~ /^Max open files /) { split(l, w, " "); lim = w[4] "/" w[5] }
    close(f)
    d = (p in bad || !(p in ok)) ? "unreadable" : fds[p] + 0
    print "pid=" p " start=" st[20] " nofile=" lim " fds=" d " comm=" c
  }
}'
if [ ! -d /proc/self/fd ]; then
  echo "@@bedside:section proc-fds missing /proc/PID/fd"
elif ! command -v awk >/dev/null 2>&1; then
  echo "@@bedside:section proc-fds missing awk"
else
  if [ "$bs_uid" = 0 ]; then bs_who="uid 0"; else bs_who="uid $bs_uid: other users' fds need root"; fi
  if find /proc/self -maxdepth 0 -readable -printf '' >/dev/null 2>&1; then
    echo "@@bedside:section proc-fds ok find /proc/PID/fd ($bs_who)"
    {
      echo "@all" /proc/[0-9]*
      [ "$bs_uid" = 0 ] || for bs_fdir in /proc/[0-9]*/fd; do [ -r "$bs_fdir" ] || echo "@noread $bs_fdir"; done
      find /proc/[0-9]*/fd -maxdepth 1 \( -type d -readable -printf 'D %h\n' \) -o \
        \( ! -type d -printf '%h %f %M %Y %l\n' \) 2>/dev/null
    } | awk "$bs_fdawk"
  else
    echo "@@bedside:section proc-fds ok ls -l /proc/PID/fd ($bs_who)"
    {
      echo "@all" /proc/[0-9]*
      [ "$bs_uid" = 0 ] || for bs_fdir in /proc/[0-9]*/fd; do [ -r "$bs_fdir" ] || echo "@noread $bs_fdir"; done
      echo "@type"
      ls -lL /proc/[0-9]*/fd 2>/dev/null
      echo "@link"
      ls -l /proc/[0-9]*/fd 2>/dev/null
    } | awk "$bs_fdawk"
  fi
fi

# proc-threads: one awk reads every thread's stat and wchan (paths from a builtin glob, so no
# argument list limit), and syscall only for threads sleeping in a pipe function.
bs_thrawk='
{
  p = $0; sub(/^\/proc\//, "", p); t = p; sub(/\/.*$/, "", p); sub(/^.*\//, "", t)
  f = $0 "/stat"; s = ""
  if ((getline s < f) <= 0) { close(f); next }
  close(f)
  c = s; sub(/^[^(]*\(/, "", c); sub(/\)[^)]*$/, "", c)
  r = s; sub(/^.*\) /, "", r); st = substr(r, 1, 1)
  f = $0 "/wchan"; w = "-"
  if ((getline w < f) <= 0 || w == "") w = "-"
  close(f)
  sc = "-"
  if (w ~ /pipe/) {
    f = $0 "/syscall"; l = ""
    if ((getline l < f) > 0) { split(l, a, " "); sc = (a[2] == "") ? a[1] : a[1] ":" a[2] }
    close(f)
  }
  print p, t, st, w, sc, c
}'
if [ ! -d /proc/self/task ]; then
  echo "@@bedside:section proc-threads missing /proc/PID/task"
elif ! command -v awk >/dev/null 2>&1; then
  echo "@@bedside:section proc-threads missing awk"
else
  if [ "$bs_uid" = 0 ]; then
    echo "@@bedside:section proc-threads ok /proc/PID/task (uid 0)"
  else
    echo "@@bedside:section proc-threads ok /proc/PID/task (uid $bs_uid: wchan and syscall of other users' threads need root)"
  fi
  printf '%s\n' /proc/[0-9]*/task/[0-9]* | awk "$bs_thrawk"
fi
