#!/usr/bin/env bash
# disk-full.sh: a full disk that du cannot explain, and one out of inodes, in a running lab host.
# Two small tmpfs file systems of its own are mounted in the lab host's mount namespace (private
# propagation: the machine never sees them):
#   logs    size LOGS_MB (default 16) MiB: a log writer ("app-logger") fills it, then its log is
#           deleted while it still holds it open (disk.full critical, disk.deleted-open); it keeps
#           appending 64 KiB a second at its offset
#   spool   nr_inodes=256: filled with empty files until no inode is left (disk.inodes.exhausted)
#
#   disk-full.sh NSPID [--logs-mb N] [--grow]
#                                      make the incident; runs --reset first. --grow: the writer
#                                      fills all but 4 MiB, then appends 128 KiB a second (full
#                                      about 30 s later: growth and time to full show on the way)
#   disk-full.sh NSPID --reset         stop the writer it started, unmount both, remove its state
#
# NSPID is a process in the lab host's namespaces: "nsPid" in lab/run/NAME/lab.json. Run as root.
# Prints the mount points, the writer's pid and fd, and what df says. The mounts and the writer go
# when the lab host goes down; --reset stops exactly the pid it recorded (after checking its
# command line), never processes by name.
#
# Exit status: 0 incident reproduced (or reset done), 1 failure, 2 usage.
set -euo pipefail

readonly PROG=disk-full.sh
readonly TAG=bedside-lab-disk-writer
readonly USAGE_LINES=20
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
LOGS_MB=16
RESET_ONLY=0
GROW=0
while [ $# -gt 0 ]; do
  case $1 in
    --logs-mb) [ $# -ge 2 ] || usage; LOGS_MB=$2; shift 2;;
    --reset) RESET_ONLY=1; shift;;
    --grow) GROW=1; shift;;
    *) usage;;
  esac
done
[[ $LOGS_MB =~ ^[0-9]+$ ]] && [ "$LOGS_MB" -ge 4 ] && [ "$LOGS_MB" -le 256 ] || die "--logs-mb must be 4..256."
require_lab "mounting in the lab host's mount namespace needs it"
for c in nsenter setsid mount umount; do command -v "$c" >/dev/null || die "$c is missing."; done
[ "$(readlink "/proc/$NSPID/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] \
  || die "process $NSPID is in this machine's own mount namespace; refusing to mount outside a lab host."
lab_ipc_namespace "refusing to run outside a lab host."
lab_state disk-full
LOGS=$STATE/logs
SPOOL=$STATE/spool

ours() {
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$TAG"
}

reset() {
  local w='' n=0
  w=$(cat "$STATE/writer.pid" 2>/dev/null || true)
  if ours "$w"; then
    kill -KILL "$w" 2>/dev/null || true
    n=1
    for _ in $(seq 1 30); do [ -d "/proc/$w" ] || break; sleep 0.1; done
  fi
  for m in "$LOGS" "$SPOOL"; do
    in_ns sh -c 'grep -qF " $1 " /proc/self/mountinfo && umount "$1"' sh "$m" 2>/dev/null || true
  done
  say "stopped $n writer, unmounted its file systems."
  rm -rf "$STATE"
  rmdir "$(dirname "$STATE")" 2>/dev/null || true
}

if [ -d "$STATE" ] || [ "$RESET_ONLY" = 1 ]; then
  reset
  [ "$RESET_ONLY" = 1 ] && exit 0
fi
state_init
mkdir -p "$LOGS" "$SPOOL"
in_ns mount -t tmpfs -o "size=${LOGS_MB}m,mode=755" bedside-lab-logs "$LOGS"
in_ns mount -t tmpfs -o size=8m,nr_inodes=256,mode=755 bedside-lab-spool "$SPOOL"

# the writer: comm "app-logger" (the name it is started by), fills the logs, its log is deleted,
# then it appends 64 KiB a second with the shell's printf (no fork per write)
ln -sf "$(command -v sh)" "$STATE/app-logger"
in_ns setsid "$STATE/app-logger" -c '
  exec 3>>"$1/app.log"
  i=0; while [ $i -lt $2 ]; do printf "%065535d\n" 0 >&3 2>/dev/null || break; i=$((i + 1)); done
  : > "$1/ready"
  while :; do j=0; while [ $j -lt $3 ]; do printf "%065535d\n" 0 >&3 2>/dev/null; j=$((j + 1)); done; sleep 1 3>&-; done' \
  "$TAG" "$LOGS" $([ "$GROW" = 1 ] && echo $(((LOGS_MB - 4) * 16)) || echo $((LOGS_MB * 16 + 16))) $((GROW + 1)) \
  </dev/null >/dev/null 2>"$STATE/writer.err" &
# (the file systems exist in the lab host's mount namespace only: look there)
for _ in $(seq 1 100); do in_ns test -e "$LOGS/ready" && break; sleep 0.1; done
in_ns test -e "$LOGS/ready" || die "the writer did not fill the logs: $(cat "$STATE/writer.err" 2>/dev/null)"
WRITER=$(for p in /proc/[0-9]*; do
  c=$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null) || continue
  case $c in *" $TAG $LOGS "*) echo "${p#/proc/}";; esac
done | head -n1)
[ -n "$WRITER" ] || die "the writer's pid was not found."
echo "$WRITER" >"$STATE/writer.pid"
in_ns rm -f "$LOGS/ready"
# the log is deleted while the writer holds it: du sees nothing, df sees a full disk
in_ns rm -f "$LOGS/app.log"
# the spool: empty files until no inode is left
in_ns bash -c 'i=0; while [ $i -lt 100000 ]; do : 2>/dev/null >"$1/msg.$i" || break; i=$((i + 1)); done' sh "$SPOOL"
FD=$(for f in /proc/"$WRITER"/fd/*; do
  case $(readlink "$f") in *"/app.log (deleted)") echo "${f##*/}";; esac
done | head -n1)
[ -n "$FD" ] || die "the writer holds no deleted log."

cat <<EOF
A full disk held by a deleted log, and a spool out of inodes, in the lab host (via pid $NSPID):
  logs     $LOGS (tmpfs, ${LOGS_MB} MiB)
  spool    $SPOOL (tmpfs, 256 inodes)
  writer   pid $WRITER (app-logger) fd $FD -> $LOGS/app.log (deleted)
$(in_ns df -P "$LOGS" "$SPOOL" | sed 's/^/  /')
$(in_ns df -Pi "$SPOOL" | tail -n1 | sed 's/^/  /')
Look:   ls -l /proc/$WRITER/fd ; du -sh $LOGS ; df -h $LOGS
Free:   : > /proc/$WRITER/fd/$FD      (the writer keeps appending at its offset: restart it for good)
Undo:   $0 $NSPID --reset
EOF
