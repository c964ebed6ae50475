#!/usr/bin/env bash
# shm-namespace-twin.sh: a leak beside a container's segment with the same id. The lab host's IPC
# namespace (A) holds a System V shared memory segment that nobody maps and whose creator is gone:
# a leak. A process in a second IPC namespace (B, unshare -i from inside the lab host, as a
# container runtime does) makes its own segment with the SAME id and keeps it mapped. Segment ids
# are per namespace, so B's mapping says nothing about A's segment: A's stays a leak.
#
#   shm-namespace-twin.sh NSPID [--id N] [--no-twin]   make it (default id 0); runs --reset first
#   shm-namespace-twin.sh NSPID --reset                 stop the twin, remove the leak it made
#
# NSPID is a process in the lab host's namespaces: "nsPid" in lab/run/NAME/lab.json. Run as root
# on the machine. Everything happens inside that host's namespaces (nsenter -t NSPID -i -u -m);
# the script refuses to run in the machine's own IPC namespace. No sysctl outside the lab's own
# IPC namespace and the twin's is touched.
#
# What it makes:
#   in A (the lab host's namespace): a 65536-byte segment, perms 600, id N, made by ipcmk, which
#     exits: nothing attached, creator dead; and a perl process (bedside-lab-shm-user) attached to
#     an 8192-byte segment of its own (the next id the kernel gives): in use, counted in A
#   in B (a new IPC namespace, unless --no-twin): a perl process (bedside-lab-shm-twin) that makes
#     a 4096-byte IPC_PRIVATE segment with the same id N, maps it and stays; it exits by itself when
#     the lab goes away, and its namespace, segment included, goes with it
# The ids are chosen with kernel.shm_next_id, a per-namespace sysctl (CONFIG_CHECKPOINT_RESTORE);
# without it, the kernel's own first id (0) must be free in A. Prints, one line each:
#   leak shmid=N bytes=65536 ctime=T cpid=P ipcns=A
#   user pid=PID shmid=M bytes=8192 ipcns=A
#   twin pid=PID shmid=N bytes=4096 ipcns=B
#
# Exit status: 0 made (or reset done), 1 failure, 2 usage.
set -euo pipefail

readonly PROG=shm-namespace-twin.sh
readonly TWIN_TAG=bedside-lab-shm-twin
readonly USER_TAG=bedside-lab-shm-user
readonly LEAK_BYTES=65536
readonly TWIN_BYTES=4096
readonly USER_BYTES=8192

readonly USAGE_LINES=30
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
ID=0
TWIN=1
RESET_ONLY=0
while [ $# -gt 0 ]; do
  case $1 in
    --id) [ $# -ge 2 ] || usage; ID=$2; shift 2;;
    --no-twin) TWIN=0; shift;;
    --reset) RESET_ONLY=1; shift;;
    *) usage;;
  esac
done
[[ $ID =~ ^[0-9]+$ ]] && [ "$ID" -le 2147483647 ] || die "--id must be a segment id, 0..2147483647."
require_lab "nsenter into the lab host's namespaces needs it"
for c in nsenter unshare perl ipcmk ipcrm awk; do command -v "$c" >/dev/null || die "$c is missing."; done
perl -MIPC::SysV=shmat -e1 2>/dev/null || die "perl's IPC::SysV module (with shmat) is missing."

lab_ipc_namespace "refusing to make a leak in the machine's shared memory."
lab_state shm-namespace-twin
state_init

# "shmid ctime cpid" of segment ID in the lab host's namespace, or nothing.
shm_row() { in_ns awk -v id="$1" '$2 == id { print $2, $14, $5 }' /proc/sysvipc/shm; }

recorded_pid() {  # FILE TAG: the pid recorded in FILE, when it still runs with TAG in its command line
  local pid cmd
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$2"* ]] || return 1
  echo "$pid"
}

stop() {  # PID WHAT
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 30); do [ -d "/proc/$1" ] || break; sleep 0.1; done
  say "stopped $2 (pid $1)."
}

reset() {
  local pid id ctime cpid row
  if pid=$(recorded_pid "$STATE/twin.pid" "$TWIN_TAG"); then
    stop "$pid" "the twin, its IPC namespace and its segment"
  fi
  if pid=$(recorded_pid "$STATE/user.pid" "$USER_TAG"); then
    stop "$pid" "the segment's user"
  fi
  if [ -s "$STATE/made" ]; then
    while read -r id ctime cpid; do
      row=$(shm_row "$id")
      if [ "$row" = "$id $ctime $cpid" ]; then
        in_ns ipcrm -m "$id"
        say "removed segment $id."
      elif [ -n "$row" ]; then
        say "segment $id now holds another segment: left alone."
      fi
    done <"$STATE/made"
  fi
  rm -rf "$STATE"
  rmdir "$(dirname "$STATE")" 2>/dev/null || true
}

if [ -f "$STATE/made" ] || [ -f "$STATE/twin.pid" ] || [ "$RESET_ONLY" = 1 ]; then
  reset
  [ "$RESET_ONLY" = 1 ] && exit 0
  state_init
fi

NEXT_ID=/proc/sys/kernel/shm_next_id
HAVE_NEXT_ID=0
if in_ns test -w "$NEXT_ID"; then HAVE_NEXT_ID=1; fi
if [ -n "$(shm_row "$ID")" ]; then
  die "segment id $ID is taken in the lab host already: choose another with --id."
fi
if [ "$HAVE_NEXT_ID" = 0 ] && [ "$ID" != 0 ]; then
  die "this kernel has no kernel.shm_next_id, so only id 0 (the first of a namespace) can be matched."
