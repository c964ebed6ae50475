# Creates one IPC_PRIVATE System V shared memory segment in the caller's IPC namespace and prints
# its id; with "attach", also maps it and keeps it mapped until killed.
import ctypes
import sys
import time

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
shmid = libc.shmget(0, 4096, 0o1600)  # IPC_PRIVATE, IPC_CREAT | 0600
if shmid < 0:
    sys.exit("shmget failed: errno %d" % ctypes.get_errno())
if sys.argv[1:] == ["attach"]:
    if libc.shmat(shmid, None, 0) in (None, ctypes.c_void_p(-1).value):
        sys.exit("shmat failed: errno %d" % ctypes.get_errno())
    print(shmid, flush=True)
    time.sleep(600)
print(shmid, flush=True)
