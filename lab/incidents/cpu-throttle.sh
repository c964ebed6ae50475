#!/usr/bin/env bash
# cpu-throttle.sh: a busy process starved by its cgroup's CPU quota, in a running lab host. A
# cgroup of its own, bedside-lab-cpu-<ipc namespace inode>, gets a small CPU quota (--quota
# percent of one CPU, default 10) and a shell busy loop (sh -c 'while :; do :; done') that would
# take a whole CPU: the kernel throttles it in nearly every period (cpu.stat nr_throttled).
#
#   cpu-throttle.sh NSPID [--quota PCT]   make the incident; runs --reset first
#   cpu-throttle.sh NSPID --reset         stop the busy loop, remove the cgroup
#
# NSPID is a process in the lab host's namespaces: "nsPid" in lab/run/NAME/lab.json. Run as root on
# the machine. The busy loop runs inside that host's namespaces (nsenter -t NSPID -i -u -m); the
# cgroup is the machine's (a lab host shares the kernel and its cgroups): cgroup v2 cpu.max when
# the unified hierarchy at /sys/fs/cgroup has the cpu controller, else v1 cpu.cfs_quota_us under
# /sys/fs/cgroup/cpu (and the same path under a separate cpuacct hierarchy, for the CPU used).
# Nothing else of the machine changes, except that on cgroup v2 the cpu controller is handed down
# from the root when it was not (--reset takes it back when this script gave it).
#
# Prints "busy pid PID cgroup PATH quota PCT%" (PATH below the hierarchy's mount point) once the
# loop runs in the cgroup.
#
# Exit status: 0 incident made (or reset done), 1 failure, 2 usage.
set -euo pipefail

readonly PROG=cpu-throttle.sh

readonly USAGE_LINES=21
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
QUOTA=10
RESET_ONLY=0
while [ $# -gt 0 ]; do
  case $1 in
    --quota) [ $# -ge 2 ] || usage; QUOTA=$2; shift 2;;
    --reset) RESET_ONLY=1; shift;;
    *) usage;;
  esac
done
[[ $QUOTA =~ ^[0-9]+$ ]] && [ "$QUOTA" -ge 1 ] && [ "$QUOTA" -le 90 ] || die "--quota must be 1..90 (percent of one CPU)."
require_lab "nsenter and cgroups need it"
command -v nsenter >/dev/null || die "nsenter is missing."

lab_ipc_namespace "it is not a lab host's; refusing."
STATE=$STATE_ROOT/cpu-$NS_ID
CG_NAME=bedside-lab-cpu-$NS_ID
G=/sys/fs/cgroup

if [ -e $G/cgroup.controllers ] && grep -qw cpu $G/cgroup.controllers; then
  CG_VERSION=2; CG=$G/$CG_NAME; ACCT=
elif [ -e $G/cpu/cpu.cfs_quota_us ]; then
  CG_VERSION=1; CG=$G/cpu/$CG_NAME; ACCT=
  if [ -e $G/cpuacct/cpuacct.usage ] && [ ! $G/cpuacct -ef $G/cpu ]; then ACCT=$G/cpuacct/$CG_NAME; fi
else
  die "no cgroup CPU controller under $G (neither cgroup v2 with cpu nor v1 cpu)."
fi

reset() {
  local d pid n=0
  for d in "$CG" ${ACCT:+"$ACCT"}; do
    [ -d "$d" ] || continue
    # the cgroup is this script's alone (its name carries the lab's namespace): whatever runs in it is the busy loop
    while read -r pid; do
      [ -n "$pid" ] || continue
      kill -KILL "$pid" 2>/dev/null && n=$((n + 1))
    done <"$d/cgroup.procs"
    for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$d" 2>/dev/null && break; sleep 0.2; done
    [ ! -d "$d" ] || die "cgroup $d could not be removed."
  done
  if [ -e "$STATE/enabled-cpu" ]; then
    echo -cpu >$G/cgroup.subtree_control 2>/dev/null || say "left the cpu controller handed down at $G (another cgroup uses it)."
  fi
  rm -rf "$STATE"
  if [ "$n" -gt 0 ]; then say "removed cgroup $CG (stopped $n process(es))."; else say "removed cgroup $CG."; fi
}

if [ "$RESET_ONLY" = 1 ]; then reset; exit 0; fi
reset
mkdir -p "$STATE"
PERIOD=100000
if [ "$CG_VERSION" = 2 ]; then
  if ! grep -qw cpu $G/cgroup.subtree_control; then
    echo +cpu >$G/cgroup.subtree_control || die "cannot hand the cpu controller down at $G."
    touch "$STATE/enabled-cpu"
  fi
  mkdir "$CG"
  echo "$((QUOTA * PERIOD / 100)) $PERIOD" >"$CG/cpu.max"
else
  mkdir "$CG"
  echo "$PERIOD" >"$CG/cpu.cfs_period_us"
  echo "$((QUOTA * PERIOD / 100))" >"$CG/cpu.cfs_quota_us"
  [ -z "$ACCT" ] || mkdir "$ACCT"
fi

# The busy loop: joins the cgroup(s), then spins. Started without a subshell: bash forks and execs
# nsenter, which execs sh, so $! is the loop's pid.
LC_ALL=C nsenter -t "$NSPID" -i -u -m -- sh -c 'echo $$ >"$1/cgroup.procs" && { [ -z "$2" ] || echo $$ >"$2/cgroup.procs"; } &&
  exec sh -c "while :; do :; done"' sh "$CG" "$ACCT" </dev/null >/dev/null 2>&1 &
BUSY=$!
disown "$BUSY" 2>/dev/null || true
echo "$BUSY" >"$STATE/busy.pid"
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -qx "$BUSY" "$CG/cgroup.procs" 2>/dev/null && break; sleep 0.1; done
grep -qx "$BUSY" "$CG/cgroup.procs" || { reset; die "the busy loop did not join $CG."; }
echo "busy pid $BUSY cgroup /$CG_NAME quota $QUOTA%"
