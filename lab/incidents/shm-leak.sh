#!/usr/bin/env bash
# shm-leak.sh: reproduce seed 001 in a running lab host. Deploys killed a daemon with kill -9
# after TERM was ignored; every killed instance left its System V shared memory segment behind,
# until the daemon could not start: "shm_attach() failed ...: No space left on device".
#
#   shm-leak.sh NSPID [--shmmni N]    make the incident (default N=16); runs --reset first
#   shm-leak.sh NSPID --reset         remove everything it made and restore kernel.shmmni
#
# NSPID is a process in the lab host's namespaces: "nsPid" in lab/run/NAME/lab.json. Run as root
# on the machine. Everything happens inside that host's IPC namespace (nsenter -t NSPID -i -u -m);
# the script refuses to run in the machine's own IPC namespace.
#
# What it makes, inside the lab host:
#   kernel.shmmni = N
#   a running daemon (perl, setsid) attached to one 64 KiB segment (key 0x6104e88b): in use, never
#     orphaned; plus one segment it attached and then removed with IPC_RMID, so it is marked for
#     removal (perms 1600) until the daemon exits; the daemon leaves when the lab goes away
#   "deploys": daemon instances that each create and attach a 64 KiB IPC_PRIVATE segment and are
#     killed with kill -9, until the kernel refuses a new segment: nothing attached, creator dead
# and then shows that a service needing a segment (`ipcmk -M 65536`) cannot start.
#
# Exit status: 0 incident reproduced (or reset done), 1 failure, 2 usage.
set -euo pipefail

readonly PROG=shm-leak.sh
readonly HOLDER_TAG=bedside-lab-shm-daemon
readonly SEG=65536

readonly USAGE_LINES=22
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
SHMMNI=16
RESET_ONLY=0
while [ $# -gt 0 ]; do
  case $1 in
    --shmmni) [ $# -ge 2 ] || usage; SHMMNI=$2; shift 2;;
    --reset) RESET_ONLY=1; shift;;
    *) usage;;
  esac
done
[[ $SHMMNI =~ ^[0-9]+$ ]] && [ "$SHMMNI" -ge 4 ] && [ "$SHMMNI" -le 32768 ] || die "--shmmni must be 4..32768."
require_lab "nsenter into the lab host's namespaces needs it"
for c in nsenter setsid perl ipcmk ipcrm sysctl; do command -v "$c" >/dev/null || die "$c is missing."; done
perl -MIPC::SysV=shmat -e1 2>/dev/null || die "perl's IPC::SysV module (with shmat) is missing."

lab_ipc_namespace "refusing to exhaust the machine's shared memory."
lab_state shm-leak
state_init

# "shmid ctime" of a segment in the lab, or nothing when it is gone. Not the key: IPC_RMID
# turns the key of a segment still attached into 0.
shm_row() { in_ns awk -v id="$1" '$2 == id { print $2, $14 }' /proc/sysvipc/shm; }

holder_alive() {
  local pid cmd
  pid=$(cat "$STATE/holder.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$HOLDER_TAG"* ]]
}

