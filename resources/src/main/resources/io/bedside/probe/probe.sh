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
echo "@@bedside:probe version=2 token=$bs_tok uid=$bs_uid pid=$$ epoch_ns=$bs_t0"
# sec NAME PATH: copy a small file with builtins, or say why it cannot be read.
sec() {
  if [ ! -e "$2" ]; then echo "${bs_m}section $1 missing $2"; return 0; fi
  if [ ! -r "$2" ]; then
    if [ "$bs_uid" = 0 ]; then echo "${bs_m}section $1 unreadable $2"; else echo "${bs_m}section $1 needs-root $2"; fi
    return 0
  fi
  echo "${bs_m}section $1 ok $2"
  { while IFS= read -r bs_l || [ -n "$bs_l" ]; do printf '%s\n' "$bs_l"; done < "$2"; } 2>/dev/null \
    || echo "${bs_m}status $1 error read-failed"
}
# big NAME PATH: the same for large files, with one cat.
big() {
  if [ ! -e "$2" ]; then echo "${bs_m}section $1 missing $2"; return 0; fi
  if [ ! -r "$2" ]; then
    if [ "$bs_uid" = 0 ]; then echo "${bs_m}section $1 unreadable $2"; else echo "${bs_m}section $1 needs-root $2"; fi
    return 0
  fi
  echo "${bs_m}section $1 ok $2"
  cat "$2" 2>/dev/null || echo "${bs_m}status $1 error read-failed"
}
echo "${bs_m}section host ok"
{ read -r v < /proc/sys/kernel/hostname && echo "hostname=$v"; } 2>/dev/null
{ read -r v < /proc/sys/kernel/osrelease && echo "kernel=$v"; } 2>/dev/null
{ read -r v < /proc/version && echo "kernel_version=$v"; } 2>/dev/null
{ read -r v < /sys/devices/system/cpu/online && echo "cpus_online=$v"; } 2>/dev/null
echo "user=${USER:-${LOGNAME:-$(id -un 2>/dev/null)}}"
echo "uid=$bs_uid"
while read -r k v; do case $k in btime) echo "btime=$v"; break;; esac; done < /proc/stat
# host-static: the facts that cost a fork each and do not change while Bedside watches (the
# machine, the time zone): read on full samples, carried on light ones. Same key=value lines as host.
if [ "$bs_light" = 1 ]; then
  echo "${bs_m}section host-static skipped light sample"
else
  echo "${bs_m}section host-static ok"
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
# --- System V IPC (IPC playbook): tables, limits, who last used each object, live pids last
# Bedside probe: System V IPC sources (issue 3, IPC playbook).
#
#
# Order matters: pids-alive comes last, so every pid that an earlier section recorded and that
# still runs is in it (a pid that died in between is reported dead, which is the truth).
#
# Cost on the host: 3 cat (the /proc/sysvipc files, which can be 32,000 lines), 1 grep over the
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
big sysvipc-sem /proc/sysvipc/sem
big sysvipc-shm /proc/sysvipc/shm
big sysvipc-msg /proc/sysvipc/msg

bs_limit() {  # NAME VALUE... (words joined by one space: kernel.sem is tab-separated)
  bs_k=$1; shift
  echo "kernel.$bs_k=$*"
}
if [ -e /proc/sys/kernel/sem ] || [ -e /proc/sys/kernel/shmmni ] || [ -e /proc/sys/kernel/msgmni ]; then
  echo "${bs_m}section ipc-limits ok /proc/sys/kernel"
  # one grep for all of them: a shell's `read` takes a byte at a time, and an integer sysctl
  # answers a read at a non-zero offset with end-of-file, so `read` would see only "2" of "250"
  bs_o=$(cd /proc/sys/kernel 2>/dev/null && grep -H . sem shmmax shmall shmmni msgmni msgmax msgmnb 2>/dev/null)
  bs_ifs=$IFS
  IFS='
'
  for bs_l in $bs_o; do
    IFS=$bs_ifs
    bs_limit "${bs_l%%:*}" ${bs_l#*:}
  done
  IFS=$bs_ifs
  # the page size, without a fork: the first mapping of this shell is a normal page
  bs_v=; bs_u=
  { while read -r bs_k bs_v bs_u; do case $bs_k in KernelPageSize:) break;; esac; bs_v=; done < /proc/$$/smaps; } 2>/dev/null
  case $bs_u in kB) bs_v=$((bs_v * 1024));; *) bs_v=$(getconf PAGESIZE 2>/dev/null);; esac
  case $bs_v in ''|*[!0-9]*) ;; *) echo "page_size=$bs_v";; esac
else
  echo "${bs_m}section ipc-limits missing /proc/sys/kernel/sem"
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
if [ ! -r /proc/sysvipc/sem ]; then
  echo "${bs_m}section sem-pids missing /proc/sysvipc/sem"
elif ! bs_rows /proc/sysvipc/sem; then
  echo "${bs_m}section sem-pids ok no arrays"
elif bs_o=$(perl -e "$bs_semperl" 2>/dev/null); then
  echo "${bs_m}section sem-pids ok semctl GETPID (perl)"
  [ -z "$bs_o" ] || printf '%s\n' "$bs_o"
elif ! command -v ipcs >/dev/null 2>&1; then
  echo "${bs_m}section sem-pids missing ipcs (util-linux or busybox) and perl IPC::SysV"
else
  # util-linux ipcs -s -i reads all of /proc/sysvipc/sem to find one id (~20 ms per call at 32,000
  # arrays), so the loop stops after bs_ipcs_max arrays; the rest say why they were not read.
  echo "${bs_m}section sem-pids ok ipcs -s -i"
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
  echo "${bs_m}section shm-attach missing /proc/sysvipc/shm"
elif ! bs_rows /proc/sysvipc/shm; then
  echo "${bs_m}section shm-attach ok no segments"
elif [ "$bs_uid" != 0 ]; then
  echo "${bs_m}section shm-attach needs-root /proc/PID/maps of other users"
else
  echo "${bs_m}section shm-attach ok /proc/PID/maps"
  grep -F /SYSV /proc/[0-9]*/maps 2>&1 | awk "$bs_encawk$bs_shmawk"
fi

