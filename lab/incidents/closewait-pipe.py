#!/usr/bin/env python3
"""closewait-pipe.py: the processes of seed 004, started by closewait-pipe.sh inside a lab host.

  closewait-pipe.py server  STATE_DIR LAB_PID LAB_IPC_NS NOFILE WORKERS bedside-lab-closewait
  closewait-pipe.py reader  STATE_DIR LAB_PID LAB_IPC_NS SERVER_PID bedside-lab-closewait  (by the server)
  closewait-pipe.py clients STATE_DIR LAB_PID LAB_IPC_NS PORT BURST EVERY bedside-lab-closewait

server   A heartbeat service shaped like the seed's CherryPy one: the main thread accepts and queues
         connections, WORKERS worker threads (named "CP Server Th-N") read one request each, write
         about 1 KiB of debug log to stderr (the SQL they "ran"), answer and close. Its stderr is
         the write end of an anonymous pipe whose read end is held by the reader, which never
         reads. After about 64 requests the 64 KiB pipe is full, every worker blocks in write(2)
         on fd 2 (wchan pipe_write, anon_pipe_write on newer kernels), and the main thread keeps
         accepting: each later client's request stays unread in Recv-Q and, when the client gives
         up and closes, the socket sits in CLOSE_WAIT for good.
reader   Holds the read end (fd 3) and sleeps: the sshd of the seed's `ssh -fn`, which no longer read.
clients  BURST clients at once (20 at a time), then one every EVERY seconds (0: none): connect,
         send one ~300 byte HTTP request, wait 1 s for an answer, close.

Every process exits by itself when the lab host goes away (the namespace of LAB_PID changes), and
the reader when the server is gone. The server writes STATE_DIR/server.out:
"SERVER_PID PORT PIPE_INODE READER_PID" once it listens.
"""
import ctypes
import os
import queue
import socket
import subprocess
import sys
import threading
import time

TAG = "bedside-lab-closewait"
REQUEST = (b"GET /api/heartbeat?app=eswitch-console&host=10.1.5.60&port=9999 HTTP/1.1\r\n"
           b"Host: 127.0.0.1\r\nUser-Agent: bedside-lab-heartbeat/1.0\r\nAccept: */*\r\n"
           b"X-Forwarded-For: 10.1.6.104\r\nX-Real-IP: 10.1.6.104\r\nConnection: close\r\n"
           b"X-Request-Id: 5f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b\r\n\r\n")


def set_comm(name):
    """The thread's name in /proc/PID/task/TID/comm (15 bytes at most)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(15, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def watch_lab(lab_pid, lab_ns, also=None):
    """Exit the whole process when the lab host is gone (or the process `also` is)."""
    def run():
        while True:
            time.sleep(2)
            try:
                ns = os.readlink("/proc/%s/ns/ipc" % lab_pid)
            except OSError:
                ns = ""
            if ns != lab_ns or (also is not None and not os.path.exists("/proc/%d" % also)):
                os._exit(0)
    threading.Thread(target=run, name="lab-watch", daemon=True).start()


def server(state, lab_pid, lab_ns, nofile, workers):
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, max(hard, nofile)))
    r, w = os.pipe()
    reader = subprocess.Popen([sys.executable, os.path.abspath(__file__), "reader", state, lab_pid, lab_ns,
                               str(os.getpid()), TAG], pass_fds=(r,), stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True)
    os.close(r)
    # stderr becomes the pipe: like `python -u xxx.py >> xxx.log` started by `ssh -fn`
    os.dup2(w, 2)
    os.close(w)
    inode = os.stat(2).st_ino
    watch_lab(lab_pid, lab_ns)
    set_comm("python3")

    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(128)
    port = ls.getsockname()[1]
    conns = queue.Queue()

    def worker(n):
        set_comm("CP Server Th-%d" % n)
        count = 0
        while True:
            c, addr = conns.get()
            try:
                req = c.recv(65536)
                count += 1
                line = req.split(b"\r\n", 1)[0].decode("latin-1")
                sql = ("SELECT * FROM instance WHERE app_name='eswitch-console' AND host='10.1.5.60' AND port=9999"
                       " /* %s:%d %s */" % (addr[0], addr[1], line))
                # webapi's debug write: one line per query, about 1 KiB per request in all. os.write
                # on fd 2 (no Python-level lock), so every worker blocks in the kernel's pipe write
                # itself; with sys.stderr one would block there and the rest on its buffer's lock.
                for q in range(4):
                    os.write(2, ("0.0%d (%d): %s %s\n" % (q, count, sql, "." * 40)).encode())
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            except OSError:
                pass
            finally:
                c.close()

    for n in range(1, workers + 1):
        threading.Thread(target=worker, args=(n,), name="CP Server Thread-%d" % n, daemon=True).start()
    with open(os.path.join(state, "server.out.tmp"), "w") as f:
        f.write("%d %d %d %d\n" % (os.getpid(), port, inode, reader.pid))
    os.rename(os.path.join(state, "server.out.tmp"), os.path.join(state, "server.out"))
    while True:
        try:
            c, addr = ls.accept()
        except OSError:  # EMFILE: out of fds; try again later, as CherryPy does
            time.sleep(0.5)
            continue
        conns.put((c, addr))


def reader(state, lab_pid, lab_ns, server_pid):
    set_comm("bedside-reader")
    watch_lab(lab_pid, lab_ns, also=int(server_pid))
    while True:  # holds fd 3, the read end, and never reads it
        time.sleep(3600)


def clients(state, lab_pid, lab_ns, port, burst, every):
    set_comm("heartbeat-cli")
    watch_lab(lab_pid, lab_ns)
    port = int(port)

    def one():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            s.settimeout(1)
            s.sendall(REQUEST)
            try:
                s.recv(4096)
            except OSError:
                pass  # no answer in time: give up, as nginx did after proxy_read_timeout
            s.close()
        except OSError:
            pass

    pending = list(range(int(burst)))
    while pending:
        batch = [threading.Thread(target=one) for _ in pending[:20]]
        del pending[:20]
        for t in batch:
            t.start()
        for t in batch:
            t.join()
    with open(os.path.join(state, "clients.burst-done"), "w") as f:
        f.write("%s\n" % burst)
    every = float(every)
    if every <= 0:
        return
    while True:
        time.sleep(every)
        threading.Thread(target=one, daemon=True).start()


def main(argv):
    # every role is started with TAG last, so that --reset can tell its processes by command line
    if len(argv) < 3:
        sys.exit(__doc__)
    role, rest = argv[1], argv[2:]
    if rest and rest[-1] == TAG:
        rest = rest[:-1]
    if role == "server":
        server(rest[0], rest[1], rest[2], int(rest[3]), int(rest[4]))
    elif role == "reader":
        reader(*rest[:4])
    elif role == "clients":
        clients(*rest[:6])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
