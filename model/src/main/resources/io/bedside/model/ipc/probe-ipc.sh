# --- System V IPC (IPC playbook): tables, limits, who last used each object, live pids last
# Bedside probe: System V IPC sources (issue 3, IPC playbook).
#
#
# Order matters: pids-alive comes last, so every pid that an earlier section recorded and that
# still runs is in it (a pid that died in between is reported dead, which is the truth).
#
# Cost on the host: 1 awk for the /proc/sysvipc files (which can be 32,000 lines) and the
# ipc-limits files, 1 grep over every /proc/PID/maps, and for the last-operation pids either one
# perl (semctl GETPID for every semaphore, when perl has IPC::SysV) or, without it, one
# `ipcs -s -i ID` per array for at most $bs_ipcs_max (default 256) arrays: ipcs scans the whole
# of /proc/sysvipc/sem for each id, so 32,000 arrays would take over ten minutes. Everything
# else is builtins. Measured in the lab (2 cores): 32,000 arrays and 4,096 segments, perl path:
# 0.19 s on the host and 4.6 MB of output (sysvipc-sem 2.7 MB, sem-pids 1.2 MB, sysvipc-shm 0.7 MB).
#
# Sections:
#   sysvipc-sem, sysvipc-shm, sysvipc-msg  raw /proc/sysvipc/{sem,shm,msg}
#   ipc-limits   kernel.sem=SEMMSL SEMMNS SEMOPM SEMMNI, kernel.shmmax=.. shmall shmmni msgmni msgmax
#                msgmnb, page_size=BYTES; a limit that could not be read is absent
#   sem-pids     per array: semid=ID pids=P0,P1,.. otime=T waiting=N   (N: processes blocked in semop
#                on it, the sum of ncount and zcount), or semid=ID error=WHAT FAILED; the section's
#                detail says which way: "semctl GETPID (perl)" or "ipcs -s -i"
#   shm-attach   first line "self ipcns=N" (the probe's IPC namespace, the inode of
#                /proc/self/ns/ipc; "?" when unknown), then per SYSV mapping:
#                pid=PID shmkey=0xKEY shmid=ID ipcns=N comm=COMM (shmid is the inode of the mapping,
#                which tells IPC_PRIVATE segments apart; ipcns the process's IPC namespace; COMM
#                escaped, last); last line unreadable=PID,PID when some maps could not be read;
#                status needs-root when the probe is not root
#   pids-alive   one line: every pid in /proc, space-separated
# The three tables and the limits: one awk reads them all (one process, not 3 cat and a grep; the
# four sections then share one cost). A shell's `read` would not do for the limits: it takes a
# byte at a time, and an integer sysctl answers a read at a non-zero offset with end-of-file, so
# `read` would see only "2" of "250". Whether each table is there and readable is asked with builtins.
bs_ipcawk='
function table(name, f, st,   l, r) {
  print bs_m "section " name " " st " " f
  if (st != "ok") return
  while ((r = (getline l < f)) > 0) print l
  if (r < 0) print bs_m "status " name " error read-failed"
  close(f)
}
BEGIN {
  table("sysvipc-sem", "/proc/sysvipc/sem", sem)
  table("sysvipc-shm", "/proc/sysvipc/shm", shm)
  table("sysvipc-msg", "/proc/sysvipc/msg", msg)
  if (!lim) exit
  # a limit that cannot be read is left out; kernel.sem is tab-separated: words joined by one space
  print bs_m "section ipc-limits ok /proc/sys/kernel"
  n = split("sem shmmax shmall shmmni msgmni msgmax msgmnb", k, " ")
  for (i = 1; i <= n; i++) {
    f = "/proc/sys/kernel/" k[i]; l = ""
    if ((getline l < f) > 0) { gsub(/[ \t]+/, " ", l); sub(/^ /, "", l); sub(/ $/, "", l); if (l != "") print "kernel." k[i] "=" l }
    close(f)
  }
}'
bs_st() {  # PATH -> $bs_s: ok, missing, unreadable (root) or needs-root
  if [ ! -e "$1" ]; then bs_s=missing; elif [ -r "$1" ]; then bs_s=ok; elif [ "$bs_uid" = 0 ]; then bs_s=unreadable; else bs_s=needs-root; fi
}
bs_lim=
if [ -e /proc/sys/kernel/sem ] || [ -e /proc/sys/kernel/shmmni ] || [ -e /proc/sys/kernel/msgmni ]; then bs_lim=1; fi
if command -v awk >/dev/null 2>&1; then
  bs_st /proc/sysvipc/sem; bs_s1=$bs_s; bs_st /proc/sysvipc/shm; bs_s2=$bs_s; bs_st /proc/sysvipc/msg
  bs_cpu
  awk -v bs_m="$bs_m" -v sem=$bs_s1 -v shm=$bs_s2 -v msg=$bs_s -v lim=$bs_lim "$bs_ipcawk" 2>/dev/null
