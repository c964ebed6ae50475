# lib.sh: what the incident scripts share. Sourced by each after it sets PROG and USAGE_LINES (the
# lines of its header comment that usage prints); bash, as they are.
# shellcheck shell=bash

readonly STATE_ROOT=/run/bedside-lab-incidents

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { say "$*"; exit 1; }
usage() { sed -n "2,${USAGE_LINES}s/^# \{0,1\}//p" "$0"; exit 2; }

# require_lab WHY_ROOT: NSPID is a pid of a running lab host and we are root (WHY_ROOT says why).
require_lab() {
  [[ $NSPID =~ ^[0-9]+$ ]] || die "NSPID '$NSPID' is not a pid."
  [ "$(id -u)" = 0 ] || die "run as root ($1)."
  [ -d "/proc/$NSPID" ] || die "no process $NSPID: is the lab up? (lab/bedside-lab status)"
}

# lab_ipc_namespace REFUSAL: sets LAB_NS and NS_ID of the lab host's IPC namespace; refuses, with
# REFUSAL, a process in this machine's own, so no script ever changes the machine itself.
lab_ipc_namespace() {
  LAB_NS=$(readlink "/proc/$NSPID/ns/ipc")
  [ "$LAB_NS" != "$(readlink /proc/self/ns/ipc)" ] || die "process $NSPID is in this machine's own IPC namespace; $1"
  NS_ID=${LAB_NS//[^0-9]/}
}

# lab_state NAME: sets STATE (this script's state folder for this lab host) and LAB_BIRTH. Drops the
# state of labs that are gone (no process left in their namespace) and, as the kernel reuses
# namespace inode numbers, state made for an earlier lab whose namespace had the same number: it
# is dropped, never "reset" into this one.
lab_state() {
  local d ns live
  live=$(for p in /proc/[0-9]*; do readlink "$p/ns/ipc" 2>/dev/null || true; done | sort -u)
  for d in "$STATE_ROOT"/ipc-*; do
    [ -d "$d" ] || continue
    ns=${d##*/ipc-}
    [[ $ns =~ ^[0-9]+$ ]] || continue
    grep -qxF "ipc:[$ns]" <<<"$live" || rm -rf -- "$d"
  done
  STATE=$STATE_ROOT/ipc-$NS_ID/$1
  LAB_BIRTH="$NSPID $(cut -d' ' -f22 "/proc/$NSPID/stat")"
  if [ -d "$STATE" ] && [ "$(cat "$STATE/lab" 2>/dev/null)" != "$LAB_BIRTH" ]; then rm -rf -- "$STATE"; fi
}

# state_init: creates $STATE and records which lab host it belongs to.
state_init() {
  mkdir -p "$STATE"
  echo "$LAB_BIRTH" >"$STATE/lab"
}

# in_ns CMD...: runs CMD in the lab host's IPC, UTS and mount namespaces.
in_ns() { LC_ALL=C nsenter -t "$NSPID" -i -u -m -- "$@"; }
