package io.bedside.model.ipc;

/**
 * One System V message queue, a row of /proc/sysvipc/msg:
 * <pre>
 *        key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime
 * 1071214267          0   644          13          1 30511     0     0     0     0     0 1795449737          0 1795449733
 * </pre>
 *
 * @param key    the key, signed as the kernel prints it
 * @param msqid  the id ({@code ipcrm -q ID})
 * @param perms  mode bits
 * @param cbytes bytes queued
 * @param qnum   messages queued
 * @param lspid  pid of the last msgsnd; 0 = never
 * @param lrpid  pid of the last msgrcv; 0 = never
 * @param uid    owner
 * @param gid    owner group
 * @param cuid   creator
 * @param cgid   creator group
 * @param stime  last send, epoch seconds; 0 = never
 * @param rtime  last receive, epoch seconds; 0 = never
 * @param ctime  created or last changed, epoch seconds
 * @param line   the raw row, for evidence
 */
public record MsgQueue(int key, int msqid, int perms, long cbytes, long qnum, int lspid, int lrpid,
                       long uid, long gid, long cuid, long cgid, long stime, long rtime, long ctime, String line) {

    public String keyHex() {
        return IpcKey.hex(key);
    }

    public String permsOctal() {
        return Integer.toOctalString(perms & 0777);
    }
}
