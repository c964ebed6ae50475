# Bedside probe: one sample of a Linux host, in one round trip.
# POSIX sh (dash, bash, busybox ash). Read-only: it only reads /proc, /sys and /etc.
# Output: "@@bedside:" marker lines, each opening a section; every other line
# belongs to the section above it. The last line "@@bedside:end ..." proves
# the output is complete. Small files are copied with shell builtins (no fork),
# so a sample costs the host a handful of processes.
LC_ALL=C; export LC_ALL
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
bs_clock() { bs_t=$(date +%s%N 2>/dev/null); case $bs_t in *N*|'') bs_t=$(date +%s)000000000;; esac; }
bs_clock; bs_t0=$bs_t
bs_uid=$(id -u 2>/dev/null)
echo "@@bedside:probe version=1 uid=$bs_uid epoch_ns=$bs_t0"
# sec NAME PATH: copy a small file with builtins, or say why it cannot be read.
sec() {
  if [ ! -e "$2" ]; then echo "@@bedside:section $1 missing $2"; return 0; fi
  if [ ! -r "$2" ]; then
    if [ "$bs_uid" = 0 ]; then echo "@@bedside:section $1 unreadable $2"; else echo "@@bedside:section $1 needs-root $2"; fi
    return 0
  fi
  echo "@@bedside:section $1 ok $2"
  { while IFS= read -r bs_l || [ -n "$bs_l" ]; do printf '%s\n' "$bs_l"; done < "$2"; } 2>/dev/null \
    || echo "@@bedside:status $1 error read-failed"
}
# big NAME PATH: the same for large files, with one cat.
big() {
  if [ ! -e "$2" ]; then echo "@@bedside:section $1 missing $2"; return 0; fi
  if [ ! -r "$2" ]; then
    if [ "$bs_uid" = 0 ]; then echo "@@bedside:section $1 unreadable $2"; else echo "@@bedside:section $1 needs-root $2"; fi
    return 0
  fi
  echo "@@bedside:section $1 ok $2"
  cat "$2" 2>/dev/null || echo "@@bedside:status $1 error read-failed"
}
echo "@@bedside:section host ok"
{ read -r v < /proc/sys/kernel/hostname && echo "hostname=$v"; } 2>/dev/null
{ read -r v < /proc/sys/kernel/osrelease && echo "kernel=$v"; } 2>/dev/null
{ read -r v < /proc/version && echo "kernel_version=$v"; } 2>/dev/null
echo "machine=$(uname -m 2>/dev/null)"
{ read -r v < /sys/devices/system/cpu/online && echo "cpus_online=$v"; } 2>/dev/null
echo "timezone=$(date +%Z%z 2>/dev/null)"
if [ -r /etc/timezone ]; then read -r v < /etc/timezone; echo "timezone_name=$v"; fi
if [ -L /etc/localtime ]; then echo "timezone_link=$(readlink /etc/localtime 2>/dev/null)"; fi
echo "user=${USER:-${LOGNAME:-$(id -un 2>/dev/null)}}"
echo "uid=$bs_uid"
while read -r k v; do case $k in btime) echo "btime=$v"; break;; esac; done < /proc/stat
sec os-release /etc/os-release
sec uptime /proc/uptime
sec loadavg /proc/loadavg
sec meminfo /proc/meminfo
sec pressure-memory /proc/pressure/memory
bs_clock
read -r bs_cpu < /proc/$$/stat
echo "@@bedside:end elapsed_ns=$((bs_t - bs_t0)) stat=${bs_cpu##*)}"
