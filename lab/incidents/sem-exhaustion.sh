#!/usr/bin/env bash
# sem-exhaustion.sh: reproduce seed 000 in a running lab host. The host's System V semaphore
# arrays are full (used arrays = SEMMNI), filled by leaked root-owned arrays, so a service that
# needs a semaphore cannot start ("No space left on device").
#
#   sem-exhaustion.sh NSPID [--semmni N]    make the incident (default N=32); runs --reset first
#   sem-exhaustion.sh NSPID --reset         remove everything it made and restore kernel.sem
#
# NSPID is a process in the lab host's namespaces: "nsPid" in lab/run/NAME/lab.json. Run as root
# on the machine. Everything happens inside that host's IPC namespace (nsenter -t NSPID -i -u -m);
# the script refuses to run in the machine's own IPC namespace.
#
# What it makes, inside the lab host:
#   kernel.sem = "250 32000 32 N"
#   a "service" process (perl, setsid) that holds 2 arrays with keys 0x50038d9e and 0x52038d9e
#     and operates on them every 5 s: in use, never orphaned; it exits when the lab goes away
#   2 arrays whose last user was killed with kill -9 (last-operation pid dead): orphaned
#   leaked arrays made by `ipcmk -S 1 -p 600` as root until ipcmk fails (last-operation pid 0)
# and then shows that a service needing a semaphore (`ipcmk -S 1`) cannot start.
#
# Exit status: 0 incident reproduced (or reset done), 1 failure, 2 usage.
set -euo pipefail

readonly PROG=sem-exhaustion.sh
readonly HOLDER_TAG=bedside-lab-sem-holder

readonly USAGE_LINES=20
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
SEMMNI=32
RESET_ONLY=0
while [ $# -gt 0 ]; do
  case $1 in
    --semmni) [ $# -ge 2 ] || usage; SEMMNI=$2; shift 2;;
    --reset) RESET_ONLY=1; shift;;
    *) usage;;
  esac
done
[[ $SEMMNI =~ ^[0-9]+$ ]] && [ "$SEMMNI" -ge 4 ] && [ "$SEMMNI" -le 32768 ] || die "--semmni must be 4..32768."
require_lab "nsenter into the lab host's namespaces needs it"
for c in nsenter setsid perl ipcmk ipcrm ipcs sysctl; do command -v "$c" >/dev/null || die "$c is missing."; done
perl -MIPC::SysV -e1 2>/dev/null || die "perl's IPC::SysV module is missing."

lab_ipc_namespace "refusing to exhaust the machine's semaphores."
lab_state sem-exhaustion
state_init

# "semid key ctime" of an array in the lab, or nothing when it is gone
sem_row() { in_ns awk -v id="$1" '$2 == id { print $2, $1, $10 }' /proc/sysvipc/sem; }

holder_alive() {
  local pid
  pid=$(cat "$STATE/holder.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$HOLDER_TAG"* ]]
}

reset() {
  local n=0 kept=0 id key ctime row
  if holder_alive; then
    kill "$(cat "$STATE/holder.pid")" 2>/dev/null || true
    say "stopped the service process $(cat "$STATE/holder.pid")."
  fi
  if [ -f "$STATE/made" ]; then
    # only what this script made: same id, key and change time as when it made it
    while read -r id key ctime; do
      row=$(sem_row "$id")
      if [ "$row" = "$id $key $ctime" ]; then
        in_ns ipcrm -s "$id" && n=$((n + 1))
      elif [ -n "$row" ]; then
        kept=$((kept + 1))
      fi
    done <"$STATE/made"
  fi
  if [ -f "$STATE/kernel.sem" ]; then
    in_ns sysctl -q -w kernel.sem="$(cat "$STATE/kernel.sem")"
    say "kernel.sem restored to $(cat "$STATE/kernel.sem")."
  fi
  if [ "$kept" -gt 0 ]; then
    say "removed $n semaphore arrays it had made ($kept ids now hold other arrays: left alone)."
  else
    say "removed $n semaphore arrays it had made."
  fi
  rm -rf "$STATE"
  rmdir "$(dirname "$STATE")" 2>/dev/null || true
}

remember() {  # SEMID...: record id, key and change time of arrays this script made
  local id row
  for id in "$@"; do
    row=$(sem_row "$id")
    if [ -n "$row" ]; then echo "$row" >>"$STATE/made"; fi
  done
}

if [ -f "$STATE/made" ] || [ -f "$STATE/kernel.sem" ] || [ "$RESET_ONLY" = 1 ]; then
  reset
  [ "$RESET_ONLY" = 1 ] && exit 0
  state_init
fi

# ------------------------------------------------------------------ the incident

read -r a b c d < <(in_ns cat /proc/sys/kernel/sem)
echo "$a $b $c $d" >"$STATE/kernel.sem"
in_ns sysctl -q -w kernel.sem="250 32000 32 $SEMMNI"
: >"$STATE/made"

