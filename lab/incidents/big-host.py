#!/usr/bin/env python3
# big-host.py: the processes and sockets of big-host.sh, in one process tree (run by it, not alone).
#
#   big-host.py PROCS CONNS TIMEWAIT PORT0 READYFILE [LABPID]
#
# Starts HOLDERS socket holders (one per 1,000 connections), each listening on 127.0.0.1:PORT0+i and
# holding 1,000 connections to itself (2,000 sockets, both ends); TIMEWAIT connections closed by the
# connecting side first (their sockets stay in TIME-WAIT for 60 s); then sleeping children until the
# tree holds PROCS processes. Writes READYFILE when all are up and waits; SIGTERM ends the tree
# (every child is in this process's group), and so does the end of LABPID (the lab host it was made
# in: a lab taken down without --reset leaves nothing behind).
import os, resource, signal, socket, sys, time

procs, conns, timewait, port0, ready = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
labpid = int(sys.argv[6]) if len(sys.argv) > 6 else 0


def started(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


lab_start = started(labpid) if labpid else None
PER = 1000
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
need = 2 * PER + 64
if soft < need:
    if hard < need:
        sys.exit("big-host.py: the fd limit (hard %d) is below the %d a holder needs." % (hard, need))
    resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))


def holder(i, port, n):
    # each holder connects from an address of its own (127.0.2.i+1): its ports are then its own,
    # and 50,000 connections from 127.0.0.1 would run out of the 28,232 ephemeral ports
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(4096)
    src = ("127.0.%d.%d" % (2 + i // 250, 1 + i % 250), 0)
    keep = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port), source_address=src)
        s, _ = ls.accept()
        keep.append((c, s))
    return keep


def child(fn):
    pid = os.fork()
    if pid == 0:
        try:
            fn()
            while True:
                signal.pause()
        finally:
            os._exit(0)
    return pid


children = []
r, w = os.pipe()
holders = (conns + PER - 1) // PER
for i in range(holders):
    n = min(PER, conns - i * PER)
    def run(i=i, port=port0 + i, n=n):
        try:
            globals()["_keep"] = holder(i, port, n)
        except OSError as e:
            print("big-host.py: holder %d: %s" % (i, e), file=sys.stderr)
            os.write(w, b"e")
            raise
        os.write(w, b"h")
    children.append(child(run))
for _ in range(holders):
    if os.read(r, 1) != b"h":
        os.killpg(0, signal.SIGKILL)
if timewait:
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port0 + holders))
    ls.listen(4096)
    for _ in range(timewait):
        c = socket.create_connection(("127.0.0.1", port0 + holders))
        s, _ = ls.accept()
        c.close()
        s.close()
    ls.close()
while len(children) + 1 < procs:
    children.append(child(lambda: None))
with open(ready, "w") as f:
    f.write("%d\n" % os.getpid())
signal.signal(signal.SIGTERM, lambda *a: (os.killpg(0, signal.SIGKILL)))
while True:
    time.sleep(2)
    if lab_start is not None and started(labpid) != lab_start:
        os.killpg(0, signal.SIGKILL)
