# Starts processes that any unprivileged user could start: each names itself with prctl(PR_SET_NAME)
# (no privilege needed) and holds a FIFO whose file name it chose, open for reading and writing.
# Usage: python3 hostile.py DIR NAMEHEX:FILEHEX ...  (bytes in hex, so any byte can be given)
# Prints one line per process, "PID", once each is named and holds its FIFO; then waits to be killed.
import ctypes
import os
import signal
import sys
import time

PR_SET_NAME = 15
# the processes it starts are reaped as they die (no zombie keeping a hostile name after a kill)
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
libc = ctypes.CDLL(None, use_errno=True)
folder = os.fsencode(sys.argv[1])
for pair in sys.argv[2:]:
    name_hex, file_hex = pair.split(":")
    name = bytes.fromhex(name_hex)
    path = os.path.join(folder, bytes.fromhex(file_hex))
    os.makedirs(os.path.dirname(path), exist_ok=True)  # a file given with folders in it
    os.mkfifo(path)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        fd = os.open(path, os.O_RDWR)
        if libc.prctl(PR_SET_NAME, ctypes.c_char_p(name), 0, 0, 0) != 0:
            os._exit(3)
        os.write(w, b"x")
        os.close(w)
        while True:
            time.sleep(600)
    os.close(w)
    os.read(r, 1)
    os.close(r)
    sys.stdout.write("%d\n" % pid)
    sys.stdout.flush()
while True:
    time.sleep(600)
