# Bedside probe: one sample of a Linux host, in one round trip.
# POSIX sh (dash, bash, busybox ash). Read-only: it only reads /proc, /sys and /etc.
# Output: a header line "@@bedside:probe version=2 token=T ...", then marker lines
# "@@bedside:T:section ...", each opening a section; every other line belongs to the
# section above it. The last line "@@bedside:T:end ..." proves the output is complete.
# T is the boundary token: Bedside puts "BS_TOKEN=<random hex>" in front of the script for
# every sample (on stdin, never on a command line), so no process on the host can know it and no
# name, path or log line it prints can pose as a marker. Host text that anyone can choose
# (process names, command lines, fd targets, kernel log lines, cgroup paths) is printed escaped
# (see bs_encawk): no byte of it can end a line or shift a field. Small files are copied with shell builtins (no fork),
# so a sample costs the host a handful of processes.
LC_ALL=C; export LC_ALL
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
# A light sample: a live session puts "BS_LIGHT=1" in front of the script between full samples.
# The sections that walk every process or thread (procs-mem, cgroup-mem, proc-fds, proc-threads)
# and boots are then not read: each prints "skipped" and Bedside keeps the last full sample's
# reading of it, with its age. Everything else (the IPC tables, pids-alive, sockets, the kernel
# log) is read on every sample. Unset or anything else: a full sample.
bs_light=${BS_LIGHT:-0}
bs_clock() { bs_t=$(date +%s%N 2>/dev/null); case $bs_t in *N*|'') bs_t=$(date +%s)000000000;; esac; }
bs_clock; bs_t0=$bs_t
# the real uid from /proc/self/status with builtins (a fork less per sample); id -u where that fails
bs_uid=
while read -r bs_k bs_v bs_rest; do case $bs_k in Uid:) bs_uid=$bs_v; break;; esac; done < /proc/self/status 2>/dev/null
[ -n "$bs_uid" ] || bs_uid=$(id -u 2>/dev/null)
# the boundary token: Bedside's, else the kernel's random uuid, else /dev/urandom
bs_tok=${BS_TOKEN:-}
case $bs_tok in ????????????????*) case $bs_tok in *[!0-9a-f-]*) bs_tok=;; esac;; *) bs_tok=;; esac
[ -n "$bs_tok" ] || { read -r bs_tok < /proc/sys/kernel/random/uuid; } 2>/dev/null
case $bs_tok in ????????????????*) ;; *) bs_tok=$(od -An -N16 -tx1 /dev/urandom 2>/dev/null | tr -d ' \n');; esac
bs_m="@@bedside:$bs_tok:"
# bs_encawk: awk functions put in front of every awk program that prints host text.
#   enc(s)     every byte outside printable ASCII (0x20-0x7e), and the backslash, escaped as
#              \xHH and \\: a newline, CR, TAB, ESC or invalid UTF-8 in a name or path can then
#              neither end a line, nor shift a field, nor reach a terminal raw.
#   enc(s, 1)  the same, and the space too (\x20): for a value between space-separated fields.
#   statcomm(s) the command name in /proc/PID/stat text: between the first "(" and the LAST ")"
#              (a name may hold ")", spaces and newlines; read the whole file, not its first line).
bs_encawk='
function encinit_(   i) { for (i = 1; i < 256; i++) ord_[sprintf("%c", i)] = i; encok_ = 1 }
function enc(s, w,   o, i, c, n) {
  if (index(s, "\\") == 0 && s !~ /[^ -~]/ && (!w || index(s, " ") == 0)) return s
  if (!encok_) encinit_()
  o = ""; n = length(s)
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == "\\") o = o "\\\\"
    else if (c == " ") o = o (w ? "\\x20" : " ")
    else if (c ~ /[ -~]/) o = o c
    else o = o sprintf("\\x%02x", ord_[c])
  }
  return o
}
function statcomm(s,   a, j, m, r) {
  a = index(s, "("); r = s; j = 0
  while ((m = index(r, ")")) > 0) { j += m; r = substr(r, m + 1) }
  return (a == 0 || j <= a) ? "" : substr(s, a + 1, j - a - 1)
}
function statrest(s,   j, m, r) {  # the fields after the command name, from its last ")"
  r = s; j = 0
  while ((m = index(r, ")")) > 0) { j += m; r = substr(r, m + 1) }
  return j == 0 ? "" : substr(s, j + 2)
}
function readall(f,   s, l, k) {  # a whole small file; "" when it cannot be read
  s = ""; k = 0
  while ((getline l < f) > 0) s = (k++ ? s "\n" : "") l
  close(f)
  return s
}
'
# bs_cpu: a "cpu" mark and the CPU this shell and its children have used so far (the builtin
# times: no fork), before every section. Bedside charges the difference between two marks to the
# sections opened between them ("cost" in ProbeOutput.sectionCosts), so the probe's own cost per
# section is visible in clock ticks (1/100 s), without a clock read per section.
bs_cpu() { echo "${bs_m}cpu"; times; }
echo "@@bedside:probe version=2 token=$bs_tok uid=$bs_uid pid=$$ epoch_ns=$bs_t0"
# sec NAME PATH: copy a small file with builtins, or say why it cannot be read.
sec() {
  if [ ! -e "$2" ]; then bs_cpu; echo "${bs_m}section $1 missing $2"; return 0; fi
  if [ ! -r "$2" ]; then
    if [ "$bs_uid" = 0 ]; then bs_cpu; echo "${bs_m}section $1 unreadable $2"; else bs_cpu; echo "${bs_m}section $1 needs-root $2"; fi
    return 0
  fi
  bs_cpu; echo "${bs_m}section $1 ok $2"
  { while IFS= read -r bs_l || [ -n "$bs_l" ]; do printf '%s\n' "$bs_l"; done < "$2"; } 2>/dev/null \
    || echo "${bs_m}status $1 error read-failed"
}
# big NAME PATH: the same for large files, with one cat.
big() {
  if [ ! -e "$2" ]; then bs_cpu; echo "${bs_m}section $1 missing $2"; return 0; fi
  if [ ! -r "$2" ]; then
    if [ "$bs_uid" = 0 ]; then bs_cpu; echo "${bs_m}section $1 unreadable $2"; else bs_cpu; echo "${bs_m}section $1 needs-root $2"; fi
    return 0
  fi
  bs_cpu; echo "${bs_m}section $1 ok $2"
  cat "$2" 2>/dev/null || echo "${bs_m}status $1 error read-failed"
}
bs_cpu; echo "${bs_m}section host ok"
{ read -r v < /proc/sys/kernel/hostname && echo "hostname=$v"; } 2>/dev/null
{ read -r v < /proc/sys/kernel/osrelease && echo "kernel=$v"; } 2>/dev/null
{ read -r v < /proc/version && echo "kernel_version=$v"; } 2>/dev/null
{ read -r v < /sys/devices/system/cpu/online && echo "cpus_online=$v"; } 2>/dev/null
echo "user=${USER:-${LOGNAME:-$(id -un 2>/dev/null)}}"
echo "uid=$bs_uid"
bs_btime=
while read -r k v; do case $k in btime) bs_btime=$v; echo "btime=$v"; break;; esac; done < /proc/stat
# host-static: the facts that cost a fork each and do not change while Bedside watches (the
# machine, the time zone): read on full samples, carried on light ones. Same key=value lines as host.
if [ "$bs_light" = 1 ]; then
  bs_cpu; echo "${bs_m}section host-static skipped light sample"
else
  bs_cpu; echo "${bs_m}section host-static ok"
  echo "machine=$(uname -m 2>/dev/null)"
  echo "timezone=$(date +%Z%z 2>/dev/null)"
  if [ -r /etc/timezone ]; then read -r v < /etc/timezone; echo "timezone_name=$v"; fi
  if [ -L /etc/localtime ]; then echo "timezone_link=$(readlink /etc/localtime 2>/dev/null)"; fi
fi
sec os-release /etc/os-release
sec uptime /proc/uptime
sec loadavg /proc/loadavg
sec meminfo /proc/meminfo
sec pressure-memory /proc/pressure/memory
