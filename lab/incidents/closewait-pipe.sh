#!/usr/bin/env bash
# closewait-pipe.sh: reproduce seed 004 in a running lab host. A threaded Python service logs
# every request to stderr, which is an anonymous pipe whose reader holds it open but never reads.
# Once the 64 KiB pipe is full every worker blocks writing to fd 2, the main thread keeps
# accepting, and the connections of clients that give up pile up in CLOSE_WAIT, each with its one
# unread request in Recv-Q.
#
#   closewait-pipe.sh NSPID [--clients N] [--every S] [--nofile N] [--workers N]
#                                       make the incident; runs --reset first
#   closewait-pipe.sh NSPID --reset     stop everything it started and remove what it wrote
#
# NSPID is a process in the lab host's namespaces: "nsPid" in lab/run/NAME/lab.json. Run as root
# on the machine. The processes run inside that host's IPC, UTS and mount namespaces
# (nsenter -t NSPID -i -u -m); the script refuses to run when NSPID is in the machine's own IPC
# namespace. The lab host shares the machine's network and pid namespaces, so the service listens
# on 127.0.0.1 on a port the kernel picks, and --reset stops exactly the pids it recorded (after
# checking their command line), never processes by name.
#
# What it makes, inside the lab host:
#   server   python3, WORKERS (default 10) threads "CP Server Th-N", RLIMIT_NOFILE soft NOFILE
#            (default 1024), stderr = pipe:[INODE]
#   reader   "bedside-reader" (python3), holds the pipe's read end and never reads
#   clients  "heartbeat-cli": N (default 200) clients at once, then one every S seconds (default
#            3; 0 for none): connect, send a ~300 byte request, wait 1 s, close
# and prints the server's pid and port, the pipe inode, the reader's pid, how many worker threads
# are blocked in pipe_write / anon_pipe_write and how many sockets are in CLOSE_WAIT.
# Everything exits by itself when the lab host goes down. Draining the pipe
# (`cat /proc/SERVER/fd/2 > /dev/null &`) unblocks the workers and the CLOSE_WAIT pile clears;
# --reset also removes /var/tmp/bedside-drain-SERVER-2.{log,pid} left by Bedside's drain fix.
#
# Exit status: 0 incident reproduced (or reset done), 1 failure, 2 usage.
set -euo pipefail

readonly PROG=closewait-pipe.sh
readonly TAG=bedside-lab-closewait
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
readonly SCRIPT_DIR
readonly PY_FILE=$SCRIPT_DIR/closewait-pipe.py

readonly USAGE_LINES=29
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
CLIENTS=200
EVERY=3
NOFILE=1024
WORKERS=10
RESET_ONLY=0
while [ $# -gt 0 ]; do
  case $1 in
    --clients) [ $# -ge 2 ] || usage; CLIENTS=$2; shift 2;;
    --every) [ $# -ge 2 ] || usage; EVERY=$2; shift 2;;
    --nofile) [ $# -ge 2 ] || usage; NOFILE=$2; shift 2;;
    --workers) [ $# -ge 2 ] || usage; WORKERS=$2; shift 2;;
    --reset) RESET_ONLY=1; shift;;
    *) usage;;
  esac
