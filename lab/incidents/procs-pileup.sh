#!/usr/bin/env bash
# procs-pileup.sh: the processes playbook's incidents in a running lab host.
#
#   procs-pileup.sh NSPID --zombies [N]    a parent (perl named bedside-reaper) that forks N children
#                                          (default 25) and never wait()s: N zombies
#   procs-pileup.sh NSPID --pids [MAX]     a pids cgroup bedside-lab-pids-<ipc ns inode> with pids.max
#                                          MAX (default 16), filled by a fork loop until the kernel
#                                          refuses forks (pids.events max > 0)
#   procs-pileup.sh NSPID --stuck [S]      a thread in D for S seconds (default 300): a FUSE mount in the
#                                          lab host's mount namespace whose daemon never answers, and a
#                                          stat on it (fuse-silent.py)
#   procs-pileup.sh NSPID --reset          undo all three
#
# NSPID: "nsPid" in lab/run/NAME/lab.json. Run as root on the machine. Processes run in the lab
# host's namespaces (nsenter -t NSPID -i -u -m). The cgroup is the machine's (cgroup v1 pids
# hierarchy, else cgroup v2, where +pids is enabled in the root's subtree_control if it was not
# and switched off again by --reset). kernel.pid_max and threads-max are never touched.
# Prints "parent pid PID", "cgroup VERSION:/PATH" or "stuck pid PID" for what it made.
#
# Exit status: 0 done, 1 failure, 2 usage.
set -euo pipefail

readonly PROG=procs-pileup.sh
readonly USAGE_LINES=21
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 2 ] || usage
NSPID=$1; shift
MODE=$1; shift
ARG=${1:-}
require_lab "nsenter and cgroups need it"
lab_ipc_namespace "it is not a lab host's; refusing."
STATE=$STATE_ROOT/procs-$NS_ID
CG_NAME=bedside-lab-pids-$NS_ID
mkdir -p "$STATE"

find_pids() {
  local mnt
  mnt=$(in_ns awk '{ for (i = 7; i < NF && $i != "-"; i++); if ($(i + 1) == "cgroup" && ("," $(i + 3) ",") ~ /,pids,/) { print $5; exit } }' /proc/self/mountinfo)
  if [ -n "$mnt" ] && [ -d "$mnt" ]; then CG_VERSION=1; CG_PARENT=$mnt; CG=$mnt/$CG_NAME; return 0; fi
  mnt=$(in_ns awk '{ for (i = 7; i < NF && $i != "-"; i++); if ($(i + 1) == "cgroup2") { print $5; exit } }' /proc/self/mountinfo)
  if [ -n "$mnt" ] && grep -qw pids "$mnt/cgroup.controllers" 2>/dev/null; then CG_VERSION=2; CG_PARENT=$mnt; CG=$mnt/$CG_NAME; return 0; fi
  die "no pids cgroup controller is mounted in the lab host (neither cgroup v1 pids nor v2 with pids)."
}

kill_saved() {  # FILE COMM: kill the pid saved in FILE if it still is COMM
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$2" ] || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$1"
}

