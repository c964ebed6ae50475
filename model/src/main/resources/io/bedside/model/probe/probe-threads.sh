
# proc-threads: one awk reads every thread's stat and wchan (paths from a builtin glob, so no
# argument list limit), and syscall only for threads sleeping in a pipe function.
bs_thrawk='
{
  p = $0; sub(/^\/proc\//, "", p); t = p; sub(/\/.*$/, "", p); sub(/^.*\//, "", t)
  s = readall($0 "/stat")
  if (s == "") next
  c = statcomm(s); st = substr(statrest(s), 1, 1)
  f = $0 "/wchan"; w = "-"
  if ((getline w < f) <= 0 || w == "") w = "-"
  close(f)
  sc = "-"
  if (w ~ /pipe/) {
    f = $0 "/syscall"; l = ""
    if ((getline l < f) > 0) { split(l, a, " "); sc = (a[2] == "") ? a[1] : a[1] ":" a[2] }
    close(f)
  }
  print p, t, st, w, sc, enc(c)
}'
if [ "$bs_light" = 1 ]; then
  bs_cpu; echo "${bs_m}section proc-threads skipped light sample"
elif [ ! -d /proc/self/task ]; then
  bs_cpu; echo "${bs_m}section proc-threads missing /proc/PID/task"
elif ! command -v awk >/dev/null 2>&1; then
  bs_cpu; echo "${bs_m}section proc-threads missing awk"
else
  if [ "$bs_uid" = 0 ]; then
    bs_cpu; echo "${bs_m}section proc-threads ok /proc/PID/task (uid 0)"
  else
    bs_cpu; echo "${bs_m}section proc-threads ok /proc/PID/task (uid $bs_uid: wchan and syscall of other users' threads need root)"
  fi
  printf '%s\n' /proc/[0-9]*/task/[0-9]* | awk "$bs_encawk$bs_thrawk"
fi