done
[[ $CLIENTS =~ ^[0-9]+$ ]] && [ "$CLIENTS" -le 20000 ] || die "--clients must be 0..20000."
[[ $EVERY =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--every must be a number of seconds (0: no trickle)."
[[ $NOFILE =~ ^[0-9]+$ ]] && [ "$NOFILE" -ge 64 ] && [ "$NOFILE" -le 1048576 ] || die "--nofile must be 64..1048576."
[[ $WORKERS =~ ^[0-9]+$ ]] && [ "$WORKERS" -ge 1 ] && [ "$WORKERS" -le 200 ] || die "--workers must be 1..200."
require_lab "nsenter into the lab host's namespaces needs it"
for c in nsenter setsid python3 awk; do command -v "$c" >/dev/null || die "$c is missing."; done
[ -r "$PY_FILE" ] || die "$PY_FILE is missing."
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

lab_ipc_namespace "refusing to run outside a lab host."
lab_state closewait-pipe

# pid is alive and its command line carries this script's tag (guards against pid reuse)
ours() {
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$TAG"
}

# stop the recorded pids that are still ours: TERM, then KILL
stop_ours() {
  local p alive=() _
  for p in "$@"; do ours "$p" && alive+=("$p"); done
  [ ${#alive[@]} -gt 0 ] || return 0
  kill -TERM "${alive[@]}" 2>/dev/null || true
  for _ in $(seq 1 30); do
    local left=()
    for p in "${alive[@]}"; do [ -d "/proc/$p" ] && left+=("$p"); done
    [ ${#left[@]} -eq 0 ] && return 0
    sleep 0.1
  done
  kill -KILL "${left[@]}" 2>/dev/null || true
}

reset() {
  local server='' port='' reader='' clients='' n=0
  if [ -s "$STATE/server.out" ]; then read -r server port _ reader <"$STATE/server.out"; fi
  clients=$(cat "$STATE/clients.pid" 2>/dev/null || true)
  for p in $clients $server $reader; do ours "$p" && n=$((n + 1)); done
  stop_ours $clients $server $reader
  if [ -n "$server" ]; then
    # what Bedside's proc.pipe.drain fix leaves: its drainer ends by itself once the server is gone
    rm -f "/var/tmp/bedside-drain-$server-2.log" "/var/tmp/bedside-drain-$server-2.pid"
  fi
  say "stopped $n processes it had started${server:+ (server $server, port $port)}."
  rm -rf "$STATE"
  rmdir "$(dirname "$STATE")" 2>/dev/null || true
}

if [ -d "$STATE" ] || [ "$RESET_ONLY" = 1 ]; then
  reset
  [ "$RESET_ONLY" = 1 ] && exit 0
fi
state_init

# ------------------------------------------------------------------ the incident

in_ns setsid "$PYTHON" "$PY_FILE" server "$STATE" "$NSPID" "$LAB_NS" "$NOFILE" "$WORKERS" "$TAG" \
  </dev/null >/dev/null 2>"$STATE/server.err" &
for _ in $(seq 1 100); do [ -s "$STATE/server.out" ] && break; sleep 0.1; done
[ -s "$STATE/server.out" ] || die "the server did not start: $(cat "$STATE/server.err" 2>/dev/null)"
read -r SERVER PORT INODE READER <"$STATE/server.out"

in_ns setsid "$PYTHON" "$PY_FILE" clients "$STATE" "$NSPID" "$LAB_NS" "$PORT" "$CLIENTS" "$EVERY" "$TAG" \
  </dev/null >/dev/null 2>"$STATE/clients.err" &
# the pid of python itself (setsid execs it when it is not a group leader; nsenter execs setsid)
for _ in $(seq 1 50); do
  CLIENTS_PID=$(for p in /proc/[0-9]*; do
    c=$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null) || continue
    case $c in *"$PY_FILE clients $STATE "*) echo "${p#/proc/}";; esac
  done | head -n1)
  [ -n "$CLIENTS_PID" ] && break
  sleep 0.1
done
[ -n "$CLIENTS_PID" ] || die "the clients did not start: $(cat "$STATE/clients.err" 2>/dev/null)"
echo "$CLIENTS_PID" >"$STATE/clients.pid"

# workers blocked writing to the pipe, by wchan (pipe_write before 6.x renamed it anon_pipe_write)
blocked() {
  local n=0 t w
  for t in /proc/"$SERVER"/task/*; do
    w=$(cat "$t/wchan" 2>/dev/null || true)
    case $w in pipe_write|anon_pipe_write|fifo_pipe_write) n=$((n + 1));; esac
  done
  echo "$n"
}
closewait() {
  awk -v p="$(printf ':%04X' "$PORT")" 'NR > 1 && $4 == "08" && substr($2, length($2) - 4) == p { n++ }
    END { print n + 0 }' /proc/net/tcp
}
# the burst is over when every client has given up (1 s each, 20 at a time)
for _ in $(seq 1 $((CLIENTS / 20 * 3 + 30))); do [ -e "$STATE/clients.burst-done" ] && break; sleep 0.5; done
sleep 1
BLOCKED=$(blocked)
CW=$(closewait)
[ "$BLOCKED" -gt 0 ] || die "no worker is blocked on the pipe (${CLIENTS} clients may be too few to fill 64 KiB)."

cat <<EOF
Seed 004 reproduced in the lab host (IPC namespace ipc:[$NS_ID], via pid $NSPID):
  server        pid $SERVER (python3), 127.0.0.1:$PORT, RLIMIT_NOFILE soft $NOFILE, $WORKERS workers
  stderr        fd 2 -> pipe:[$INODE]  (the server's stdout goes to /dev/null)
  reader        pid $READER (bedside-reader) holds the read end and never reads
  blocked       $BLOCKED of $WORKERS workers in pipe write (wchan pipe_write / anon_pipe_write)
  CLOSE_WAIT    $CW sockets on port $PORT (each with its unread request in Recv-Q)
  clients       pid $CLIENTS_PID (heartbeat-cli): $CLIENTS at once, then one every ${EVERY}s
Look:   ss -tanp state close-wait '( sport = :$PORT )' ; ls -l /proc/$SERVER/fd ; cat /proc/$SERVER/task/*/wchan
Drain:  cat /proc/$SERVER/fd/2 > /dev/null &     (the workers move on, CLOSE_WAIT clears)
Undo:   $0 $NSPID --reset
EOF
