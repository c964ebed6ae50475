# --- CPU playbook: cgroups with a CPU quota and their throttling, CPU pressure, run queue, steal
# Sections (each body line is described in the model's parser of the same name):
#   stat-cpu     from /proc/stat, read with shell builtins (no fork) on every sample: the
#                aggregate "cpu ..." line (ticks: user nice system idle iowait irq softirq steal
#                guest guest_nice) and "procs_running N", "procs_blocked N"; then "prev cpu ..." when
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
#                host text. A value that could not be read is left out. Last line:
#                "# cgroups=N quota=M" (cgroups looked at, and with a quota). Detail: the mount
#                points and their roots, "v2=/sys/fs/cgroup v2root=/ v1=- v1root=- acct=-"; a mount
#                point holding a backslash (an escaped byte in mountinfo) is not walked.
# Light samples read stat-cpu and pressure-cpu (builtins only) and skip cgroup-cpu: the kernel
# counts throttling per period, and the rules weigh it over a minute, which the full samples
# (every 10 s in a live session) cover.
# Cost: one find and one awk on a full sample (find walks the cpu hierarchies; awk reads three or
# four small files of each cgroup with a quota and one of each other); none on a light one.
echo "${bs_m}section stat-cpu ok /proc/stat"
{ while read -r bs_k bs_v; do
    case $bs_k in
      cpu) echo "cpu $bs_v";;
      procs_running) echo "procs_running $bs_v";;
      procs_blocked) echo "procs_blocked $bs_v"; break;;
    esac
  done < /proc/stat; } 2>/dev/null || echo "${bs_m}status stat-cpu error read-failed"
# the previous sample's cpu line, which Bedside passes back (digits only), so a sample holds its interval
case ${BS_CPU_PREV:-} in "cpu "[0-9]*) case $BS_CPU_PREV in *[!0-9\ cpu]*) ;; *) echo "prev $BS_CPU_PREV";; esac;; esac
sec pressure-cpu /proc/pressure/cpu
if [ "$bs_light" = 1 ]; then
  echo "${bs_m}section cgroup-cpu skipped light sample"
else
  bs_cv1=; bs_cv1r=; bs_cv2=; bs_cv2r=; bs_cacct=; bs_cacctr=
  while read -r bs_a bs_b bs_c bs_root bs_mnt bs_rest; do
    bs_o=${bs_rest##* }
    case $bs_mnt$bs_root in *\\*) continue;; esac
    case " $bs_rest" in
      *" - cgroup2 "*) [ -n "$bs_cv2" ] || { bs_cv2=$bs_mnt; bs_cv2r=$bs_root; };;
      *" - cgroup "*)
        case ",$bs_o," in *,cpu,*) [ -n "$bs_cv1" ] || { bs_cv1=$bs_mnt; bs_cv1r=$bs_root; };; esac
        case ",$bs_o," in *,cpuacct,*) [ -n "$bs_cacct" ] || { bs_cacct=$bs_mnt; bs_cacctr=$bs_root; };; esac;;
    esac
  done < /proc/self/mountinfo 2>/dev/null
  if [ -z "$bs_cv1$bs_cv2" ]; then
    echo "${bs_m}section cgroup-cpu missing no cgroup hierarchy with the cpu controller is mounted"
  else
    echo "${bs_m}section cgroup-cpu ok v2=${bs_cv2:--} v2root=${bs_cv2r:--} v1=${bs_cv1:--} v1root=${bs_cv1r:--} acct=${bs_cacct:--}"
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
  n = 0; q = 0
  for (i = 1; i < ARGC; i++) {
    f = ARGV[i]; ARGV[i] = ""
    n++
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
  print "# cgroups=" n " quota=" q
  exit
}'
    # find passes the paths as arguments: no byte of a cgroup name can split or join them
    set -- ${bs_cv1:+"$bs_cv1"} ${bs_cv2:+"$bs_cv2"}
    find "$@" \( -name cpu.cfs_quota_us -o -name cpu.max \) -type f -exec awk -v bs_m="$bs_m" \
      -v v1="$bs_cv1" -v v2="$bs_cv2" -v acct="$bs_cacct" "$bs_encawk$bs_cpuawk" {} + 2>/dev/null
  fi
fi
