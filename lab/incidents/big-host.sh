#!/usr/bin/env bash
# big-host.sh: a big host in a running lab host, to measure Bedside against (not an incident).
#
#   big-host.sh NSPID [--procs N] [--sockets M] [--timewait T] [--sems S]
#                              N processes in all (default 5000), M TCP sockets on loopback (default
#                              100000: M/2 connections to 127.0.0.1, both ends held, 2,000 sockets
#                              per holder process), T connections left in TIME-WAIT (default 5000),
#                              S semaphore arrays in the lab host's IPC namespace (default 0; the
#                              issue's table used 32000)
#   big-host.sh NSPID --reset  stops them all, removes the arrays
#
# NSPID: "nsPid" in lab/run/NAME/lab.json. Run as root on the machine. The processes run in the lab
# host's namespaces (nsenter -t NSPID -i -u -m); the sockets are in its network namespace, which
# for the main lab host is the machine's: loopback ports PORT0.. (default 42000, --port) must be
# free. One process group (python3 big-host.py), stopped by --reset with its command line checked,
# or by itself within 2 s of the lab host's end (a lab taken down without --reset).
# Needs RLIMIT_NOFILE hard >= 2064 and the pids for N processes. Takes about 2.5 minutes here.
# Prints "tree PGID processes N sockets M timewait T sems S" once everything is up.
#
# Exit status: 0 done, 1 failure, 2 usage.
set -euo pipefail

readonly PROG=big-host.sh
readonly USAGE_LINES=20
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
NSPID=$1; shift
PROCS=5000 SOCKETS=100000 TIMEWAIT=5000 SEMS=0 PORT0=42000 RESET=
while [ $# -gt 0 ]; do
  case $1 in
    --procs) PROCS=${2:-}; shift 2;;
    --sockets) SOCKETS=${2:-}; shift 2;;
    --timewait) TIMEWAIT=${2:-}; shift 2;;
    --sems) SEMS=${2:-}; shift 2;;
    --port) PORT0=${2:-}; shift 2;;
    --reset) RESET=1; shift;;
    *) usage;;
  esac
done
for v in PROCS SOCKETS TIMEWAIT SEMS PORT0; do [[ ${!v} =~ ^[0-9]+$ ]] || die "--${v,,} takes a number."; done
[ "$PROCS" -ge 1 ] && [ "$PROCS" -le 30000 ] || die "--procs takes 1..30000."
[ "$SOCKETS" -le 400000 ] && [ $((SOCKETS % 2)) = 0 ] || die "--sockets takes an even number up to 400000."
[ "$SEMS" -le 32000 ] || die "--sems takes 0..32000."
require_lab "nsenter needs it"
lab_ipc_namespace "it is not a lab host's; refusing."
# this lab host's state (lab_state drops what an earlier lab with the same namespace number left)
lab_state big
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

reset() {
  local pgid
  if [ -f "$STATE/tree.pid" ]; then
    pgid=$(cat "$STATE/tree.pid")
    # only the tree this script started: its leader's command line names big-host.py
    if [[ $pgid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pgid/cmdline" 2>/dev/null | grep -q 'big-host\.py'; then
      kill -TERM "$pgid" 2>/dev/null || true
      for _ in $(seq 50); do [ -d "/proc/$pgid" ] || break; sleep 0.1; done
      kill -KILL -- "-$pgid" 2>/dev/null || true
      say "stopped tree $pgid."
    fi
  fi
  if [ -f "$STATE/sems" ]; then
    in_ns sh -c 'while read -r id; do ipcrm -s "$id" 2>/dev/null; done' <"$STATE/sems" || true
    say "removed $(wc -l <"$STATE/sems") semaphore arrays."
  fi
  rm -rf "$STATE"
}

if [ -n "$RESET" ]; then reset; exit 0; fi
[ ! -f "$STATE/tree.pid" ] || die "a big host is up in this lab host already; run --reset first."
state_init
rm -f "$STATE/ready"
# setsid: its own process group, so --reset stops every child with one signal
LC_ALL=C nsenter -t "$NSPID" -i -u -m -- setsid python3 "$HERE/big-host.py" "$PROCS" $((SOCKETS / 2)) "$TIMEWAIT" "$PORT0" "$STATE/ready" "$NSPID" \
  </dev/null >"$STATE/log" 2>&1 &
echo $! >"$STATE/tree.pid"
for _ in $(seq 6000); do [ -s "$STATE/ready" ] && break; [ -d "/proc/$(cat "$STATE/tree.pid")" ] || break; sleep 0.1; done
if [ ! -s "$STATE/ready" ]; then cat "$STATE/log" >&2; reset; die "the processes did not come up."; fi
if [ "$SEMS" -gt 0 ]; then
  in_ns perl -e 'use IPC::SysV qw(IPC_PRIVATE IPC_CREAT); for (1 .. $ARGV[0]) { my $id = semget(IPC_PRIVATE, 1, 0600 | IPC_CREAT); die "semget: $!\n" unless defined $id; print "$id\n" }' "$SEMS" >"$STATE/sems" \
    || { reset; die "the semaphore arrays could not be made."; }
fi
echo "tree $(cat "$STATE/tree.pid") processes $PROCS sockets $SOCKETS timewait $TIMEWAIT sems $SEMS"
