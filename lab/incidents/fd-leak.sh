#!/usr/bin/env bash
# fd-leak.sh: file descriptors running out in a running lab host, two ways.
#
#   fd-leak.sh NSPID [--soft N] [--hard N] [--rate N] [--stop N]
#                          a process ("bedside-leaker", python3) leaks sockets and pipes, RATE fds a
#                          second (default 4), under RLIMIT_NOFILE SOFT:HARD (default 256:4096), until
#                          it holds STOP fds (default 92% of SOFT), then holds them; runs --reset first
#   fd-leak.sh NSPID --file-max [--margin N]
#                          the system's open-file table nearly full: fs.file-max is lowered to what is
#                          allocated now plus MARGIN (default 3000), and a process of uid 65534
#                          ("bedside-opener") opens /dev/null until the kernel refuses it (ENFILE),
#                          then closes 4% of the table again, so it stands at about 96%
#   fd-leak.sh NSPID --reset
#                          stop what it started and put fs.file-max back
#
# NSPID is a process in the lab host's namespaces: "nsPid" in lab/run/NAME/lab.json. Run as root on
# the machine. The processes run inside that host's IPC, UTS and mount namespaces
# (nsenter -t NSPID -i -u -m); the script refuses NSPID in the machine's own IPC namespace.
# fs.file-max is NOT per namespace: lowering it lowers it for the whole machine. So the old value is
# saved in the state folder before the change, --reset (and a watchdog, after 180 s) writes it back,
# and the table keeps 4% free while it is lowered. Only processes without CAP_SYS_ADMIN are held by
# file-max (root's are not), which is why the opener runs as uid 65534.
#
# Prints the leaker's pid ("leaker pid PID"), or the file-max it set and the ENFILE it met.
# Exit status: 0 incident made (or reset done), 1 failure, 2 usage.
set -euo pipefail

readonly PROG=fd-leak.sh
readonly TAG=bedside-lab-fdleak
readonly USAGE_LINES=25
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
SOFT=256 HARD=4096 RATE=4 STOP='' MARGIN=3000 MODE=leak
while [ $# -gt 0 ]; do
  case $1 in
    --soft) [ $# -ge 2 ] || usage; SOFT=$2; shift 2;;
    --hard) [ $# -ge 2 ] || usage; HARD=$2; shift 2;;
    --rate) [ $# -ge 2 ] || usage; RATE=$2; shift 2;;
    --stop) [ $# -ge 2 ] || usage; STOP=$2; shift 2;;
    --margin) [ $# -ge 2 ] || usage; MARGIN=$2; shift 2;;
    --file-max) MODE=file-max; shift;;
    --reset) MODE=reset; shift;;
    *) usage;;
  esac
done
[[ $SOFT =~ ^[0-9]+$ ]] && [[ $HARD =~ ^[0-9]+$ ]] && [ "$SOFT" -ge 64 ] && [ "$SOFT" -le "$HARD" ] && [ "$HARD" -le 1048576 ] \
  || die "--soft and --hard must be 64 <= SOFT <= HARD <= 1048576."
[[ $RATE =~ ^[0-9]+$ ]] && [ "$RATE" -ge 1 ] && [ "$RATE" -le 1000 ] || die "--rate must be 1..1000 fds a second."
[ -n "$STOP" ] || STOP=$((SOFT * 92 / 100))
[[ $STOP =~ ^[0-9]+$ ]] && [ "$STOP" -lt "$SOFT" ] || die "--stop must be below --soft."
[[ $MARGIN =~ ^[0-9]+$ ]] && [ "$MARGIN" -ge 500 ] && [ "$MARGIN" -le 100000 ] || die "--margin must be 500..100000."
require_lab "nsenter into the lab host's namespaces and fs.file-max need it"
for c in nsenter setsid setpriv prlimit python3; do command -v "$c" >/dev/null || die "$c is missing."; done
lab_ipc_namespace "refusing to run outside a lab host."
lab_state fd-leak
# a python uid 65534 can run: not one under root's home (a pyenv shim)
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3)

ours() {
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$TAG"
}

restore_file_max() {
  local old
  old=$(cat "$STATE/file-max.orig" 2>/dev/null || true)
  if [[ $old =~ ^[0-9]+$ ]]; then
    sysctl -q -w fs.file-max="$old" && rm -f "$STATE/file-max.orig" && say "fs.file-max is $old again."
  fi
}