bs_alive() {
  bs_here=$PWD
  cd /proc 2>/dev/null || return 1
  set -- [0-9]*
  cd "$bs_here" 2>/dev/null || cd /
  echo "${bs_m}section pids-alive ok /proc"
  echo "$*"
}
bs_alive || echo "${bs_m}section pids-alive unreadable /proc"
# --- Memory playbook: processes by OOM score, their cgroups, OOM kills from the kernel log (incremental), boots
# Bedside probe: memory sources (issue 4, memory playbook).
#
#
# Input: BS_KLOG_CURSOR, the cursor the previous sample's kernel-log section printed (see below).
# Bedside puts one line in front of the script, before its first line:
#     BS_KLOG_CURSOR='journal:s=5d34...;i=2e6;b=7352...;m=b324046f;t=660f41c4a70ea;x=1161...'
# (empty or absent on the first sample of a session: the whole log is read then). Only the
# characters [A-Za-z0-9=;:._/+-] occur in a cursor, so single quotes are always enough.
#
# Sections (each body line is described in the model's parser of the same name):
#   vmstat-oom   the "oom_kill N" line of /proc/vmstat (kills since boot; kernel 4.13+)
#   procs-mem    a header line, then one line per process (kernel threads skipped), fields
#                separated by TABs: pid state ppid uid start rss_kb swap_kb oom_score
#                oom_score_adj cgroup sd_cgroup comm cmdline. No field holds a TAB or a
#                newline: comm (from /proc/PID/stat, up to its last ')'), cmdline and the cgroup
#                paths are escaped (enc); cmdline has secrets masked on the host (--password=***,
#                mysql -p***, https://user:***@...), NUL between arguments turned into a space,
#                trailing spaces dropped, cut to 256 bytes before it is escaped. "-" = the kernel has no such value (a zombie's
#                RSS), "?" = the file could not be read. start = field 22 of /proc/PID/stat (clock
#                ticks after boot), found after the LAST ')' of the file. cgroup = "v2:/path" or
#                "v1:/path" (the memory controller's hierarchy); sd_cgroup = v1's name=systemd
#                path or "-". Last line: "# kernel_threads=N exited=N" (processes that were gone
#                before their files were read).
#   cgroup-mem   one line per distinct cgroup of procs-mem and each of its ancestors:
#                "v2<TAB>/path<TAB>max=.. high=.. current=.. swap.max=.. swap.current=.. oom=N oom_kill=N"
#                "v1<TAB>/path<TAB>limit=.. usage=.. failcnt=.. memsw.limit=.. memsw.usage=.. oom_kill=N under_oom=N"
#                a value that could not be read is left out; "missing" when the directory is not
#                there. Detail: the mount points, "v2=/sys/fs/cgroup v1=-".
#   kernel-log   OOM lines only (see bs_oomawk), read incrementally. Detail:
#                "VIA cursor=NEWCURSOR from=start|cursor scanned=N", VIA = journalctl, dmesg or
#                the file read. NEWCURSOR is what Bedside passes back as BS_KLOG_CURSOR next time;
#                it is the old cursor again when nothing new arrived. from=start: this section
#                holds everything the source still holds (first sample, reboot, rotation, or a
#                cursor of another source); from=cursor: only what is new since the cursor.
#                Status needs-root when no way in is open to this user (dmesg_restrict=1, not in
#                the journal's groups, log files root-only); missing when the host has none.
#                Lines are the source's own (journalctl -o short-iso with TZ=UTC0, plain dmesg
#                "[seconds]" stamps, or the file's syslog lines), escaped as host text (enc: a
#                process name in a kill line may hold any byte).
#   boots        `journalctl --list-boots` (when it knows more than one boot) or `last -x` reboot
#                and shutdown lines (wtmp), at most 25 lines. Times in UTC (TZ=UTC0). Detail: which.
#
# Cursors (opaque to Bedside, which only passes them back):
#   journal:CURSOR        journalctl _TRANSPORT=kernel --after-cursor=CURSOR --show-cursor
#   dmesg:BOOTID:STAMP:N  dmesg; lines after the N-th line stamped [STAMP] of boot BOOTID
#                         (/proc/sys/kernel/random/boot_id); another boot id reads from the start
#   file:PATH:INODE:OFFSET  /var/log/kern.log or /var/log/messages from byte OFFSET, while the
#                         file keeps its inode and is not shorter (else from the start, at most
#                         the last $bs_klog_max bytes). A line still being written is left for the
#                         next sample.
# Ways in, in order: the journal (when journald keeps one, and the probe is root or in group
# systemd-journal, adm or wheel), dmesg (root, or dmesg_restrict=0), then the files.
#
# Cost: one awk for vmstat-oom, procs-mem and cgroup-mem (it opens six small /proc files per
# process and no other process is started); journalctl|awk, dmesg|awk or ls+wc+tail+head+awk for
# kernel-log; journalctl (+tail) or last for boots. Measured on the build machine (2 cores, kernel
# 6.18, dash, mawk): 5,060 processes: 0.31 s of host CPU (0.06 user + 0.25 kernel), 0.4 s elapsed
# on an idle machine, 506 KB of procs-mem (about 100 bytes a process with short command lines, up
# to about 350 with 256-byte ones); 95 processes: 0.01 s. Kernel log of 100,000 lines (10 MB):
# first read 0.14 s (dmesg) / 0.11 s (a 13 MB kern.log); then, with the cursor, dmesg 0.04 s
# (the ring buffer is read again and skipped up to the cursor), the file 0.00 s (only new bytes).
# Secret-masking rules: the text of secret-rules.txt, put in place of the placeholder when the
# probe is assembled (ProbeScriptAssembly); maskcmd in the awk below reads them from the environment.
bs_secret_rules=__BEDSIDE_SECRET_RULES__
export bs_secret_rules
bs_memawk='
function rd(f,   l) {  # first line of a small file, "?" when it cannot be read
  l = "?"
  if ((getline l < f) <= 0) l = "?"
  close(f)
  return l
}
function kv(k, f,   v) {  # " k=v" for a one-value cgroup file that exists
  v = rd(f)
  return v == "?" ? "" : " " k "=" v
}
function cgline(ver, p,   d, o, l, a, f) {
  if (ver == "v2") {
    if (v2 == "") return ver "\t" enc(p) "\tmissing"
    d = v2 (p == "/" ? "" : strip(p, v2root))
    o = kv("max", d "/memory.max") kv("high", d "/memory.high") kv("current", d "/memory.current")
    o = o kv("swap.max", d "/memory.swap.max") kv("swap.current", d "/memory.swap.current")
    f = d "/memory.events"
    while ((getline l < f) > 0) { split(l, a, " "); if (a[1] == "oom" || a[1] == "oom_kill") o = o " " a[1] "=" a[2] }
    close(f)
  } else {
    if (v1 == "") return ver "\t" enc(p) "\tmissing"
    d = v1 (p == "/" ? "" : strip(p, v1root))
    o = kv("limit", d "/memory.limit_in_bytes") kv("usage", d "/memory.usage_in_bytes") kv("failcnt", d "/memory.failcnt")
    o = o kv("memsw.limit", d "/memory.memsw.limit_in_bytes") kv("memsw.usage", d "/memory.memsw.usage_in_bytes")
    f = d "/memory.oom_control"
    while ((getline l < f) > 0) { split(l, a, " "); if (a[1] == "oom_kill" || a[1] == "under_oom") o = o " " a[1] "=" a[2] }
    close(f)
  }
  if (o == "") {
    if ((getline l < (d "/cgroup.procs")) < 0) { close(d "/cgroup.procs"); return ver "\t" enc(p) "\tmissing" }
    close(d "/cgroup.procs")
  }
  return ver "\t" enc(p) "\t" substr(o, 2)
}
function strip(p, root) {  # a path seen from a mount whose root is not the hierarchy root
  if (root != "/" && index(p, root) == 1) p = substr(p, length(root) + 1)
  return p
}
function addcg(c,   v, p) {  # remember a cgroup and its ancestors, in order of first sight
  if (c == "-" || c in seen) return
  v = substr(c, 1, 2); p = substr(c, 4)
  while (1) {
    if (!((v ":" p) in seen)) { seen[v ":" p] = 1; ncg++; cgv[ncg] = v; cgp[ncg] = p }
    if (p == "/" || p == "") break
    sub(/\/[^\/]*$/, "", p); if (p == "") p = "/"
  }
}
# Secrets in command lines (mysql -pX, --password=X, --token X, https://user:X@host, curl -u user:X,
# Authorization: headers, mount -o password=X, smbclient -U user%X, htpasswd -b FILE USER X) are
# replaced by *** here, on the host: recordings and reports keep probe output, and nothing secret
# may ever reach them. What is secret is said by secret-rules.txt (the rules and their meaning are
# described there), the one source of truth also read by the second pass of the reports; the probe gets
# it in $bs_secret_rules (see above) and reads it once, on the first command line. Masking works
# on whole arguments (NUL-separated) so that the value of "--password X" (the next argument) is
# known, and on the space-separated words inside an argument (sh -c "mysql -pX"); option names
# are kept. Without rules (a probe that was not assembled) only argv[0] is shown, then " ***".
function skm(s, re) { return re != "" && s ~ re }
function skadd(v, re) { return v == "" ? "(" re ")" : v "|(" re ")" }
function skload(   t, L, n, i, f, nf, g) {
  skloaded = 1; skn = 0; skng = 0; skq = sprintf("%c", 39)
  n = split(ENVIRON["bs_secret_rules"], L, "\n")
  for (i = 1; i <= n; i++) {
    nf = split(L[i], f, " ")
    if (nf < 2 || substr(f[1], 1, 1) == "#") continue
    if (f[1] == "name") skname = skadd(skname, f[2])
    else if (f[1] == "option") skopt = skadd(skopt, f[2])
    else if (f[1] == "not-name") sknot = skadd(sknot, f[2])
    else if (f[1] == "header") skhdr = skadd(skhdr, f[2])
    else if (f[1] == "scheme") sksch = skadd(sksch, f[2])
    else if (f[1] == "url-user") skuu = skadd(skuu, f[2])
    else if (f[1] == "url-user-length") skul = f[2] + 0
    else if (f[1] == "program" && nf >= 4) {
      for (g = 1; g <= skng && skgre[g] != f[2]; g++) ;
      if (g > skng) { skng = g; skgre[g] = f[2]; skprog = skadd(skprog, f[2]) }
      skn++; skrg[skn] = g; skro[skn] = f[3]; skrk[skn] = f[4]
      if (f[4] == "stop") skstop[g] = 1
    }
  }
  skrules = skname != ""
}
function sksec(n, dash) {  # n: lower-case name without its leading dashes; dash: it had some
  if (skm(n, sknot)) return 0
  return skm(n, skname) || (dash && skm(n, skopt))
}
function skunq(s) {  # without leading quotes
  while (substr(s, 1, 1) == "\"" || substr(s, 1, 1) == skq) s = substr(s, 2)
  return s
}
function colon(s,   x) {  # user:password -> user:***
  x = index(s, ":")
  return x ? substr(s, 1, x) "***" : s
}
function pct(s,   x) {  # user%password -> user%***
  x = index(s, "%")
  return x ? substr(s, 1, x) "***" : s
}
function comma(s,   x) {  # user,password -> user,***
  x = index(s, ",")
  return x ? substr(s, 1, x) "***" : s
}
function skval(k, v) { return k == "user-colon" ? colon(v) : k == "user-percent" ? pct(v) : k == "user-comma" ? comma(v) : "***" }
function skhas(o,   i) {  # all the one-letter flags of o (-nb) were given
  for (i = 2; i <= length(o); i++) if (!index(skfl, substr(o, i, 1))) return 0
  return 1
}
function skuser(u) {  # a URL user name that is a token
  return skm(u, skuu) || (skul > 0 && length(u) >= skul && u ~ /^[a-z0-9_-]+$/)
}
function word(t, last,   l, b, e, n, p, r, q, a, s, x, at, i, o, k) {  # one word; sets nx: what the next word is (see words)
  nx = 0
  if (t == "") return t
  l = tolower(t); b = skunq(l); sub(/.*\//, "", b)
  if (skm(b, skprog)) {
    for (i = 1; i <= skng && b !~ skgre[i]; i++) ;
    mode = i; skops = 0; skfl = ""; return t
  }
  if (mode) {
    for (i = 1; i <= skn; i++) {
      if (skrg[i] != mode) continue
      o = skro[i]; k = skrk[i]
      if (k == "stop" || substr(k, 1, 8) == "operand=") continue
      if (t == o) { nx = k == "value" ? 1 : k == "user-colon" ? 2 : k == "user-percent" ? 3 : k == "user-comma" ? 6 : k == "argument" ? 9 : 0; return t }
      if (k == "argument") continue
      if (substr(t, 1, length(o) + 1) == o "=") return o "=" skval(k, substr(t, length(o) + 2))
      if (length(o) == 2 && length(t) > 2 && substr(t, 1, 2) == o) return o skval(k, substr(t, 3))
    }
    if (substr(t, 1, 1) == "-" && substr(t, 2, 1) != "-") skfl = skfl substr(t, 2)
    else if (substr(t, 1, 1) != "-") {
      skops++
      for (i = 1; i <= skn; i++)
        if (skrg[i] == mode && substr(skrk[i], 1, 8) == "operand=" && skops == substr(skrk[i], 9) + 0 && skhas(skro[i])) return "***"
      if (skstop[mode]) mode = 0
    }
  }
  e = index(t, "=")
  if (e > 1) {  # --password=X, -Dspring.datasource.password=X, API_TOKEN=X
    n = substr(l, 1, e - 1); p = n; sub(/^-+/, "", p)
    if (p ~ /^[a-z0-9_.-]+$/ && sksec(p, p != n)) return substr(t, 1, e) "***"
  } else if (e == 0 && substr(t, 1, 1) == "-") {  # --password X
    p = l; sub(/^-+/, "", p)
    if (p != "" && sksec(p, 1)) nx = 1
    return t
  }
  r = ""  # name=X after , ; & ? = (mount -o user=u,password=X; ?token=X&a=b; --env=DB_PASSWORD=X): X up to the next , ; &
  while (match(t, /[,;&?=][A-Za-z0-9_.-]+=/)) {
    n = tolower(substr(t, RSTART + 1, RLENGTH - 2))
    r = r substr(t, 1, RSTART + RLENGTH - 1); t = substr(t, RSTART + RLENGTH)
    if (sksec(n, 0)) { r = r "***"; if (match(t, /[,;&]/)) t = substr(t, RSTART); else t = "" }
  }
  t = r t; r = ""
  while ((q = index(t, "://")) > 0) {  # scheme://user:X@host, scheme://TOKEN@host
    r = r substr(t, 1, q + 2); t = substr(t, q + 3)
    a = t; if (match(a, /[\/?#]/)) a = substr(a, 1, RSTART - 1)
    at = 0; s = a
    while ((x = index(s, "@")) > 0) { at += x; s = substr(s, x + 1) }
    if (at) {
      x = index(substr(t, 1, at), ":")
      if (x) { r = r substr(t, 1, x) "***@"; t = substr(t, at + 1) }
      else if (skuser(tolower(substr(t, 1, at - 1)))) { r = r "***@"; t = substr(t, at + 1) }
    } else if (last && a == t && (x = index(t, ":")) > 0) { r = r substr(t, 1, x) "***"; t = "" }  # cut before its @
  }
  t = r t
  x = index(t, ":")  # Authorization: X, --header=X-Api-Key: X, pass:X (not scheme://)
  if (x > 1 && substr(t, x + 1, 2) != "//") {
    n = tolower(substr(t, 1, x - 1)); sub(/.*=/, "", n); n = skunq(n)
    if (n ~ /^[a-z][a-z0-9_.-]*$/ && (skm(n, skhdr) || sksec(n, 1))) {
      if (x == length(t)) { nx = 4; return t }
      return substr(t, 1, x) "***"
    }
  }
  return t
}
# words: one argument, its words separated by spaces; wp: what its first word is (what the word
# before said in nx): 0 an ordinary word, 1 a secret, 2 user:secret, 3 user%secret, 6 user,secret, 4 a header
# value (an optional scheme, then the secret; a value ending in ";" is followed by another, as
# in Cookie: a=1; b=2), 5 the secret after a scheme, 9 the value of an option, not secret.
function words(a, last, wp,   o, m, w, end) {
  o = ""
  while (1) {
    m = index(a, " "); w = m ? substr(a, 1, m - 1) : a
    if (w != "") {
      end = w ~ /[;|&]$/
      if (wp == 1) { w = "***"; nx = 0 }
      else if (wp == 2) { w = colon(w); nx = 0 }
      else if (wp == 3) { w = pct(w); nx = 0 }
      else if (wp == 6) { w = comma(w); nx = 0 }
      else if (wp == 9) nx = 0
      else if (wp == 4 && skm(tolower(w), sksch)) nx = 5
      else if (wp == 4 || wp == 5) { nx = wp == 4 && w ~ /;$/ ? 4 : 0; w = "***" }
      else w = word(w, last && !m)
      wp = nx
      if (end) mode = 0  # the end of a command in sh -c "..."
    }
    o = o w
    if (!m) break
    o = o " "; a = substr(a, m + 1)
  }
  nx = wp
  return o
}
function maskcmd(c, sep, cut,   na, av, m, i, a, o, pend) {  # c: the arguments separated by sep; cut: the last one is cut short
  if (!skloaded) skload()
  mode = 0; na = 0
  while ((m = index(c, sep)) > 0) { av[++na] = substr(c, 1, m - 1); c = substr(c, m + 1) }
  av[++na] = c
  if (!skrules) return av[1] (na > 1 && av[2] != "" ? " ***" : "")
  o = ""; pend = 0
  for (i = 1; i <= na; i++) {
    a = av[i]; gsub(/[\t\r\n]/, " ", a)
    if (pend == 1) { a = (a == "" ? a : "***"); nx = 0 }
    else if (pend == 2) { a = colon(a); nx = 0 }
    else if (pend == 3) { a = pct(a); nx = 0 }
    else if (pend == 6) { a = comma(a); nx = 0 }
    else a = words(a, cut && i == na, pend)
    pend = nx
    o = (i > 1 ? o " " : "") a
  }
  return o
}
BEGIN {
  nul = sprintf("%c", 0)
  f = "/proc/vmstat"; vm = ""; ok = 0
  while ((getline l < f) > 0) { ok = 1; if (substr(l, 1, 9) == "oom_kill ") vm = l }
  close(f)
  if (vm != "") { print bs_m "section vmstat-oom ok /proc/vmstat"; print vm }
  else if (ok) print bs_m "section vmstat-oom missing no oom_kill in /proc/vmstat (kernel before 4.13)"
  else print bs_m "section vmstat-oom unreadable /proc/vmstat"

  f = "/proc/self/mountinfo"; v1 = ""; v2 = ""
  while ((getline l < f) > 0) {
    n = split(l, a, " ")
    for (i = 7; i <= n && a[i] != "-"; i++) ;
    if (i >= n) continue
    if (a[i + 1] == "cgroup2" && v2 == "") { v2 = a[5]; v2root = a[4] }
    else if (a[i + 1] == "cgroup" && v1 == "" && ("," a[i + 3] ",") ~ /,memory,/) { v1 = a[5]; v1root = a[4] }
  }
  close(f)

  print bs_m "section procs-mem ok /proc/PID/{stat,status,oom_score,oom_score_adj,cgroup,cmdline}"
  print "pid\tstate\tppid\tuid\tstart\trss_kb\tswap_kb\toom_score\toom_score_adj\tcgroup\tsd_cgroup\tcomm\tcmdline"
  kthreads = 0; gone = 0; ncg = 0
  for (i = 1; i < ARGC; i++) {
    pid = ARGV[i]; d = "/proc/" pid "/"
    # stat, all of it: a comm with a newline spans two lines
    s = readall(d "stat")
    r = statrest(s)
    if (r == "") { gone++; continue }
    n = split(r, st, " ")
    comm = statcomm(s)
    # after comm: 1 state, 2 ppid, 7 flags, 20 starttime; PF_KTHREAD = 0x00200000
    if (n < 20) { gone++; continue }
    if (int(st[7] / 2097152) % 2 == 1) { kthreads++; continue }
    f = d "status"; name = "?"; uid = "?"; rss = "-"; swp = "-"; k = 0
    while ((getline l < f) > 0) {
      k = 1
      if (substr(l, 1, 4) == "Uid:") { split(l, a, " "); uid = a[2] }
      else if (substr(l, 1, 6) == "VmRSS:") { split(l, a, " "); rss = a[2] }
      else if (substr(l, 1, 7) == "VmSwap:") { split(l, a, " "); swp = a[2]; break }
    }
    close(f)
    if (!k) { gone++; continue }
    sc = rd(d "oom_score"); adj = rd(d "oom_score_adj")
    f = d "cgroup"; c1 = ""; c2 = ""; sd = ""; k = 0
    while ((getline l < f) > 0) {
      k = 1
      if (substr(l, 1, 3) == "0::") { c2 = substr(l, 4); continue }
      x = index(l, ":"); rest = substr(l, x + 1); y = index(rest, ":")
      ctl = substr(rest, 1, y - 1); p = substr(rest, y + 1)
      if (("," ctl ",") ~ /,memory,/) c1 = p
      else if (ctl == "name=systemd") sd = p
    }
    close(f)
    cg = !k ? "?" : c1 != "" ? "v1:" c1 : c2 != "" ? "v2:" c2 : "-"
    if (k) addcg(cg)
    # cmdline: NULs between arguments; at most 256 bytes are kept. Secrets are masked first (see
    # maskcmd), on at most 4096 bytes: enough to fill 256 after long secrets became ***. mawk and
    # gawk keep the NULs; BusyBox awk ends a line at a NUL, so there the arguments are its lines.
    f = d "cmdline"; c = ""; k = 0
    while (length(c) <= 4096 && (getline l < f) > 0) { c = (k++ ? c "\n" : "") l }
    close(f)
    m = length(c) > 4096; c = substr(c, 1, 4096)
    if (c != "") c = maskcmd(c, length(nul) == 1 ? nul : "\n", m)
    c = substr(c, 1, 256)
    sub(/ +$/, "", c)
    print pid "\t" st[1] "\t" st[2] "\t" uid "\t" st[20] "\t" rss "\t" swp "\t" sc "\t" adj "\t" enc(cg) "\t" (sd == "" ? "-" : enc(sd)) "\t" enc(comm) "\t" enc(c)
  }
  print "# kernel_threads=" kthreads " exited=" gone

  if (v1 == "" && v2 == "") { print bs_m "section cgroup-mem missing no cgroup hierarchy is mounted"; print "@@memdone"; exit }
  print bs_m "section cgroup-mem ok v2=" (v2 == "" ? "-" : v2) " v1=" (v1 == "" ? "-" : v1)
  for (i = 1; i <= ncg; i++) print cgline(cgv[i], cgp[i])
  print "@@memdone"
  exit
}'
# mawk gives up at a read error, and a process that exits between the open and the read of one of
# its files causes one (ESRCH): about one read in 150 under a storm of short-lived processes. So
# the output is kept until "@@memdone" proves it whole, and a failed read is tried again (3 times).
bs_mem() {
  for bs_try in 1 2 3; do
    bs_here=$PWD
    cd /proc 2>/dev/null || return 1
    set -- [0-9]*
    cd "$bs_here" 2>/dev/null || cd /
    bs_o=$(awk -v bs_m="$bs_m" "$bs_encawk$bs_memawk" "$@" 2>/dev/null)
    case $bs_o in
      *'
@@memdone') bs_o=${bs_o%'
@@memdone'}; printf '%s\n' "$bs_o"; return 0;;
    esac
  done
  [ -z "$bs_o" ] || printf '%s\n' "$bs_o"
  bs_last=${bs_o##*"${bs_m}section "}; bs_last=${bs_last%% *}
  case $bs_o in
    *"${bs_m}section"*) echo "${bs_m}status $bs_last error read failed 3 times (processes exited while read)";;
    *) echo "${bs_m}section procs-mem error awk failed";;
  esac
}
if [ "$bs_light" = 1 ]; then
  echo "${bs_m}section procs-mem skipped light sample"
  echo "${bs_m}section cgroup-mem skipped light sample"
else
  bs_mem || echo "${bs_m}section procs-mem unreadable /proc"
fi

# kernel-log: OOM lines only. mode=journal|dmesg|file; prints the kept lines, then one line
# "@@next CURSOR-PART SCANNED" that the shell turns into the section's detail.
bs_oomawk='
function oom(l) {
  return l ~ /invoked oom-killer|oom-kill:|[Oo]ut of memory|[Kk]illed process [0-9]|[Kk]ill process [0-9]|oom_reaper: reaped|[Mm]emory cgroup stats for|memory: usage [0-9]|memory\+swap: usage [0-9]|swap: usage [0-9]|killed as a result of limit of|OOM victim|oom killer [0-9]|has mm pinned by/
}
function take(l) {
  if (oom(l)) { print enc(l); if (l ~ /invoked oom-killer/) after = 3; return }
  if (after > 0 && l ~ / PID: [0-9]+ .*Comm: /) { print enc(l); after = 0; return }
  if (after > 0) after--
}
BEGIN { n = 0; cur = ""; last = ""; cnt = 0; held = ""; have = 0; bytes = 0 }
mode == "journal" {
  if ($0 == "@@journal-failed") { failed = 1; next }
  if (substr($0, 1, 11) == "-- cursor: ") { cur = substr($0, 12); next }
  if (substr($0, 1, 3) == "-- ") next
  n++; take($0); next
}
mode == "dmesg" {
  if ($0 == "@@dmesg-failed") { failed = 1; next }
  n++
  st = ""
  if (substr($0, 1, 1) == "[") { st = substr($0, 2, index($0, "]") - 2); gsub(/ /, "", st) }
  if (st != "") {
    if (st == last) cnt++; else { last = st; cnt = 1 }
    # a line without a stamp (a continuation) goes with the stamped line before it
    old = since != "" && (st + 0 < since + 0 || (st == since && cnt <= skip))
  }
  if (old) { n--; next }
  take($0); next
}
mode == "file" {
  # hold each line back one step: the last one may still be being written
  if (have) { n++; take(held); bytes += length(held) + 1 }
  held = $0; have = 1; next
}
END {
  if (mode == "journal") print "@@next " (failed ? "failed" : cur) " " n
  else if (mode == "dmesg") print "@@next " (failed ? "failed" : last ":" cnt) " " n
  else {
    if (have && bytes + length(held) + 1 <= size) { n++; take(held); bytes += length(held) + 1 }
    print "@@next " bytes " " n
  }
}'
bs_klog_max=16777216
bs_klog_out() {  # VIA CURSOR FROM: print the section from $bs_o (kept lines, then "@@next ...")
  echo "${bs_m}section kernel-log ok $1 cursor=$2 from=$3 scanned=$bs_n"
  [ -z "$bs_body" ] || printf '%s\n' "$bs_body"
}
bs_split() {  # $bs_o -> $bs_body, $bs_next (cursor part), $bs_n (lines scanned)
  bs_last=${bs_o##*@@next }
  case $bs_o in *'
@@next '*) bs_body=${bs_o%'
@@next '*};; *) bs_body=;; esac
  bs_next=${bs_last% *}; bs_n=${bs_last##* }
}
bs_injournal() {  # the journal shows the system's kernel lines to root and these groups only
  [ "$bs_uid" = 0 ] && return 0
  for bs_g in $(id -Gn 2>/dev/null); do
    case $bs_g in systemd-journal|adm|wheel) return 0;; esac
  done
  return 1
}
bs_klog() {
  bs_c=${BS_KLOG_CURSOR:-}
  case $bs_c in *[!A-Za-z0-9=\;:._/+-]*) bs_c=;; esac
  bs_why=
  # 1. the journal
  if command -v journalctl >/dev/null 2>&1 && { [ -d /run/log/journal ] || [ -d /var/log/journal ]; }; then
    if bs_injournal; then
      case $bs_c in
        journal:?*)
          bs_o=$({ TZ=UTC0 journalctl -q --no-pager -o short-iso _TRANSPORT=kernel --show-cursor \
                     --after-cursor="${bs_c#journal:}" 2>/dev/null || echo "@@journal-failed"; } |
                 awk -v mode=journal "$bs_encawk$bs_oomawk")
          bs_split
          # a cursor the journal no longer knows (vacuumed, or another machine's): from the start
          if [ "$bs_next" != failed ]; then
            bs_klog_out journalctl "journal:${bs_next:-${bs_c#journal:}}" cursor
            return 0
          fi;;
      esac
      bs_o=$({ TZ=UTC0 journalctl -q --no-pager -o short-iso _TRANSPORT=kernel --show-cursor 2>/dev/null ||
                 echo "@@journal-failed"; } | awk -v mode=journal "$bs_encawk$bs_oomawk")
      bs_split
      [ "$bs_next" != failed ] || bs_next=
      # a journal without kernel lines (journald not reading /dev/kmsg): try the others
      if [ "$bs_n" != 0 ] && [ -n "$bs_next" ]; then bs_klog_out journalctl "journal:$bs_next" start; return 0; fi
    else
      bs_why="journal: not in group systemd-journal, adm or wheel"
    fi
  fi
  # 2. dmesg, from the kernel's ring buffer (this boot only)
  bs_r=0
  { read -r bs_r < /proc/sys/kernel/dmesg_restrict; } 2>/dev/null
  if command -v dmesg >/dev/null 2>&1; then
    if [ "$bs_uid" != 0 ] && [ "$bs_r" = 1 ]; then
      bs_why="${bs_why:+$bs_why; }dmesg: kernel.dmesg_restrict=1"
    else
      bs_boot=
      { read -r bs_boot < /proc/sys/kernel/random/boot_id; } 2>/dev/null
      bs_since=; bs_skip=0; bs_from=start
      case $bs_c in
        "dmesg:$bs_boot:"*:*)
          bs_t=${bs_c#dmesg:$bs_boot:}; bs_since=${bs_t%:*}; bs_skip=${bs_t##*:}
          case $bs_since$bs_skip in *[!0-9.]*|'') bs_since=; bs_skip=0;; *) bs_from=cursor;; esac;;
      esac
      bs_o=$({ dmesg 2>/dev/null || echo "@@dmesg-failed"; } |
             awk -v mode=dmesg -v since="$bs_since" -v skip="$bs_skip" "$bs_encawk$bs_oomawk")
      bs_split
      case $bs_next in
        failed) bs_why="${bs_why:+$bs_why; }dmesg failed";;
        :*)
          if [ "$bs_n" != 0 ]; then  # no [seconds] stamps (printk.time=0): the whole buffer every time
            bs_klog_out dmesg "dmesg:$bs_boot:-:0" start
          elif [ "$bs_from" = cursor ]; then
            bs_klog_out dmesg "$bs_c" cursor
          else
            bs_klog_out dmesg "dmesg:$bs_boot:0:0" start
          fi
          return 0;;
        *) bs_klog_out dmesg "dmesg:$bs_boot:$bs_next" $bs_from; return 0;;
      esac
    fi
  fi
  # 3. the syslog files
  for bs_f in /var/log/kern.log /var/log/messages; do
    [ -e "$bs_f" ] || continue
    if [ ! -r "$bs_f" ]; then bs_why="${bs_why:+$bs_why; }$bs_f: not readable"; continue; fi
    set -- $(ls -di "$bs_f" 2>/dev/null); bs_ino=$1
    bs_size=$(wc -c < "$bs_f" 2>/dev/null) || continue
    bs_size=$((bs_size + 0))
    bs_off=; bs_from=start
    case $bs_c in
      "file:$bs_f:$bs_ino:"*)
        bs_off=${bs_c##*:}
        case $bs_off in ''|*[!0-9]*) bs_off=;; *) [ "$bs_off" -le "$bs_size" ] && bs_from=cursor || bs_off=;; esac;;
    esac
    if [ -z "$bs_off" ]; then
      bs_off=0; [ "$bs_size" -le "$bs_klog_max" ] || bs_off=$((bs_size - bs_klog_max))
    fi
    bs_o=$(tail -c +$((bs_off + 1)) "$bs_f" 2>/dev/null | head -c $((bs_size - bs_off)) 2>/dev/null |
           awk -v mode=file -v size=$((bs_size - bs_off)) "$bs_encawk$bs_oomawk")
    bs_split
    bs_klog_out "$bs_f" "file:$bs_f:$bs_ino:$((bs_off + bs_next))" $bs_from
    return 0
  done
  if [ -n "$bs_why" ]; then
    echo "${bs_m}section kernel-log needs-root $bs_why"
  else
    echo "${bs_m}section kernel-log missing no journal, dmesg, /var/log/kern.log or /var/log/messages"
  fi
}
bs_klog

