# --- CPU playbook: cgroups with a CPU quota and their throttling, CPU pressure, run queue, steal
# Sections (each body line is described in the model's parser of the same name):
#   stat-cpu     the first line of /proc/stat, read with a shell builtin (no fork) on every
#                sample: the aggregate "cpu ..." line (ticks: user nice system idle iowait irq
#                softirq steal guest guest_nice; the run queue is the host's /proc/loadavg); then "prev cpu ..." when
#                Bedside put the previous sample's cpu line in BS_CPU_PREV (in front of the script).
#   pressure-cpu /proc/pressure/cpu as the kernel prints it (kernel 4.20+, PSI may be off).
#   cgroup-cpu   full samples only: one line per cgroup that HAS a CPU quota (only those can be
#                throttled), fields separated by TABs:
#                  "v2<TAB>/path<TAB>quota=Q period=P nr_periods=N nr_throttled=N throttled_usec=N usage_usec=N"
#                  "v1<TAB>/path<TAB>quota=Q period=P nr_periods=N nr_throttled=N throttled_time=NS usage_ns=NS"
#                quota and period in microseconds (v2 cpu.max "Q P"; v1 cpu.cfs_quota_us and
#                cpu.cfs_period_us); the cpu.stat counters are the kernel's since the cgroup was
#                made; usage from v2 cpu.stat usage_usec or v1 cpuacct.usage (the same directory
#                when cpu and cpuacct share a hierarchy, else the same path under cpuacct's).
#                /path is the cgroup's path below its mount point, escaped (enc): a cgroup name is
#                host text; inside a container it is below the container's own root. A value
#                that could not be read is left out. Last line:
#                "# cgroups=N quota=M" (cgroups looked at, and with a quota; only the hierarchy
#                levels to depth 6 are looked at). Detail: the mount
#                points, "v2=/sys/fs/cgroup v1=- acct=-" (the standard places only, see below).
# Light samples read stat-cpu and pressure-cpu (builtins only) and skip cgroup-cpu: the kernel
# counts throttling per period, and the rules weigh it over a minute, which the full samples
# (every 10 s in a live session) cover.
# Cost: builtins only on a light sample (the first line of /proc/stat, /proc/pressure/cpu), and on a
# full one without cgroup quotas (globs and one read of each cgroup's quota file); one awk on a
# full sample with quotas (three or four small files of each cgroup with one). Measured on the build
# machine (2 cores, kernel 6.18, dash, cgroup v1, under load: PSI cpu some ~99%), the fragment's
# shell alone, 2,000 runs in one process: light 0.35 ms, full without quotas 1.2 ms; one awk more
# with quotas. Bytes: light ~330, full ~430 (+~130 a cgroup with a quota).
bs_cpu; echo "${bs_m}section stat-cpu ok /proc/stat"
{ read -r bs_l < /proc/stat && echo "$bs_l"; } 2>/dev/null || echo "${bs_m}status stat-cpu error read-failed"
# the previous sample's cpu line, which Bedside passes back (digits only), so a sample holds its interval
case ${BS_CPU_PREV:-} in "cpu "[0-9]*) case $BS_CPU_PREV in *[!0-9\ cpu]*) ;; *) echo "prev $BS_CPU_PREV";; esac;; esac
sec pressure-cpu /proc/pressure/cpu
if [ "$bs_light" = 1 ]; then
  bs_cpu; echo "${bs_m}section cgroup-cpu skipped light sample"
else
  # the hierarchies at their standard places (systemd's and every distribution's), found with
  # test; mountinfo is not read: dash reads a file a byte at a time, and a host with hundreds of
  # mounts would pay for it on every full sample. Elsewhere-mounted hierarchies are not seen.
  bs_cv1=; bs_cv2=; bs_cacct=; bs_g=/sys/fs/cgroup
  if [ -e $bs_g/cgroup.controllers ]; then bs_cv2=$bs_g; elif [ -e $bs_g/unified/cgroup.controllers ]; then bs_cv2=$bs_g/unified; fi
  for bs_d in $bs_g/cpu $bs_g/cpu,cpuacct $bs_g/cpuacct,cpu; do [ -e $bs_d/cpu.cfs_quota_us ] && { bs_cv1=$bs_d; break; }; done
  for bs_d in $bs_g/cpuacct $bs_g/cpu,cpuacct $bs_g/cpuacct,cpu; do [ -e $bs_d/cpuacct.usage ] && { bs_cacct=$bs_d; break; }; done
  if [ -z "$bs_cv1$bs_cv2" ]; then
    bs_cpu; echo "${bs_m}section cgroup-cpu missing no cgroup hierarchy with the cpu controller under /sys/fs/cgroup"
  else
    bs_cpu; echo "${bs_m}section cgroup-cpu ok v2=${bs_cv2:--} v1=${bs_cv1:--} acct=${bs_cacct:--}"
    bs_cpuawk='