reset() {
  local p n=0
  for p in $(cat "$STATE"/*.pid 2>/dev/null || true); do
    if ours "$p"; then kill -KILL "$p" 2>/dev/null && n=$((n + 1)) || true; fi
  done
  restore_file_max
  say "stopped $n processes it had started."
  rm -rf "$STATE"
  rmdir "$(dirname "$STATE")" 2>/dev/null || true
}

if [ -d "$STATE" ] || [ "$MODE" = reset ]; then
  reset
  [ "$MODE" = reset ] && exit 0
fi
state_init

# The python of both processes: argv[1] is the tag (so --reset knows its own), then the mode.
# shellcheck disable=SC2016
PY='
import os, socket, sys, time, errno
tag, mode, state = sys.argv[1], sys.argv[2], sys.argv[3]
held = []
if mode == "leak":
    rate, stop = int(sys.argv[4]), int(sys.argv[5])
    open("/proc/self/comm", "w").write("bedside-leaker")
    open(state + "/leaker.pid", "w").write(str(os.getpid()))
    i = 0
    while True:
        if len(os.listdir("/proc/self/fd")) - 1 < stop:
            # two sockets a step, and a pipe every third step: both kinds grow, sockets most
            held.extend(socket.socketpair())
            if i % 3 == 2:
                held.extend(os.pipe())
            i += 1
        time.sleep(2.0 / rate)
else:
    open("/proc/self/comm", "w").write("bedside-opener")
    # uid 65534 cannot write the state folder: the script keeps what it prints
    print("pid", os.getpid(), flush=True)
    keep = int(sys.argv[4])
    try:
        while True:
            held.append(os.open("/dev/null", os.O_RDONLY))
    except OSError as e:
        code = errno.errorcode.get(e.errno, str(e.errno))
    for fd in held[-keep:]:
        os.close(fd)
    del held[-keep:]
    print(code, len(held) + keep, flush=True)
    while True:
        time.sleep(60)
'

if [ "$MODE" = leak ]; then
  in_ns setsid prlimit --nofile="$SOFT:$HARD" "$PYTHON" -c "$PY" "$TAG" leak "$STATE" "$RATE" "$STOP" \
    </dev/null >/dev/null 2>"$STATE/leaker.err" &
  for _ in $(seq 1 100); do [ -s "$STATE/leaker.pid" ] && break; sleep 0.1; done
  [ -s "$STATE/leaker.pid" ] || die "the leaker did not start: $(cat "$STATE/leaker.err" 2>/dev/null)"
  LEAKER=$(cat "$STATE/leaker.pid")
  cat <<EOT
leaker pid $LEAKER (bedside-leaker), RLIMIT_NOFILE $SOFT:$HARD, $RATE fds a second until it holds $STOP
Look:   ls -l /proc/$LEAKER/fd | wc -l ; grep 'open files' /proc/$LEAKER/limits
Undo:   $0 $NSPID --reset
EOT
  exit 0
fi

# ------------------------------------------------------------------ --file-max
read -r ALLOC _ OLD </proc/sys/fs/file-nr
NEW=$((ALLOC + MARGIN))
[ "$NEW" -lt "$OLD" ] || die "fs.file-max $OLD is already at most $NEW."
echo "$OLD" >"$STATE/file-max.orig"
# the watchdog: whatever happens to the caller, the machine's file-max comes back
( sleep 180; [ -s "$STATE/file-max.orig" ] && sysctl -q -w fs.file-max="$(cat "$STATE/file-max.orig")" ) </dev/null >/dev/null 2>&1 &
sysctl -q -w fs.file-max="$NEW"
KEEP=$((NEW * 4 / 100))
# its RLIMIT_NOFILE (root's, 20000 here) must be above MARGIN, or it meets EMFILE first
in_ns setsid setpriv --reuid=65534 --regid=65534 --clear-groups \
  "$PYTHON" -c "$PY" "$TAG" open "$STATE" "$KEEP" </dev/null >"$STATE/opener.out" 2>"$STATE/opener.err" &
for _ in $(seq 1 200); do [ "$(wc -l <"$STATE/opener.out")" -ge 2 ] && break; sleep 0.1; done
sed -n 's/^pid \([0-9]*\)$/\1/p' "$STATE/opener.out" >"$STATE/opener.pid"
if [ "$(wc -l <"$STATE/opener.out")" -lt 2 ]; then
  reset
  die "the opener met no limit: $(cat "$STATE/opener.err" 2>/dev/null)"
fi
read -r CODE HELD < <(sed -n 2p "$STATE/opener.out")
[ "$CODE" = ENFILE ] || { reset; die "the opener met $CODE, not ENFILE (its own RLIMIT_NOFILE is below --margin?)"; }
cat <<EOT
fs.file-max lowered from $OLD to $NEW (allocated $ALLOC); the opener (uid 65534) met $CODE after $HELD files
and closed $KEEP of them again: $(cat /proc/sys/fs/file-nr)
Undo:   $0 $NSPID --reset     (a watchdog puts fs.file-max back after 180 s anyway)
EOT