# boots: the journal's list when it knows more than one boot, else wtmp
bs_boots() {
  bs_j=; bs_jn=0
  if command -v journalctl >/dev/null 2>&1 && bs_injournal; then
    bs_j=$(TZ=UTC0 journalctl --no-pager --list-boots 2>/dev/null | tail -n 25)
    bs_ifs=$IFS; IFS='
'
    for bs_l in $bs_j; do case $bs_l in *[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*) bs_jn=$((bs_jn + 1));; esac; done
    IFS=$bs_ifs
  fi
  if [ "$bs_jn" -ge 2 ]; then
    echo "${bs_m}section boots ok journalctl --list-boots"; printf '%s\n' "$bs_j"; return 0
  fi
  if command -v last >/dev/null 2>&1; then
    bs_w=$(TZ=UTC0 last -x --time-format iso -n 25 reboot shutdown 2>/dev/null) ||
      bs_w=$(TZ=UTC0 last -x -F -n 25 reboot shutdown 2>/dev/null) || bs_w=
    case $bs_w in
      *reboot*) echo "${bs_m}section boots ok last -x"; printf '%s\n' "$bs_w"; return 0;;
    esac
  fi
  if [ "$bs_jn" -ge 1 ]; then
    echo "${bs_m}section boots ok journalctl --list-boots"; printf '%s\n' "$bs_j"; return 0
  fi
  echo "${bs_m}section boots missing no journal boots and no reboot records in wtmp"
}
if [ "$bs_light" = 1 ]; then echo "${bs_m}section boots skipped light sample"; else bs_boots; fi
# --- Socket playbook: TCP/UDP sockets, every process's fds (sockets, pipes, FIFOs) and threads with wchan
# Bedside probe: socket, fd and thread sources (issue 5, socket playbook).
#
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
# ss pads every line to its widest cell: runs of blanks are squeezed. Its last field, cgroup:PATH,
# is a directory name that whoever may create cgroups chose (root, or a user with a delegated
# subtree): printed escaped (enc, spaces too). ss prints it raw, but a newline cannot be in it: the
# kernel refuses '\n' in a cgroup's name on mkdir and on rename (EINVAL, so that /proc/PID/cgroup
# stays one line per hierarchy; cgroup_mkdir and cgroup1_rename), long before ss learnt to print
# cgroup paths (kernel 5.7). CgroupNamesOnThisMachineTest holds this machine's kernel to it.
bs_ssawk='
{
  l = $0; c = index(l, " cgroup:"); g = ""
  if (c) { g = substr(l, c + 8); l = substr(l, 1, c - 1) }
  gsub(/  +/, " ", l); l = enc(l)
  if (c) {
    e = ""
    if (g ~ / [<>-][<>-][<>-]$/) { e = substr(g, length(g) - 3); g = substr(g, 1, length(g) - 4) }
    l = l " cgroup:" enc(g, 1) e
  }
  print l
}'
if command -v ss >/dev/null 2>&1; then
  echo "${bs_m}section ss-tcp ok ss -tane"
  ss -tane 2>/dev/null | awk "$bs_encawk$bs_ssawk" || echo "${bs_m}status ss-tcp error ss -tane failed"
  echo "${bs_m}section ss-udp ok ss -uane"
  ss -uane 2>/dev/null | awk "$bs_encawk$bs_ssawk" || echo "${bs_m}status ss-udp error ss -uane failed"
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
# BusyBox ls prints a link target raw, so a target holding a newline continues on lines of its own
# choosing. `ls -lL` prints no target (its names are fd numbers), so it is the list of what exists:
# a line of `ls -l` counts only for a pid and fd that list holds, once; any other line continues the
# target before it (so a newline is kept; of the blank lines before a pid's listing, the last one is
# ls's own separator). A forged line for a real fd meets that fd's real line too,
# and a second listing of a pid meets the real one: either way the section says so and no fd is used.
bs_fdawk='
BEGIN { if (nulrs) RS = "\0" }
function pidof(p) { sub(/^\/proc\//, "", p); sub(/\/.*$/, "", p); sub(/:$/, "", p); return p }
$1 == "@all" { for (i = 2; i <= NF; i++) { p = pidof($i); all[++n] = p }; next }
$1 == "@noread" { bad[pidof($2)] = 1; next }
$1 == "@type" { mode = "type"; next }
$1 == "@link" { mode = "link"; next }
mode == "" && $1 == "D" { ok[pidof($2)] = 1; next }
mode == "" {
  p = pidof($1); t = $0; for (i = 1; i <= 4; i++) sub(/^[^ ]* /, "", t)
  if ($4 == "?" || t == "") { bad[p] = 1; next }
  print p, $2, $3, $4, enc(t); fds[p]++; next
}
mode == "type" && /^\/proc\/[0-9]+\/fd:$/ { cur = pidof($0); ok[cur] = 1; next }
mode == "link" && /^\/proc\/[0-9]+\/fd:$/ {
  if (last != "") for (; nb > 1; nb--) tgt[last] = tgt[last] "\n"
  cur = pidof($0); last = ""; nb = 0
  if (cur in seen) tamper = "the fd listing of pid " cur " appeared twice"
  seen[cur] = 1; next
}
mode == "link" && $0 == "" { nb++; next }
mode == "link" && nb > 0 { if (last != "") for (; nb > 0; nb--) tgt[last] = tgt[last] "\n"; nb = 0 }
mode == "link" && last == "" && /^total / { next }
mode != "link" && (/^total / || NF < 3) { next }
mode == "type" { ty[cur " " $NF] = (substr($1, 1, 1) == "-") ? "f" : substr($1, 1, 1); next }
mode == "link" {
  a = index($0, " -> "); h = substr($0, 1, a - 1); fd = h; sub(/.* /, "", fd)
  if (a == 0 || $1 !~ /^l/ || fd !~ /^[0-9]+$/) { if (last != "") tgt[last] = tgt[last] "\n" $0; next }
  k = cur " " fd
  if (!(k in ty)) { last = ""; next }
  if (k in tgt) { tamper = "fd " fd " of pid " cur " was listed twice"; next }
  keys[++nk] = k; tgt[k] = substr($0, a + 4); md[k] = $1; last = k; next
}
END {
  if (tamper != "") {
    print bs_m "status proc-fds error a link target holds a newline and ls -l prints it raw (" tamper "), so the fd tables are not used"
    exit
  }
  if (last != "") for (; nb > 0; nb--) tgt[last] = tgt[last] "\n"
  for (i = 1; i <= nk; i++) {
    k = keys[i]; split(k, kp, " ")
    print kp[1], kp[2], md[k], ty[k], enc(tgt[k]); fds[kp[1]]++
  }
  for (i = 1; i <= n; i++) {
    p = all[i]; s = readall("/proc/" p "/stat")
    if (s == "") continue
    c = statcomm(s); split(statrest(s), st, " ")
    f = "/proc/" p "/limits"; lim = "?/?"
    while ((getline l < f) > 0) if (l ~ /^Max open files /) { split(l, w, " "); lim = w[4] "/" w[5] }
    close(f)
    d = (p in bad || !(p in ok)) ? "unreadable" : fds[p] + 0
    print "pid=" p " start=" st[20] " nofile=" lim " fds=" d " comm=" enc(c)
  }
}'
if [ "$bs_light" = 1 ]; then
  echo "${bs_m}section proc-fds skipped light sample"
elif [ ! -d /proc/self/fd ]; then
  echo "${bs_m}section proc-fds missing /proc/PID/fd"
elif ! command -v awk >/dev/null 2>&1; then
  echo "${bs_m}section proc-fds missing awk"
else
  if [ "$bs_uid" = 0 ]; then bs_who="uid 0"; else bs_who="uid $bs_uid: other users' fds need root"; fi
  if find /proc/self -maxdepth 0 -readable -printf '' >/dev/null 2>&1; then
    echo "${bs_m}section proc-fds ok find /proc/PID/fd ($bs_who)"
    # records end in NUL, not newline: a link target (a path) may hold newlines
    {
      printf '%s ' @all /proc/[0-9]*; printf '\000'
      [ "$bs_uid" = 0 ] || for bs_fdir in /proc/[0-9]*/fd; do [ -r "$bs_fdir" ] || printf '@noread %s\000' "$bs_fdir"; done
      find /proc/[0-9]*/fd -maxdepth 1 \( -type d -readable -printf 'D %h\000' \) -o \
        \( ! -type d -printf '%h %f %M %Y %l\000' \) 2>/dev/null
    } | if [ "$(printf 'a\000b\000' | awk 'BEGIN { RS = "\0" } END { print NR }' 2>/dev/null)" = 2 ]; then
      awk -v nulrs=1 "$bs_encawk$bs_fdawk"
    else
      # an awk that cannot split at NUL (BusyBox): a newline inside a link target becomes "?"
      tr '\n\000' '?\n' | awk "$bs_encawk$bs_fdawk"
    fi
  else
    echo "${bs_m}section proc-fds ok ls -l /proc/PID/fd ($bs_who)"
    {
      echo "@all" /proc/[0-9]*
      [ "$bs_uid" = 0 ] || for bs_fdir in /proc/[0-9]*/fd; do [ -r "$bs_fdir" ] || echo "@noread $bs_fdir"; done
      echo "@type"
      ls -lL /proc/[0-9]*/fd 2>/dev/null
      echo "@link"
      ls -l /proc/[0-9]*/fd 2>/dev/null
    } | awk -v bs_m="$bs_m" "$bs_encawk$bs_fdawk"
  fi
fi

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
  echo "${bs_m}section proc-threads skipped light sample"
elif [ ! -d /proc/self/task ]; then
  echo "${bs_m}section proc-threads missing /proc/PID/task"
elif ! command -v awk >/dev/null 2>&1; then
  echo "${bs_m}section proc-threads missing awk"
else
  if [ "$bs_uid" = 0 ]; then
    echo "${bs_m}section proc-threads ok /proc/PID/task (uid 0)"
  else
    echo "${bs_m}section proc-threads ok /proc/PID/task (uid $bs_uid: wchan and syscall of other users' threads need root)"
  fi
  printf '%s\n' /proc/[0-9]*/task/[0-9]* | awk "$bs_encawk$bs_thrawk"
fi
bs_clock
read -r bs_cpu < /proc/$$/stat
echo "${bs_m}end elapsed_ns=$((bs_t - bs_t0)) stat=${bs_cpu##*)}"