fi

# ------------------------------------------------------------------ A: the leak

if [ "$HAVE_NEXT_ID" = 1 ]; then
  # the kernel uses shm_next_id for the next segment only, then forgets it (reads -1 again)
  MADE=$(in_ns sh -c 'echo "$1" > "$2" && ipcmk -M "$3" -p 600' sh "$ID" "$NEXT_ID" "$LEAK_BYTES")
else
  MADE=$(in_ns ipcmk -M "$LEAK_BYTES" -p 600)
fi
LEAK=${MADE##*: }
[[ $LEAK =~ ^[0-9]+$ ]] || die "ipcmk did not make a segment: $MADE"
ROW=$(shm_row "$LEAK")
[ -n "$ROW" ] || die "segment $LEAK vanished at once."
echo "$ROW" >"$STATE/made"
if [ "$LEAK" != "$ID" ]; then
  die "the kernel gave the leak id $LEAK, not $ID (the lab host made segments before: use a fresh lab). Undo: $0 $NSPID --reset"
fi
read -r _ LEAK_CTIME LEAK_CPID <<<"$ROW"
echo "leak shmid=$LEAK bytes=$LEAK_BYTES ctime=$LEAK_CTIME cpid=$LEAK_CPID ipcns=$NS_ID"

# A process of A that uses a segment of its own: its mapping counts in A.
rm -f "$STATE/user.out"
in_ns setsid perl -MIPC::SysV=IPC_PRIVATE,IPC_CREAT,shmat -e '
  my ($out, $nspid, $labns, $size) = @ARGV;
  $0 = "'"$USER_TAG"' (lab ipc:[$labns])";
  my $got = shmget(IPC_PRIVATE, $size, 0600 | IPC_CREAT);
  defined $got or die "shmget: $!\n";
  defined shmat($got, undef, 0) or die "shmat: $!\n";
  open(my $fh, ">", "$out.tmp") or die "$out: $!\n"; print $fh "$$ $got\n"; close $fh;
  rename("$out.tmp", $out) or die "$out: $!\n";
  close STDIN; close STDOUT; close STDERR;
  while (1) {
    sleep 5;
    my $l = readlink("/proc/$nspid/ns/ipc") // "";
    exit 0 unless $l eq "ipc:[$labns]";
  }' "$STATE/user.out" "$NSPID" "$NS_ID" "$USER_BYTES" </dev/null >/dev/null 2>"$STATE/user.err" &
for _ in $(seq 1 50); do [ -s "$STATE/user.out" ] && break; sleep 0.1; done
[ -s "$STATE/user.out" ] || die "the segment's user did not start: $(cat "$STATE/user.err")"
read -r UPID USER_ID <"$STATE/user.out"
echo "$UPID" >"$STATE/user.pid"
shm_row "$USER_ID" >>"$STATE/made"
echo "user pid=$UPID shmid=$USER_ID bytes=$USER_BYTES ipcns=$NS_ID"

[ "$TWIN" = 1 ] || exit 0

# ------------------------------------------------------------------ B: the twin

rm -f "$STATE/twin.out"
in_ns setsid unshare -i perl -MIPC::SysV=IPC_PRIVATE,IPC_CREAT,shmat -e '
  my ($out, $nspid, $labns, $id, $size, $nextid) = @ARGV;
  $0 = "'"$TWIN_TAG"' (beside lab ipc:[$labns])";
  my $mine = readlink("/proc/self/ns/ipc") // "?";
  die "still in the lab host'"'"'s IPC namespace\n" if $mine eq "ipc:[$labns]";
  if ($nextid) {
    open(my $f, ">", "/proc/sys/kernel/shm_next_id") or die "shm_next_id: $!\n";
    print $f "$id\n"; close $f or die "shm_next_id: $!\n";
  }
  my $got = shmget(IPC_PRIVATE, $size, 0600 | IPC_CREAT);
  defined $got or die "shmget: $!\n";
  defined shmat($got, undef, 0) or die "shmat: $!\n";
  $mine =~ s/[^0-9]//g;
  open(my $fh, ">", "$out.tmp") or die "$out: $!\n"; print $fh "$$ $got $mine\n"; close $fh;
  rename("$out.tmp", $out) or die "$out: $!\n";
  close STDIN; close STDOUT; close STDERR;
  while (1) {
    sleep 5;
    my $l = readlink("/proc/$nspid/ns/ipc") // "";
    exit 0 unless $l eq "ipc:[$labns]";
  }' "$STATE/twin.out" "$NSPID" "$NS_ID" "$ID" "$TWIN_BYTES" "$HAVE_NEXT_ID" \
  </dev/null >/dev/null 2>"$STATE/twin.err" &
for _ in $(seq 1 50); do [ -s "$STATE/twin.out" ] && break; sleep 0.1; done
[ -s "$STATE/twin.out" ] || die "the twin did not start: $(cat "$STATE/twin.err")"
read -r TPID TID TNS <"$STATE/twin.out"
echo "$TPID" >"$STATE/twin.pid"
[ "$TNS" != "$NS_ID" ] || die "the twin is in the lab host's own IPC namespace."
[ "$TID" = "$LEAK" ] || die "the twin's segment got id $TID, not $LEAK. Undo: $0 $NSPID --reset"
awk -v id="$TID" '$6 ~ /^\/SYSV/ && $5 == id { f = 1 } END { exit !f }' "/proc/$TPID/maps" \
  || die "the twin does not map its segment $TID."
echo "twin pid=$TPID shmid=$TID bytes=$TWIN_BYTES ipcns=$TNS"
