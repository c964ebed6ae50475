# --- Processes playbook: the kernel's pid limits, cgroups' pids.max, I/O pressure
# Sections (each body line is described in the model's parser of the same name):
#   pressure-io  /proc/pressure/io (kernel 4.20+, PSI may be off), copied with builtins, every sample.
#   pid-limits   full samples only (light ones carry the last): "pid_max=N" and "threads-max=N"
#                from /proc/sys/kernel; a file that cannot be read is left out (the parser says
#                which). Read by awk, not by the shell's read: dash and BusyBox read a byte at a
#                time, and the kernel (6.x) answers a read of an integer sysctl at an offset past 0
#                with end of file, so `read v < /proc/sys/kernel/pid_max` gives "3" for 32768.
#                The task count is the 4th field of /proc/loadavg (section loadavg, every sample).
#   cgroup-pids  full samples only: the pids.max files of each pids hierarchy (cgroup v1 "pids"
#                controller, cgroup v2) up to 6 levels deep, listed by builtin globs (no find), and
#                the same awk, which reads pids.max and, where it is finite,
#                pids.current and pids.events. Printed: the cgroups at >= 50% of their pids.max or
#                whose pids.events counts refused forks, at most 200, one a line, TAB-separated:
#                "v1|v2<TAB>PATH<TAB>max=N current=N events_max=N" ("?" for a value that could not be
#                read), PATH escaped (enc) and relative to the hierarchy's mount; last line
#                "# scanned=N finite=N shown=N". systemd gives every unit a finite TasksMax, so a v2
#                host has hundreds of finite cgroups: only those near their limit cost bytes.
#                Detail: the mount points, "v1=/sys/fs/cgroup/pids v2=/sys/fs/cgroup" ("-": none).
# Cost: no process in a light sample (builtins); one awk in a full sample.
sec pressure-io /proc/pressure/io
bs_pidsawk='
function rd1(f,   l) { l = ""; if ((getline l < f) <= 0) l = ""; close(f); return l }
function one(f,   mp, ver, d, m, c, e, l, a, p) {
  if (substr(f, length(f) - 8) != "/pids.max" || (f in seen)) return
  # the longer mount point first: a v1 hierarchy may be mounted below the v2 one
  if (p1 != "" && index(f, p1 "/") == 1 && (length(p1) >= length(p2) || index(f, p2 "/") != 1)) { mp = p1; ver = "v1" }
  else if (p2 != "" && index(f, p2 "/") == 1) { mp = p2; ver = "v2" }
  else return
  seen[f] = 1
  m = rd1(f)
  if (m == "") return
  scanned++
  if (m !~ /^[0-9]+$/) return
  finite++
  d = substr(f, 1, length(f) - 9)
  c = rd1(d "/pids.current"); if (c !~ /^[0-9]+$/) c = "?"
  e = "?"
  while ((getline l < (d "/pids.events")) > 0) { split(l, a, " "); if (a[1] == "max") e = a[2] }
  close(d "/pids.events")
  if (shown >= 200 || !((c != "?" && c * 2 >= m + 0) || (e ~ /^[0-9]+$/ && e + 0 > 0))) return
  shown++
  p = substr(d, length(mp) + 1); if (p == "") p = "/"
  print ver "\t" enc(p) "\tmax=" m " current=" c " events_max=" e
}
BEGIN {
  print bs_m "section pid-limits ok /proc/sys/kernel/{pid_max,threads-max}"
  v = rd1("/proc/sys/kernel/pid_max"); if (v != "") print "pid_max=" v
  v = rd1("/proc/sys/kernel/threads-max"); if (v != "") print "threads-max=" v
  if (!walk) exit
  print bs_m "section cgroup-pids ok v1=" (p1 == "" ? "-" : p1) " v2=" (p2 == "" ? "-" : p2)
  for (i = 1; i < ARGC; i++) one(ARGV[i])
  print "# scanned=" scanned + 0 " finite=" finite + 0 " shown=" shown + 0
  exit
}'
if [ "$bs_light" = 1 ]; then
  bs_cpu; echo "${bs_m}section pid-limits skipped light sample"
  bs_cpu; echo "${bs_m}section cgroup-pids skipped light sample"
elif ! command -v awk >/dev/null 2>&1; then
  bs_cpu; echo "${bs_m}section pid-limits missing awk"
  bs_cpu; echo "${bs_m}section cgroup-pids missing awk"
else
  bs_cpu
  bs_p1=; bs_p2=
  while read -r bs_a bs_b bs_c bs_root bs_mp bs_rest; do
    case $bs_mp in *\\*) continue;; esac
    case $bs_rest in
      *" - cgroup2 "*) [ -n "$bs_p2" ] || bs_p2=$bs_mp;;
      *" - cgroup "*[\ ,]pids|*" - cgroup "*[\ ,]pids,*) [ -n "$bs_p1" ] || bs_p1=$bs_mp;;
    esac
  done < /proc/self/mountinfo 2>/dev/null
  bs_walk=1
  [ -n "$bs_p1$bs_p2" ] || bs_walk=0
  if [ "$bs_walk" = 1 ]; then
    # builtin globs, no find and no pipe: cgroups up to 6 levels deep (a Kubernetes container is 4),
    # given to awk as its arguments (a pattern that matched nothing stays a pattern; awk skips it)
    set --
    for bs_p in "$bs_p1" "$bs_p2"; do
      [ -z "$bs_p" ] || set -- "$@" "$bs_p"/*/pids.max "$bs_p"/*/*/pids.max "$bs_p"/*/*/*/pids.max \
        "$bs_p"/*/*/*/*/pids.max "$bs_p"/*/*/*/*/*/pids.max "$bs_p"/*/*/*/*/*/*/pids.max
    done
    awk -v bs_m="$bs_m" -v walk=1 -v p1="$bs_p1" -v p2="$bs_p2" "$bs_encawk$bs_pidsawk" "$@"
  else
    awk -v bs_m="$bs_m" -v walk=0 "$bs_encawk$bs_pidsawk"
    bs_cpu; echo "${bs_m}section cgroup-pids missing no cgroup v1 pids hierarchy or cgroup v2 is mounted"
  fi
fi