# The service that works: two arrays it keeps using (keys as monxpmp's in seed 000).
# It leaves when the lab host goes away, so a forgotten --reset does not keep the namespace alive.
rm -f "$STATE/holder.out"
in_ns setsid perl -MIPC::SysV=IPC_CREAT -e '
  my ($out, $nspid, $ns) = @ARGV;
  $0 = "'"$HOLDER_TAG"' (lab ipc:[$ns])";
  my @ids;
  for my $key (0x50038d9e, 0x52038d9e) {
    my $id = semget($key, 1, 0666 | IPC_CREAT);
    defined $id or die "semget: $!\n";
    semop($id, pack("s!3", 0, 1, 0)) or die "semop: $!\n";
    push @ids, $id;
  }
  open(my $fh, ">", "$out.tmp") or die "$out: $!\n"; print $fh "$$ @ids\n"; close $fh; rename("$out.tmp", $out);
  close STDIN; close STDOUT; close STDERR;
  while (1) {
    sleep 5;
    my $l = readlink("/proc/$nspid/ns/ipc") // "";
    exit 0 unless $l eq "ipc:[$ns]";
    for my $id (@ids) { semop($id, pack("s!3", 0, -1, 0)) and semop($id, pack("s!3", 0, 1, 0)) or exit 0 }
  }' "$STATE/holder.out" "$NSPID" "$NS_ID" </dev/null >/dev/null 2>"$STATE/holder.err" &
for _ in $(seq 1 50); do [ -s "$STATE/holder.out" ] && break; sleep 0.1; done
[ -s "$STATE/holder.out" ] || die "the service process did not start: $(cat "$STATE/holder.err")"
read -r HOLDER H1 H2 <"$STATE/holder.out"
echo "$HOLDER" >"$STATE/holder.pid"
remember "$H1" "$H2"

# A worker that was killed with kill -9 after using its arrays: last-operation pid now dead.
KILLED_OUT=$STATE/killed.out
rm -f "$KILLED_OUT"
in_ns perl -MIPC::SysV=IPC_PRIVATE,IPC_CREAT -e '
  my @ids;
  for (1, 2) {
    my $id = semget(IPC_PRIVATE, 1, 0600 | IPC_CREAT);
    defined $id or die "semget: $!\n";
    semop($id, pack("s!3", 0, 1, 0)) or die "semop: $!\n";
    push @ids, $id;
  }
  open(my $fh, ">", $ARGV[0]) or die; print $fh "$$ @ids\n"; close $fh;
  sleep 60;' "$KILLED_OUT" </dev/null >/dev/null 2>"$STATE/killed.err" &
KPID=$!
for _ in $(seq 1 50); do [ -s "$KILLED_OUT" ] && break; sleep 0.1; done
[ -s "$KILLED_OUT" ] || die "the worker did not start: $(cat "$STATE/killed.err")"
read -r KILLED K1 K2 <"$KILLED_OUT"
kill -9 "$KILLED"
wait "$KPID" 2>/dev/null || true
remember "$K1" "$K2"

# Leaks: arrays nobody ever operated on, until the kernel says no.
LEAKED=0
ERR=
for _ in $(seq 1 $((SEMMNI + 8))); do
  if out=$(in_ns ipcmk -S 1 -p 600 2>&1); then
    id=${out##*: }
    remember "$id"
    LEAKED=$((LEAKED + 1))
  else
    ERR=$out
    break
  fi
done
case $ERR in
  *"No space left on device"*) ;;
  *) die "ipcmk did not run out of space after $LEAKED arrays: ${ERR:-it never failed}";;
esac

# The service that cannot start.
if SVC=$(in_ns ipcmk -S 1 2>&1); then
  remember "${SVC##*: }"
  die "a new semaphore array could still be made ($SVC): the incident was not reproduced."
fi

USED=$(in_ns awk 'NR > 1 { n++ } END { print n + 0 }' /proc/sysvipc/sem)
cat <<EOF
Seed 000 reproduced in the lab host (IPC namespace ipc:[$NS_ID], via pid $NSPID):
  kernel.sem          250 32000 32 $SEMMNI   (was $(cat "$STATE/kernel.sem"))
  used arrays         $USED of $SEMMNI
  in use              pid $HOLDER ($HOLDER_TAG): semids $H1 $H2, keys 0x50038d9e 0x52038d9e, operated on every 5 s
  killed with -9      pid $KILLED (dead): semids $K1 $K2, last operation by the dead pid
  leaked              $LEAKED arrays from 'ipcmk -S 1 -p 600', never operated on
  service start       FAILED: $SVC
Look:  lab/bedside-lab exec LAB -- ipcs -s ; ... -- ipcs -u ; ... -- ipcs -ls
Undo:  $0 $NSPID --reset
EOF