function rd(f,   l) {  # first line of a small file, "" when it cannot be read
  l = ""
  if ((getline l < f) <= 0) l = ""
  close(f)
  return l
}
function stat(f, keep,   l, a, o) {  # " k=v" for the cpu.stat counters named in keep
  o = ""
  while ((getline l < f) > 0) { split(l, a, " "); if (index(keep, " " a[1] " ")) o = o " " a[1] "=" a[2] }
  close(f)
  return o
}
BEGIN {
  q = 0
  for (i = 1; i < ARGC; i++) {
    f = ARGV[i]; ARGV[i] = ""
    if (f ~ /\/cpu\.max$/) {
      if (v2 == "" || index(f, v2) != 1) continue
      d = substr(f, 1, length(f) - 8); split(rd(f), a, " ")
      if (a[1] == "" || a[1] == "max") continue
      rel = substr(d, length(v2) + 1)
      o = "quota=" a[1] (a[2] == "" ? "" : " period=" a[2]) stat(d "/cpu.stat", " nr_periods nr_throttled throttled_usec usage_usec ")
      ver = "v2"
    } else {
      if (v1 == "" || index(f, v1) != 1) continue
      d = substr(f, 1, length(f) - 17); x = rd(f)
      if (x == "" || x == "-1") continue
      rel = substr(d, length(v1) + 1)
      p = rd(d "/cpu.cfs_period_us")
      o = "quota=" x (p == "" ? "" : " period=" p) stat(d "/cpu.stat", " nr_periods nr_throttled throttled_time ")
      u = rd(d "/cpuacct.usage")
      if (u == "" && acct != "") u = rd(acct rel "/cpuacct.usage")
      if (u != "") o = o " usage_ns=" u
      ver = "v1"
    }
    q++
    print ver "\t" enc(rel == "" ? "/" : rel) "\t" o
  }
  print "# cgroups=" looked " quota=" q
  exit
}'
    # Every cgroup's quota file, found with globs and read with builtins (no fork): v1
    # cpu.cfs_quota_us ("-1": none), v2 cpu.max ("max ...": none), to depth 6 below the mount
    # point (names starting with "." are not matched). v2's tree is walked only when its root
    # hands the cpu controller down; its root's own cpu.max is read anyway (a container's limit).
    # Only the files of cgroups with a quota go to awk, as arguments (no byte of a name can split
    # or join them), so a host without quotas starts no process here.
    bs_w1=${bs_cv1:-/nonexistent-bedside}; bs_w2=${bs_cv2:-/nonexistent-bedside}; bs_r2=$bs_w2
    bs_l=; { read -r bs_l < "$bs_w2/cgroup.subtree_control"; } 2>/dev/null
    case " $bs_l " in *" cpu "*) ;; *) bs_w2=/nonexistent-bedside;; esac
    bs_cpuwalk() {
      set --
      bs_n=0
      for bs_f in "$bs_w1"/cpu.cfs_quota_us "$bs_w1"/*/cpu.cfs_quota_us "$bs_w1"/*/*/cpu.cfs_quota_us \
          "$bs_w1"/*/*/*/cpu.cfs_quota_us "$bs_w1"/*/*/*/*/cpu.cfs_quota_us "$bs_w1"/*/*/*/*/*/cpu.cfs_quota_us \
          "$bs_w1"/*/*/*/*/*/*/cpu.cfs_quota_us "$bs_r2"/cpu.max "$bs_w2"/*/cpu.max "$bs_w2"/*/*/cpu.max \
          "$bs_w2"/*/*/*/cpu.max "$bs_w2"/*/*/*/*/cpu.max "$bs_w2"/*/*/*/*/*/cpu.max "$bs_w2"/*/*/*/*/*/*/cpu.max; do
        bs_q=; { read -r bs_q bs_rest < "$bs_f"; } 2>/dev/null || continue
        bs_n=$((bs_n + 1))
        case $bs_q in -1|max|'') ;; *) set -- "$@" "$bs_f";; esac
      done
      if [ $# -eq 0 ]; then echo "# cgroups=$bs_n quota=0"; return 0; fi
      awk -v bs_m="$bs_m" -v v1="$bs_cv1" -v v2="$bs_cv2" -v acct="$bs_cacct" -v looked="$bs_n" "$bs_encawk$bs_cpuawk" "$@" 2>/dev/null \
        || echo "${bs_m}status cgroup-cpu error awk failed"
    }
    bs_cpuwalk
  fi
fi
