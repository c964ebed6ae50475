#!/usr/bin/env python3
"""fuse-silent.py MOUNTPOINT SECONDS: mounts a FUSE file system on MOUNTPOINT whose daemon never
reads /dev/fuse, then waits SECONDS and exits (which aborts the connection and releases every waiter).

Whoever touches the mount in between waits for an answer that never comes, in uninterruptible
(killable) sleep: state D, wchan fuse_get_req or request_wait_answer, as behind a FUSE daemon that
hangs. Run it in a mount namespace of its own (unshare -m --propagation private), as root."""
import os
import subprocess
import sys
import time

mnt, seconds = sys.argv[1], int(sys.argv[2])
fd = os.open("/dev/fuse", os.O_RDWR)
os.set_inheritable(fd, True)
os.makedirs(mnt, exist_ok=True)
r = subprocess.run(["mount", "-t", "fuse", "-o", f"fd={fd},rootmode=40000,user_id=0,group_id=0", "bedside-silent", mnt],
                   pass_fds=(fd,))
if r.returncode != 0:
    sys.exit("mount failed")
print("mounted", mnt, flush=True)
time.sleep(seconds)