else
  big sysvipc-sem /proc/sysvipc/sem
  big sysvipc-shm /proc/sysvipc/shm
  big sysvipc-msg /proc/sysvipc/msg
  if [ -n "$bs_lim" ]; then
    bs_cpu; echo "${bs_m}section ipc-limits ok /proc/sys/kernel"
    bs_o=$(cd /proc/sys/kernel 2>/dev/null && grep -H . sem shmmax shmall shmmni msgmni msgmax msgmnb 2>/dev/null)
    bs_ifs=$IFS
    IFS='
'
    for bs_l in $bs_o; do
      IFS=$bs_ifs
      bs_l=${bs_l%%:*}=$(echo ${bs_l#*:})
      echo "kernel.$bs_l"
    done
    IFS=$bs_ifs
  fi
fi
if [ -n "$bs_lim" ]; then
  # the page size, without a fork: the first mapping of this shell is a normal page
  bs_v=; bs_u=
  { while read -r bs_k bs_v bs_u; do case $bs_k in KernelPageSize:) break;; esac; bs_v=; done < /proc/$$/smaps; } 2>/dev/null
  case $bs_u in kB) bs_v=$((bs_v * 1024));; *) bs_v=$(getconf PAGESIZE 2>/dev/null);; esac
  case $bs_v in ''|*[!0-9]*) ;; *) echo "page_size=$bs_v";; esac
else
  bs_cpu; echo "${bs_m}section ipc-limits missing /proc/sys/kernel/sem"
fi

# sem-pids: one `ipcs -s -i ID` per array; its output is cut into words with builtins.
bs_sempids() {  # ID OTIME
  bs_o=$(ipcs -s -i "$1" 2>&1)
  bs_pids=; bs_all=; bs_in=0; bs_col=0; bs_wait=0; bs_prev=
  for bs_w in $bs_o; do
    bs_all="$bs_all $bs_w"
    if [ $bs_in = 1 ]; then
      bs_col=$((bs_col + 1))
      case $bs_col in
        3|4) case $bs_w in ''|*[!0-9]*) ;; *) bs_wait=$((bs_wait + bs_w));; esac;;
        5) bs_pids="$bs_pids,$bs_w"; bs_col=0;;
      esac
    elif [ "$bs_prev $bs_w" = "zcount pid" ]; then
      bs_in=1
    fi
    bs_prev=$bs_w
  done
  if [ $bs_in = 1 ]; then
    echo "semid=$1 pids=${bs_pids#,} otime=$2 waiting=$bs_wait"
  else
    bs_all=${bs_all# }
    echo "semid=$1 error=${bs_all:-ipcs printed nothing}"
  fi
}
# The fast way: one perl process asks semctl(GETPID/GETNCNT/GETZCNT) for every semaphore. Perl's
# IPC::SysV is core on most hosts (Debian: libperl5.x; RHEL: perl-IPC-SysV); without it, the loop.
bs_semperl='use IPC::SysV qw(GETPID GETNCNT GETZCNT);
open(my $f, "<", "/proc/sysvipc/sem") or exit 3; <$f>;
while (<$f>) {
  my @c = split; next unless @c >= 10 && $c[1] =~ /^[0-9]+$/;
  my ($id, $n, $ot, @p, $e) = ($c[1], $c[3], $c[8]); my $w = 0;
  for my $i (0 .. $n - 1) {
    my $p = semctl($id, $i, GETPID, 0); if (!defined $p) { $e = "semctl(GETPID) failed: $!"; last }
    push @p, $p + 0; $w += semctl($id, $i, GETNCNT, 0) + semctl($id, $i, GETZCNT, 0);
  }
  print defined $e ? "semid=$id error=$e\n" : "semid=$id pids=" . join(",", @p) . " otime=$ot waiting=$w\n";
}
exit 0;'
# bs_rows FILE: whether a /proc/sysvipc table has any row (no fork: two builtin reads)
bs_rows() { bs_r=; { read -r bs_h; read -r bs_r; } < "$1" 2>/dev/null; [ -n "$bs_r" ]; }
bs_cpu
if [ ! -r /proc/sysvipc/sem ]; then
  bs_cpu; echo "${bs_m}section sem-pids missing /proc/sysvipc/sem"
elif ! bs_rows /proc/sysvipc/sem; then
  bs_cpu; echo "${bs_m}section sem-pids ok no arrays"
elif bs_o=$(perl -e "$bs_semperl" 2>/dev/null); then
  bs_cpu; echo "${bs_m}section sem-pids ok semctl GETPID (perl)"
  [ -z "$bs_o" ] || printf '%s\n' "$bs_o"
