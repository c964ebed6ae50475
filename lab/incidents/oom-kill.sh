#!/usr/bin/env bash
# oom-kill.sh: reproduce seed 003 in a running lab host. A process vanishes: the kernel's OOM
# killer took it. A memory cgroup with a small limit and no swap gets a process named
# bedside-victim that allocates until the kernel kills it, for real (SIGKILL, an
# "oom-kill:constraint=CONSTRAINT_MEMCG" report in the kernel log, oom_kill counters up).
#
#   oom-kill.sh NSPID [--limit MB] [--name NAME] [--adj N]   make the incident; runs --reset first
#   oom-kill.sh NSPID --reset                                 remove the cgroup (and any process left in it)
#
# NSPID is a process in the lab host's namespaces: "nsPid" in lab/run/NAME/lab.json. Run as root on
# the machine. The victim runs inside that host's namespaces (nsenter -t NSPID -i -u -m) and in a
# cgroup of its own, bedside-lab-oom-<ipc namespace inode>, limited to --limit MB (default 64) with
# swap off (cgroup v2: memory.max and memory.swap.max=0; v1: memory.limit_in_bytes and
# memory.memsw.limit_in_bytes): only that cgroup runs out of memory, never the machine. Kernel log
# and cgroups are the machine's (a lab host shares the kernel), so the kill shows in dmesg and in
# journalctl -k of both.
#
# Prints "victim pid PID name NAME" as soon as it runs, then "killed: PID (NAME) by the OOM killer"
# with the kernel's kill line once the kernel has killed it (or fails after 60 s).
#
# Exit status: 0 incident reproduced (or reset done), 1 failure, 2 usage.
set -euo pipefail

readonly PROG=oom-kill.sh

readonly USAGE_LINES=24
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
LIMIT_MB=64
NAME=bedside-victim
ADJ=
RESET_ONLY=0
while [ $# -gt 0 ]; do
  case $1 in
    --limit) [ $# -ge 2 ] || usage; LIMIT_MB=$2; shift 2;;
    --name) [ $# -ge 2 ] || usage; NAME=$2; shift 2;;
    --adj) [ $# -ge 2 ] || usage; ADJ=$2; shift 2;;
    --reset) RESET_ONLY=1; shift;;
    *) usage;;
  esac
done
[[ $LIMIT_MB =~ ^[0-9]+$ ]] && [ "$LIMIT_MB" -ge 16 ] && [ "$LIMIT_MB" -le 4096 ] || die "--limit must be 16..4096 (MB)."
# a comm is at most 15 bytes; the kernel's report is easier to read without odd characters
name_re='^[A-Za-z0-9._() -]{1,15}$'
[[ $NAME =~ $name_re ]] || die "--name must be 1..15 of [A-Za-z0-9._() -]."
[ -z "$ADJ" ] || { [[ $ADJ =~ ^-?[0-9]+$ ]] && [ "$ADJ" -ge -1000 ] && [ "$ADJ" -le 1000 ]; } || die "--adj must be -1000..1000."
require_lab "nsenter and cgroups need it"
for c in nsenter perl awk; do command -v "$c" >/dev/null || die "$c is missing."; done

lab_ipc_namespace "it is not a lab host's; refusing."
STATE=$STATE_ROOT/mem-$NS_ID
CG_NAME=bedside-lab-oom-$NS_ID

# Where is the memory controller? v2 when the unified hierarchy has it, else the v1 memory hierarchy.
find_cgroup() {
  local mnt
  mnt=$(in_ns awk '{ for (i = 7; i < NF && $i != "-"; i++); if ($(i + 1) == "cgroup2") { print $5; exit } }' /proc/self/mountinfo)
  if [ -n "$mnt" ] && grep -qw memory "$mnt/cgroup.controllers" 2>/dev/null; then
    CG_VERSION=2; CG_PARENT=$mnt; CG=$mnt/$CG_NAME; return 0
  fi
  mnt=$(in_ns awk '{ for (i = 7; i < NF && $i != "-"; i++);
    if ($(i + 1) == "cgroup" && ("," $(i + 3) ",") ~ /,memory,/) { print $5; exit } }' /proc/self/mountinfo)
  if [ -n "$mnt" ] && [ -e "$mnt/memory.limit_in_bytes" ]; then
    CG_VERSION=1; CG_PARENT=$mnt; CG=$mnt/$CG_NAME; return 0
  fi
  die "no memory cgroup controller is mounted in the lab host (neither cgroup v2 with memory nor v1 memory)."
}