reset() {
  kill_saved "$STATE/reaper.pid" bedside-reaper
  kill_saved "$STATE/stat.pid" stat
  kill_saved "$STATE/fuse.pid" python3
  if [ -f "$STATE/fuse.mnt" ]; then in_ns umount -l "$(cat "$STATE/fuse.mnt")" 2>/dev/null || true; rmdir "$(cat "$STATE/fuse.mnt")" 2>/dev/null || true; rm -f "$STATE/fuse.mnt"; fi
  find_pids
  if [ -d "$CG" ]; then
    # only this script's cgroup; every process in it is one this script started (sleep, sh)
    while read -r pid; do [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true; done <"$CG/cgroup.procs"
    for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$CG" 2>/dev/null && break; sleep 0.2; done
    [ ! -d "$CG" ] || die "cgroup $CG could not be removed."
    say "removed cgroup $CG."
  fi
  if [ -f "$STATE/v2-subtree-pids" ]; then echo -pids >"$(cat "$STATE/v2-subtree-pids")/cgroup.subtree_control" 2>/dev/null || true; fi
  rm -rf "$STATE"
}

case $MODE in
  --reset) reset; exit 0;;
  --zombies)
    N=${ARG:-25}; [[ $N =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] && [ "$N" -le 2000 ] || die "--zombies takes 1..2000."
    kill_saved "$STATE/reaper.pid" bedside-reaper
    # perl: $0 sets the name; the children exit at once, the parent never waits and sleeps an hour
    LC_ALL=C nsenter -t "$NSPID" -i -u -m -- perl -e '$0 = "bedside-reaper"; for (1 .. $ARGV[0]) { my $p = fork; exit 0 if defined $p && $p == 0 } sleep 3600' "$N" \
      </dev/null >/dev/null 2>&1 &
    echo $! >"$STATE/reaper.pid"
    sleep 1
    echo "parent pid $(cat "$STATE/reaper.pid") zombies $(grep -l "^PPid:[[:space:]]*$(cat "$STATE/reaper.pid")\$" /proc/[0-9]*/status 2>/dev/null | xargs -r grep -l '^State:[[:space:]]*Z' | wc -l)";;
  --pids)
    MAX=${ARG:-16}; [[ $MAX =~ ^[0-9]+$ ]] && [ "$MAX" -ge 4 ] && [ "$MAX" -le 4096 ] || die "--pids takes 4..4096."
    find_pids
    [ ! -d "$CG" ] || die "$CG exists; run --reset first."
    if [ "$CG_VERSION" = 2 ] && ! grep -qw pids "$CG_PARENT/cgroup.subtree_control"; then
      echo +pids >"$CG_PARENT/cgroup.subtree_control"; echo "$CG_PARENT" >"$STATE/v2-subtree-pids"
    fi
    mkdir "$CG"
    echo "$MAX" >"$CG/pids.max"
    # the fork loop: joins the cgroup and starts sleeps until a fork fails; then the loop's shell
    # (refused a fork, it exits) is replaced by one more sleep, so the cgroup stays full
    LC_ALL=C nsenter -t "$NSPID" -i -u -m -- sh -c 'echo $$ >"$1/cgroup.procs"; while sleep 3600 & do :; done' sh "$CG" \
      </dev/null >/dev/null 2>&1 || true
    LC_ALL=C nsenter -t "$NSPID" -i -u -m -- sh -c 'echo $$ >"$1/cgroup.procs"; exec sleep 3600' sh "$CG" </dev/null >/dev/null 2>&1 &
    sleep 0.5
    echo "cgroup v$CG_VERSION:/$CG_NAME pids.max $(cat "$CG/pids.max") pids.current $(cat "$CG/pids.current") $(cat "$CG/pids.events" 2>/dev/null)";;
  --stuck)
    S=${ARG:-300}; [[ $S =~ ^[0-9]+$ ]] && [ "$S" -ge 5 ] && [ "$S" -le 3600 ] || die "--stuck takes 5..3600 seconds."
    [ -e /dev/fuse ] || die "no /dev/fuse on this machine."
    MNT=/tmp/bedside-lab-fuse-$NS_ID
    in_ns mkdir -p "$MNT"; echo "$MNT" >"$STATE/fuse.mnt"
    LC_ALL=C nsenter -t "$NSPID" -i -u -m -- python3 "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/fuse-silent.py" "$MNT" "$S" </dev/null >/dev/null 2>&1 &
    echo $! >"$STATE/fuse.pid"
    for _ in $(seq 50); do in_ns grep -q " $MNT fuse" /proc/self/mounts && break; sleep 0.1; done
    in_ns grep -q " $MNT fuse" /proc/self/mounts || die "the FUSE mount did not come up."
    LC_ALL=C nsenter -t "$NSPID" -i -u -m -- stat "$MNT/x" </dev/null >/dev/null 2>&1 &
    echo $! >"$STATE/stat.pid"
    sleep 0.5
    echo "stuck pid $(cat "$STATE/stat.pid") state $(cut -d' ' -f3 "/proc/$(cat "$STATE/stat.pid")/stat") wchan $(cat "/proc/$(cat "$STATE/stat.pid")/wchan")";;
  *) usage;;
esac
