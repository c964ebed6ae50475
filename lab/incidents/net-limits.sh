#!/usr/bin/env bash
# net-limits.sh: the network limits playbook's incidents (issue 13), staged in a lab host that has
# a network namespace of its own: a --jump lab's "tgt" host (its "nsPid" in lab/run/NAME/lab.json).
# Everything it changes is in that namespace: the machine's own sysctls are never touched.
#
#   net-limits.sh NSPID ports [--port-range LOW-HIGH]
#                       narrow ip_local_port_range (default 32768-32799: 32 ports), start a server
#                       that accepts and holds every connection, and a client that connects to it
#                       from the host's own address until connect() fails with EADDRNOTAVAIL, then
#                       closes 8 of them (TIME_WAIT on the client side) and keeps the rest open
#   net-limits.sh NSPID listen [--backlog N]
#                       a server that listens with backlog N (default 8) and never calls accept(),
#                       and a client that starts a connection to it every 0.1 s (at most 200 open):
#                       the accept queue stays full and TcpExt ListenOverflows and ListenDrops grow
#   net-limits.sh NSPID conntrack [--fill PCT]     (or --conntrack)
#                       fill the host's own conntrack table to PCT% (default 93, 90..97) of
#                       nf_conntrack_max: an nftables table bedside_lab_ct whose output chain
#                       tracks new flows, nf_conntrack_udp_timeout raised to 3600 s, and UDP
#                       datagrams from one socket to closed ports of 127.0.X.Y until the count is
#                       there. It never reaches the max, so the kernel drops nothing and logs no
#                       "table full" line (the kernel log is the machine's). Prints "conntrack
#                       entries N max M"
#   net-limits.sh NSPID --reset
#                       stop what it started (recorded pids, command line checked), put back
#                       ip_local_port_range, tcp_tw_reuse, somaxconn and nf_conntrack_udp_timeout as
#                       they were before staging, delete bedside_lab_ct and flush the namespace's
#                       conntrack table (ctnetlink)
#
# Run as root on the machine. The processes run in the host's network, IPC, UTS and mount
# namespaces (nsenter -t NSPID -n -i -u -m); the script refuses a NSPID in the machine's own
# network namespace. nf_conntrack_max is never lowered: it is one value for the whole machine
# (kernel 5.12 on, commit 2671fa4, makes it read-only outside the initial namespace; before, a
# write there changed the machine's), so the table is filled to the real max instead: its count
# is per namespace, and ~320 bytes an entry (~80 MB at the default 262144) are checked against
# MemAvailable first.
# It prints "client connections N errno E" (ports) or the server's queue line of ss (listen), the
# address and port.
#
# Exit status: 0 incident staged (or reset done), 1 failure, 2 usage, 4 a missing prerequisite
# for conntrack (nft, nf_conntrack, memory; the lab tests skip with the reason).
set -euo pipefail

readonly PROG=net-limits.sh
readonly TAG=bedside-lab-netlimits
readonly USAGE_LINES=40
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 2 ] || usage
case $1 in -h|--help|help) usage;; esac
NSPID=$1; shift
MODE=$1; shift
RANGE=32768-32799
BACKLOG=8
FILL=93
[ "$MODE" = --conntrack ] && MODE=conntrack
while [ $# -gt 0 ]; do
  case $1 in
    --port-range) [ $# -ge 2 ] || usage; RANGE=$2; shift 2;;
    --backlog) [ $# -ge 2 ] || usage; BACKLOG=$2; shift 2;;
    --fill) [ $# -ge 2 ] || usage; FILL=$2; shift 2;;
    *) usage;;
  esac
done
case $MODE in ports|listen|conntrack|--reset) ;; *) usage;; esac
[[ $FILL =~ ^[0-9]+$ ]] && [ "$FILL" -ge 90 ] && [ "$FILL" -le 97 ] || die "--fill must be 90..97 (percent of nf_conntrack_max)."
[[ $RANGE =~ ^([0-9]{4,5})-([0-9]{4,5})$ ]] && [ "${BASH_REMATCH[1]}" -ge 1024 ] && [ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ] \
  && [ "${BASH_REMATCH[2]}" -le 65535 ] || die "--port-range must be LOW-HIGH within 1024-65535."
[[ $BACKLOG =~ ^[0-9]+$ ]] && [ "$BACKLOG" -ge 1 ] && [ "$BACKLOG" -le 4096 ] || die "--backlog must be 1..4096."
require_lab "nsenter into the lab host's namespaces needs it"
for c in nsenter setsid python3 ip; do command -v "$c" >/dev/null || die "$c is missing."; done
LAB_NET=$(readlink "/proc/$NSPID/ns/net")
[ "$LAB_NET" != "$(readlink /proc/self/ns/net)" ] \
  || die "process $NSPID is in this machine's own network namespace; use a --jump lab's tgt host (its nsPid)."