reset() {
  local n=0 pid comm name
  if [ -d "$CG" ]; then
    # the cgroup is this script's; of its processes only the victims it started (by name) are killed
    name=$(cat "$STATE/name" 2>/dev/null || echo "$NAME")
    while read -r pid; do
      [ -n "$pid" ] || continue
      comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
      [ "$comm" != "$name" ] || { kill -KILL "$pid" 2>/dev/null && n=$((n + 1)); }
    done <"$CG/cgroup.procs"
    for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$CG" 2>/dev/null && break; sleep 0.2; done
    [ ! -d "$CG" ] || die "cgroup $CG still has processes that this script did not start; left alone."
    if [ "$n" -gt 0 ]; then say "removed cgroup $CG (stopped $n process(es) left in it)."; else say "removed cgroup $CG."; fi
  fi
  rm -rf "$STATE"
}

find_cgroup
if [ "$RESET_ONLY" = 1 ]; then reset; exit 0; fi
reset
mkdir -p "$STATE"
echo "$CG" >"$STATE/cgroup"
echo "$NAME" >"$STATE/name"

# ------------------------------------------------------------------ the incident

LIMIT=$((LIMIT_MB * 1024 * 1024))
if [ "$CG_VERSION" = 2 ]; then
  grep -qw memory "$CG_PARENT/cgroup.subtree_control" 2>/dev/null ||
    echo +memory >"$CG_PARENT/cgroup.subtree_control" || die "cannot enable the memory controller under $CG_PARENT."
  mkdir "$CG"
  echo "$LIMIT" >"$CG/memory.max"
  [ ! -e "$CG/memory.swap.max" ] || echo 0 >"$CG/memory.swap.max"
else
  mkdir "$CG"
  echo "$LIMIT" >"$CG/memory.limit_in_bytes"
  # memory+swap as large as memory: no swap (files present only with swap accounting)
  [ ! -e "$CG/memory.memsw.limit_in_bytes" ] || echo "$LIMIT" >"$CG/memory.memsw.limit_in_bytes"
fi
say "cgroup v$CG_VERSION $CG: limit ${LIMIT_MB} MB, no swap."

before=$(in_ns awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
# The victim: joins the cgroup, then becomes perl named NAME ($0 sets comm and the command line),
# which allocates 1 MB a step until the kernel kills it. Started without a function or subshell:
# bash forks and execs nsenter, which (-i -u -m, no fork) execs sh, which execs perl, so $! is the
# victim's pid.
LC_ALL=C nsenter -t "$NSPID" -i -u -m -- sh -c 'echo $$ >"$1/cgroup.procs" && { [ -z "$2" ] || echo "$2" >/proc/self/oom_score_adj; } &&
  exec perl -e '\''$0 = $ARGV[0]; my @hold; while (1) { push @hold, "x" x (1 << 20); select(undef, undef, undef, 0.005) }'\'' "$3"' \
  sh "$CG" "$ADJ" "$NAME" &
VICTIM=$!
echo "$VICTIM" >"$STATE/victim.pid"
sleep 0.3
comm=$(cat "/proc/$VICTIM/comm" 2>/dev/null || echo "$NAME")
echo "victim pid $VICTIM name $comm"

status=0
wait "$VICTIM" 2>/dev/null || status=$?
after=$(in_ns awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
if [ "$status" -ne 137 ]; then
  die "the victim ended with status $status, not by SIGKILL (137): no OOM kill."
fi
line=$(dmesg 2>/dev/null | grep -F "Killed process $VICTIM (" | tail -n 1 || true)
echo "killed: $VICTIM ($comm) by the OOM killer (vmstat oom_kill $before -> $after)"
[ -z "$line" ] || echo "$line"