elif ! command -v ipcs >/dev/null 2>&1; then
  bs_cpu; echo "${bs_m}section sem-pids missing ipcs (util-linux or busybox) and perl IPC::SysV"
else
  # util-linux ipcs -s -i reads all of /proc/sysvipc/sem to find one id (~20 ms per call at 32,000
  # arrays), so the loop stops after bs_ipcs_max arrays; the rest say why they were not read.
  bs_cpu; echo "${bs_m}section sem-pids ok ipcs -s -i"
  bs_n=0
  set -f
  while read -r bs_k bs_v bs_a bs_b bs_c bs_d bs_u bs_w bs_o bs_l; do
    case $bs_v in ''|*[!0-9]*) continue;; esac
    bs_n=$((bs_n + 1))
    if [ $bs_n -le "${bs_ipcs_max:-256}" ]; then
      bs_sempids "$bs_v" "$bs_o"
    else
      echo "semid=$bs_v error=not read: over ${bs_ipcs_max:-256} arrays and no perl IPC::SysV on this host"
    fi
  done < /proc/sysvipc/sem
  set +f
fi

# shm-attach: one grep over every process's maps; one awk for the rest: each mapping once, the
# command name from /proc/PID/stat (escaped), and, through one ls -l of the /proc/PID/ns/ipc links,
# the IPC namespace of every such process and of the probe itself ("self ipcns=N"): a segment id
# is only unique inside its namespace, so a mapping counts only against the probe's own.
bs_shmawk='
/^\/proc\/[0-9]+\/maps:/ {
  p = $0; sub(/^\/proc\//, "", p); sub(/\/.*$/, "", p)
  r = $0; sub(/^\/proc\/[0-9]+\/maps:/, "", r)
  n = split(r, f, " ")
  if (n < 6 || f[6] !~ /^\/SYSV[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]$/) next
  k = p " " f[5] " " f[6]
  if (k in seen) next  # a segment split into several VMAs is one mapping
  seen[k] = 1; nm++; mp[nm] = p; mk[nm] = substr(f[6], 6); mi[nm] = f[5]
  if (!(p in pids)) { pids[p] = 1; cmd = cmd " /proc/" p "/ns/ipc" }
  next
}
/: Permission denied$/ { p = $0; sub(/^[^\/]*\/proc\//, "", p); sub(/\/.*$/, "", p); if (p ~ /^[0-9]+$/) bad = bad "," p }
END {
  c = "ls -l /proc/self/ns/ipc" cmd " 2>/dev/null"
  while ((c | getline l) > 0) {
    a = index(l, " -> "); if (a == 0) continue
    t = substr(l, a + 4); h = substr(l, 1, a - 1); sub(/.* /, "", h)
    if (t !~ /^ipc:\[[0-9]+\]$/) continue
    t = substr(t, 6, length(t) - 6)
    if (h == "/proc/self/ns/ipc") self = t; else { sub(/^\/proc\//, "", h); sub(/\/.*$/, "", h); ns[h] = t }
  }
  close(c)
  print "self ipcns=" (self == "" ? "?" : self)
  for (i = 1; i <= nm; i++) {
    p = mp[i]
    if (!(p in comm)) comm[p] = enc(statcomm(readall("/proc/" p "/stat")))
    print "pid=" p " shmkey=0x" mk[i] " shmid=" mi[i] " ipcns=" (ns[p] == "" ? "?" : ns[p]) " comm=" comm[p]
  }
  if (bad != "") print "unreadable=" substr(bad, 2)
}'
if [ ! -e /proc/sysvipc/shm ]; then
  bs_cpu; echo "${bs_m}section shm-attach missing /proc/sysvipc/shm"
elif ! bs_rows /proc/sysvipc/shm; then
  bs_cpu; echo "${bs_m}section shm-attach ok no segments"
elif [ "$bs_uid" != 0 ]; then
  bs_cpu; echo "${bs_m}section shm-attach needs-root /proc/PID/maps of other users"
else
  bs_cpu; echo "${bs_m}section shm-attach ok /proc/PID/maps"
  grep -F /SYSV /proc/[0-9]*/maps 2>&1 | awk "$bs_encawk$bs_shmawk"
fi

bs_alive() {
  bs_here=$PWD
  cd /proc 2>/dev/null || return 1
  set -- [0-9]*
  cd "$bs_here" 2>/dev/null || cd /
  bs_cpu; echo "${bs_m}section pids-alive ok /proc"
  echo "$*"
}
bs_cpu
bs_alive || { bs_cpu; echo "${bs_m}section pids-alive unreadable /proc"; }