reset() {
  local n=0 kept=0 id ctime row pid
  if holder_alive; then
    pid=$(cat "$STATE/holder.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    say "stopped the daemon $pid."
  fi
  if [ -f "$STATE/made" ]; then
    while read -r id ctime; do
      row=$(shm_row "$id")
      if [ "$row" = "$id $ctime" ]; then
        in_ns ipcrm -m "$id" && n=$((n + 1))
      elif [ -n "$row" ]; then
        kept=$((kept + 1))
      fi
    done <"$STATE/made"
  fi
  if [ -f "$STATE/kernel.shmmni" ]; then
    in_ns sysctl -q -w kernel.shmmni="$(cat "$STATE/kernel.shmmni")"
    say "kernel.shmmni restored to $(cat "$STATE/kernel.shmmni")."
  fi
  if [ "$kept" -gt 0 ]; then
    say "removed $n shared memory segments it had made ($kept ids now hold other segments: left alone)."
  else
    say "removed $n shared memory segments it had made."
  fi
  rm -rf "$STATE"
  rmdir "$(dirname "$STATE")" 2>/dev/null || true
}

remember() {  # SHMID...
  local id row
  for id in "$@"; do
    row=$(shm_row "$id")
    if [ -n "$row" ]; then echo "$row" >>"$STATE/made"; fi
  done
}

if [ -f "$STATE/made" ] || [ -f "$STATE/kernel.shmmni" ] || [ "$RESET_ONLY" = 1 ]; then
  reset
  [ "$RESET_ONLY" = 1 ] && exit 0
  state_init
fi

# ------------------------------------------------------------------ the incident

in_ns cat /proc/sys/kernel/shmmni >"$STATE/kernel.shmmni"
in_ns sysctl -q -w kernel.shmmni="$SHMMNI"
: >"$STATE/made"

# The daemon that runs: attached to its segment, and to one it already removed (marked for removal).
rm -f "$STATE/holder.out"
in_ns setsid perl -MIPC::SysV=IPC_PRIVATE,IPC_CREAT,IPC_RMID,shmat -e '
  my ($out, $nspid, $ns, $size) = @ARGV;
  $0 = "'"$HOLDER_TAG"' (lab ipc:[$ns])";
  my $id = shmget(0x6104e88b, $size, 0666 | IPC_CREAT);
  defined $id or die "shmget: $!\n";
  defined shmat($id, undef, 0) or die "shmat: $!\n";
  my $gone = shmget(IPC_PRIVATE, $size, 0600 | IPC_CREAT);
  defined $gone or die "shmget: $!\n";
  defined shmat($gone, undef, 0) or die "shmat: $!\n";
  open(my $fh, ">", "$out.tmp") or die "$out: $!\n"; print $fh "$$ $id $gone\n"; close $fh;
  shmctl($gone, IPC_RMID, 0) or die "shmctl: $!\n";
  rename("$out.tmp", $out);
  close STDIN; close STDOUT; close STDERR;
  while (1) {
    sleep 5;
    my $l = readlink("/proc/$nspid/ns/ipc") // "";
    exit 0 unless $l eq "ipc:[$ns]";
  }' "$STATE/holder.out" "$NSPID" "$NS_ID" "$SEG" </dev/null >/dev/null 2>"$STATE/holder.err" &
for _ in $(seq 1 50); do [ -s "$STATE/holder.out" ] && break; sleep 0.1; done
[ -s "$STATE/holder.out" ] || die "the daemon did not start: $(cat "$STATE/holder.err")"
read -r HOLDER H1 H2 <"$STATE/holder.out"
echo "$HOLDER" >"$STATE/holder.pid"
remember "$H1" "$H2"

# Deploys: start an instance, it makes and attaches its segment, TERM "is ignored", kill -9.
DEPLOYS=0
ERR=
for i in $(seq 1 $((SHMMNI + 8))); do
  out=$STATE/deploy.out
  rm -f "$out"
  in_ns perl -MIPC::SysV=IPC_PRIVATE,IPC_CREAT,shmat -e '
    my ($out, $size) = @ARGV;
    $SIG{TERM} = "IGNORE";
    my $id = shmget(IPC_PRIVATE, $size, 0600 | IPC_CREAT);
    if (!defined $id) { my $e = "$!"; open(my $fh, ">", $out) or die; print $fh "error shmget failed: $e\n"; close $fh; exit 1 }
    defined shmat($id, undef, 0) or die "shmat: $!\n";
    open(my $fh, ">", $out) or die; print $fh "$$ $id\n"; close $fh;
    sleep 60;' "$out" "$SEG" </dev/null >/dev/null 2>"$STATE/deploy.err" &
  DPID=$!
  for _ in $(seq 1 50); do [ -s "$out" ] && break; sleep 0.05; done
  [ -s "$out" ] || die "deploy $i: the daemon instance did not start: $(cat "$STATE/deploy.err")"
  read -r first rest <"$out"
  if [ "$first" = error ]; then
    ERR=$rest
    wait "$DPID" 2>/dev/null || true
    break
  fi
  kill -TERM "$first" 2>/dev/null || true   # ignored, as in the seed
  kill -9 "$first"
  wait "$DPID" 2>/dev/null || true
  remember "$rest"
  DEPLOYS=$((DEPLOYS + 1))
done
rm -f "$STATE/deploy.out" "$STATE/deploy.err"
case $ERR in
  *"No space left on device"*) ;;
  *) die "shmget did not run out of space after $DEPLOYS deploys: ${ERR:-it never failed}";;
esac

# The service that cannot start.
if SVC=$(in_ns ipcmk -M "$SEG" 2>&1); then
  remember "${SVC##*: }"
  die "a new segment could still be made ($SVC): the incident was not reproduced."
fi

USED=$(in_ns awk 'NR > 1 { n++ } END { print n + 0 }' /proc/sysvipc/shm)
cat <<EOF
Seed 001 reproduced in the lab host (IPC namespace ipc:[$NS_ID], via pid $NSPID):
  kernel.shmmni       $SHMMNI   (was $(cat "$STATE/kernel.shmmni"))
  used segments       $USED of $SHMMNI
  in use              pid $HOLDER ($HOLDER_TAG): shmid $H1 (key 0x6104e88b, attached)
  marked for removal  shmid $H2 (IPC_RMID while attached by pid $HOLDER: goes when it detaches)
  leaked              $DEPLOYS segments of $SEG bytes from daemon instances killed with kill -9 after TERM was ignored
  deploy $((DEPLOYS + 1))            FAILED: $ERR
  service start       FAILED: $SVC
Look:  lab/bedside-lab exec LAB -- ipcs -m ; ... -- ipcs -mp ; ... -- ipcs -lm
Undo:  $0 $NSPID --reset
EOF
