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
# --- System V IPC (IPC playbook): tables, limits, who last used each object, live pids last
big sysvipc-sem /proc/sysvipc/sem
big sysvipc-shm /proc/sysvipc/shm
big sysvipc-msg /proc/sysvipc/msg

bs_limit() {  # NAME VALUE... (words joined by one space: kernel.sem is tab-separated)
  bs_k=$1; shift
  echo "kernel.$bs_k=$*"
}
if [ -e /proc/sys/kernel/sem ] || [ -e /proc/sys/kernel/shmmni ] || [ -e /proc/sys/kernel/msgmni ]; then
  echo "@@bedside:section ipc-limits ok /proc/sys/kernel"
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
  echo "@@bedside:section ipc-limits missing /proc/sys/kernel/sem"
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
  echo "@@bedside:section sem-pids missing /proc/sysvipc/sem"
elif ! bs_rows /proc/sysvipc/sem; then
  echo "@@bedside:section sem-pids ok no arrays"
elif bs_o=$(perl -e "$bs_semperl" 2>/dev/null); then
  echo "@@bedside:section sem-pids ok semctl GETPID (perl)"
  [ -z "$bs_o" ] || printf '%s\n' "$bs_o"
elif ! command -v ipcs >/dev/null 2>&1; then
  echo "@@bedside:section sem-pids missing ipcs (util-linux or busybox) and perl IPC::SysV"
else
  # util-linux ipcs -s -i reads all of /proc/sysvipc/sem to find one id (~20 ms per call at 32,000
  # arrays), so the loop stops after bs_ipcs_max arrays; the rest say why they were not read.
  echo "@@bedside:section sem-pids ok ipcs -s -i"
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

# shm-attach: one grep over every process's maps; the pid and comm per match with builtins.
bs_shmmap() {  # PID ADDR PERMS OFFSET DEV INODE /SYSVxxxxxxxx [(deleted)]
  case $7 in /SYSV[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;; *) return 0;; esac
  bs_c=
  { read -r bs_c < "/proc/$1/comm"; } 2>/dev/null
  bs_k=${7#/SYSV}
  echo "pid=$1 comm=$bs_c shmkey=0x$bs_k shmid=$6"
}
if [ ! -e /proc/sysvipc/shm ]; then
  echo "@@bedside:section shm-attach missing /proc/sysvipc/shm"
elif ! bs_rows /proc/sysvipc/shm; then
  echo "@@bedside:section shm-attach ok no segments"
elif [ "$bs_uid" != 0 ]; then
  echo "@@bedside:section shm-attach needs-root /proc/PID/maps of other users"
else
  echo "@@bedside:section shm-attach ok /proc/PID/maps"
  bs_o=$(grep -F /SYSV /proc/[0-9]*/maps 2>&1)
  bs_bad=; bs_last=
  bs_ifs=$IFS
  IFS='
'
  set -f
  for bs_l in $bs_o; do
    case $bs_l in
      /proc/*/maps:*/SYSV*)
        bs_p=${bs_l#/proc/}; bs_p=${bs_p%%/*}
        bs_r=${bs_l#*/maps:}
        # one line per mapping; a segment split into adjacent VMAs is printed once
        case "$bs_last" in "$bs_p ${bs_r#* * * * }") continue;; esac
        bs_last="$bs_p ${bs_r#* * * * }"
        IFS=$bs_ifs
        bs_shmmap "$bs_p" $bs_r
        IFS='
';;
      *': Permission denied')
        bs_p=${bs_l#*/proc/}; bs_p=${bs_p%%/*}; bs_bad="$bs_bad,$bs_p";;
      # a process that exited between the glob and the read is not an error
    esac
  done
  IFS=$bs_ifs
  set +f
  [ -z "$bs_bad" ] || echo "unreadable=${bs_bad#,}"
fi

bs_alive() {
  bs_here=$PWD
  cd /proc 2>/dev/null || return 1
  set -- [0-9]*
  cd "$bs_here" 2>/dev/null || cd /
  echo "@@bedside:section pids-alive ok /proc"
  echo "$*"
}
bs_alive || echo "@@bedside:section pids-alive unreadable /proc"
bs_clock
read -r bs_cpu < /proc/$$/stat
echo "@@bedside:end elapsed_ns=$((bs_t - bs_t0)) stat=${bs_cpu##*)}"