NET_ID=${LAB_NET//[^0-9]/}
STATE=$STATE_ROOT/net-$NET_ID/net-limits
LAB_BIRTH="$NSPID $(cut -d' ' -f22 "/proc/$NSPID/stat")"
if [ -d "$STATE" ] && [ "$(cat "$STATE/lab" 2>/dev/null)" != "$LAB_BIRTH" ]; then rm -rf -- "$STATE"; fi
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

in_net() { LC_ALL=C nsenter -t "$NSPID" -n -i -u -m -- "$@"; }

ours() {
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$TAG"
}

reset() {
  local f p n=0 k v
  # the server first: its close reaches the clients, which then close without TIME_WAIT on their ports
  for f in server client; do
    for p in $(cat "$STATE/$f.pid" 2>/dev/null || true); do
      if ours "$p"; then kill -KILL "$p" 2>/dev/null || true; n=$((n + 1)); fi
    done
    sleep 0.3
  done
  for k in net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse net.core.somaxconn net.netfilter.nf_conntrack_udp_timeout; do
    if [ -s "$STATE/$k" ]; then
      v=$(cat "$STATE/$k")
      in_net sysctl -q -w "$k=$v" >/dev/null || say "could not put back $k = $v."
    fi
  done
  if [ -e "$STATE/conntrack" ]; then
    in_net nft delete table inet bedside_lab_ct 2>/dev/null || true
    in_net "$PYTHON" -c "$CT_FLUSH" "$TAG" || say "could not flush the lab host's conntrack table."
  fi
  say "stopped $n processes it had started; sysctls of the lab host's network namespace put back."
  rm -rf -- "$STATE"
  rmdir "$(dirname "$STATE")" 2>/dev/null || true
}

# ctnetlink: IPCTNL_MSG_CT_DELETE (2) of NFNL_SUBSYS_CTNETLINK (1) without attributes flushes the
# table of the namespace it is sent in; the kernel's ack carries the error (0 = done)
CT_FLUSH='
import socket, struct, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
s.bind((0, 0))
s.send(struct.pack("=IHHII", 20, (1 << 8) | 2, 0x1 | 0x4, 1, 0) + struct.pack("=BBH", 0, 0, 0))
err = struct.unpack("=i", s.recv(4096)[16:20])[0]
sys.exit(0 if err == 0 else 1)
'

if [ -d "$STATE" ] || [ "$MODE" = --reset ]; then
  reset
  [ "$MODE" = --reset ] && exit 0
fi
if [ "$MODE" = conntrack ]; then
  # prerequisites first, before anything is made: exit 4, so a lab test skips with the reason
  command -v nft >/dev/null || { say "nft is missing (Debian: nftables): the lab host's namespace needs an nftables ct rule to track connections."; exit 4; }
  CT_MAX=$(in_net cat /proc/sys/net/netfilter/nf_conntrack_max 2>/dev/null) \
    || { say "nf_conntrack is not available on this kernel (no /proc/sys/net/netfilter/nf_conntrack_max)."; exit 4; }
  AVAIL_KB=$(awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo)
  NEED_KB=$((CT_MAX * FILL / 100 * 320 / 1024))
  [ "$CT_MAX" -le 4194304 ] && [ "$((NEED_KB * 4))" -le "$AVAIL_KB" ] \
    || { say "filling nf_conntrack_max $CT_MAX to $FILL% takes ~$((NEED_KB / 1024)) MB of kernel memory; MemAvailable is $((AVAIL_KB / 1024)) MB (4 times that is wanted)."; exit 4; }
fi
mkdir -p "$STATE"
echo "$LAB_BIRTH" >"$STATE/lab"
for k in net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse net.core.somaxconn; do
  in_net sysctl -n "$k" | tr '\t' ' ' >"$STATE/$k"
done
if [ "$MODE" = conntrack ]; then
  in_net sysctl -n net.netfilter.nf_conntrack_udp_timeout >"$STATE/net.netfilter.nf_conntrack_udp_timeout"
fi

# the host's own address: not loopback, where tcp_tw_reuse's default (2) would reuse TIME_WAIT ports
ADDR=$(in_net ip -4 -o addr show scope global | awk '{ split($4, a, "/"); print a[1]; exit }')
[ -n "$ADDR" ] || die "the lab host has no global IPv4 address (is it a --jump lab's tgt?)."

# server MODE ADDR PORT BACKLOG: accept and hold (ports) or never accept (listen); prints its port
SERVER='
import socket, sys, time
mode, addr, port, backlog = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(backlog)
print(s.getsockname()[1], flush=True)
if mode != "ports":
    while True:
        time.sleep(3600)
# hold every connection; close one when its client does, so the client is left in TIME_WAIT
import selectors
sel = selectors.DefaultSelector()
sel.register(s, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        if key.fileobj is s:
            c, _ = s.accept()
            sel.register(c, selectors.EVENT_READ)
        elif not key.fileobj.recv(4096):
            sel.unregister(key.fileobj)
            key.fileobj.close()
'
# client ports ADDR PORT: connect until EADDRNOTAVAIL, close 8, hold the rest
CLIENT='
import errno, socket, sys, time
mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
held = []
if mode == "ports":
    err = "none"
    while len(held) < 70000:
        c = socket.socket()
        try:
            c.connect((addr, port))
        except OSError as e:
            err = errno.errorcode.get(e.errno, str(e.errno))
            c.close()
            break
        held.append(c)
    n = len(held)
    for c in held[:8]:
        c.close()
    held = held[8:]
    print("client connections %d errno %s" % (n, err), flush=True)
    while True:
        time.sleep(3600)
else:
    print("client started", flush=True)
    while True:
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect((addr, port))
        except OSError:
            pass
        held.append(c)
        if len(held) > 200:
            held.pop(0).close()
        time.sleep(0.1)
'

start() {  # NAME ARGS...: start a tagged python3 in the host's namespaces; its first line to $STATE/NAME.out
  local name=$1; shift
  in_net setsid "$PYTHON" -c "$1" "${@:2}" "$TAG" </dev/null >"$STATE/$name.out" 2>"$STATE/$name.err" &
  local i
  for i in $(seq 1 50); do
    [ -s "$STATE/$name.out" ] && break
    sleep 0.1
  done
  [ -s "$STATE/$name.out" ] || die "$name did not start: $(cat "$STATE/$name.err")"
  # every process carrying the tag (nsenter and the python3 it runs); reset checks each again
  for p in $(pgrep -f -- "$TAG"); do
    grep -qx "$p" "$STATE"/*.pid 2>/dev/null || { echo "$p" >>"$STATE/$name.pid"; }
  done
}

# fill TARGET: UDP from one socket to closed ports of 127.0.X.Y (each a new flow: one entry, unreplied;
# the ICMP port unreachable is related to it, no entry of its own); checks the namespace's count
# every 512 datagrams and stops at TARGET, so it overshoots by at most 512
FILLER='
import socket, sys
target = int(sys.argv[1])
def entries():
    with open("/proc/net/stat/nf_conntrack") as f:
        f.readline()
        return int(f.readline().split()[0], 16)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
a, n = 0, 0
while entries() < target and a < 64000:
    addr = "127.0.%d.%d" % (a // 250 + 1, a % 250 + 1)
    a += 1
    for port in range(1024, 65536):
        try:
            s.sendto(b"x", (addr, port))
        except OSError:
            pass
        n += 1
        if n % 512 == 0 and entries() >= target:
            break
print("sent %d entries %d" % (n, entries()), flush=True)
'

case $MODE in
  conntrack)
    touch "$STATE/conntrack"
    in_net sysctl -q -w net.netfilter.nf_conntrack_udp_timeout=3600
    in_net nft -f - <<'NFT'
table inet bedside_lab_ct {
  chain out {
    type filter hook output priority 0; policy accept;
    ct state new counter accept
  }
}
NFT
    TARGET=$((CT_MAX * FILL / 100))
    in_net ip link set lo up
    in_net "$PYTHON" -c "$FILLER" "$TARGET" "$TAG" >"$STATE/filler.out" 2>"$STATE/filler.err" \
      || die "the filler failed: $(cat "$STATE/filler.err")"
    N=$(in_net cat /proc/sys/net/netfilter/nf_conntrack_count)
    [ "$N" -ge "$TARGET" ] || die "the table holds $N entries, not $TARGET: $(cat "$STATE/filler.out")"
    echo "conntrack entries $N max $CT_MAX"
    ;;
  ports)
    in_net sysctl -q -w "net.ipv4.ip_local_port_range=${RANGE/-/ }"
    start server "$SERVER" ports "$ADDR" 7000 4096
    start client "$CLIENT" ports "$ADDR" 7000
    echo "server $ADDR:7000 range $RANGE"
    cat "$STATE/client.out"
    ;;
  listen)
    start server "$SERVER" listen "$ADDR" 7001 "$BACKLOG"
    start client "$CLIENT" listen "$ADDR" 7001
    sleep 1
    echo "server $ADDR:7001 backlog $BACKLOG"
    in_net ss -ltn "sport = :7001" | tail -n +2
    ;;
esac
