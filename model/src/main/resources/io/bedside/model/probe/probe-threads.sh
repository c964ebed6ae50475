
# proc-threads: one awk reads every thread's stat and wchan (paths from a builtin glob, so no
# argument list limit), and syscall only for threads sleeping in a pipe function.
# Incremental walk: BS_THRSAME, put in front of a full run by a live session, lists "TID:RUNTIME"
# for the threads the last full sample read, RUNTIME their schedstat's first field (ns run, which the
# scheduler adds to at every switch away). A thread whose runtime is the same has not run since: it
# still sleeps where it slept, under the same name, so neither stat nor wchan is read; it goes on a
# line "same TID TID ..." (500 a line) and Bedside takes its line from the sample before. After the
# thread lines, "rt TID:RUNTIME ..." (500 a line) gives the runtime of each thread read, for the next
# list. Without /proc/PID/schedstat (CONFIG_SCHED_INFO) every thread is read, as before. Anything in
# BS_THRSAME but digits, colons and spaces, and the list is not used.
bs_thrinc=
bs_thrawk='
$1 == "@same" { for (i = 2; i <= NF; i++) if (split($i, q, ":") == 2) was[q[1]] = q[2]; next }
{
  p = $0; sub(/^\/proc\//, "", p); t = p; sub(/\/.*$/, "", p); sub(/^.*\//, "", t)
  # the time it has run, in ns (schedstat field 1, counted at every switch): the same as the sample
  # before, and the thread has not run since, so its state, wchan and name are the ones read then
  r = ""
  if (sched) { f = $0 "/schedstat"; if ((getline l < f) > 0) { split(l, a, " "); if (a[1] ~ /^[0-9]+$/) r = a[1] }; close(f) }
  if (r != "" && (t in was) && was[t] == r) { sm[++ns] = t; next }
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
  if (r != "") rt[++nr] = t ":" r
}
END {
  for (i = 1; i <= ns; i++) printf "%s%s", (i % 500 == 1 ? (i > 1 ? "\n" : "") "same " : " "), sm[i]
  if (ns) printf "\n"
  for (i = 1; i <= nr; i++) printf "%s%s", (i % 500 == 1 ? (i > 1 ? "\n" : "") "rt " : " "), rt[i]
  if (nr) printf "\n"
  # whole only with this line (mawk gives up at a read error: a thread gone between open and read)
  print "@@thrdone" (ns ? " same" : "")
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
  # BS_THRSAME: "TID:RUNTIME_NS ..." of the threads the last full sample read (full runs only)
  bs_thrsame=${BS_THRSAME:-}
  case $bs_thrsame in *[!0-9:" "]*) bs_thrsame=;; esac
  bs_sched=0; [ ! -r /proc/$$/schedstat ] || bs_sched=1
  # kept until "@@thrdone" proves it whole, and read again when the awk gave up (3 times), as procs-mem
  bs_ok=
  for bs_try in 1 2 3; do
    bs_o=$( { printf '@same %s\n' "$bs_thrsame"; printf '%s\n' /proc/[0-9]*/task/[0-9]*; } \
      | awk -v sched=$bs_sched "$bs_encawk$bs_thrawk" 2>/dev/null)
    case $bs_o in
      @@thrdone) bs_ok=1; break;;
      *'
@@thrdone') bs_o=${bs_o%'
@@thrdone'}; printf '%s\n' "$bs_o"; bs_ok=1; break;;
      *'
@@thrdone same') bs_o=${bs_o%'
@@thrdone same'}; printf '%s\n' "$bs_o"; bs_thrinc=1; bs_ok=1; break;;
    esac
  done
  # not an empty table: one the awk never finished says so
  [ -n "$bs_ok" ] || echo "${bs_m}status proc-threads error read failed 3 times (threads exited while read, or awk failed)"
fi
