package io.bedside.ui.ipc;

/**
 * A message queue as its table shows it.
 *
 * @param id       msqid
 * @param keyHex   key, {@code 0x%08x}
 * @param uid      owner uid
 * @param owner    {@code 0 (root)}
 * @param perms    {@code 644}
 * @param cbytes   bytes queued
 * @param qnum     messages queued
 * @param lspid    last msgsnd pid (0 = never)
 * @param sender   {@code 6411 alive}, {@code never}
 * @param lrpid    last msgrcv pid (0 = never)
 * @param receiver {@code 6411 dead}, {@code never}
 * @param stime    last send, epoch seconds (0 = never)
 * @param sent     {@code stime} on the host's clock
 * @param rtime    last receive, epoch seconds (0 = never)
 * @param received {@code rtime} on the host's clock
 * @param ctime    created or last changed, epoch seconds
 * @param changed  {@code ctime} on the host's clock
 * @param line     the raw /proc/sysvipc/msg row
 */
public record MsgRow(int id, String keyHex, long uid, String owner, String perms, long cbytes, long qnum,
                     int lspid, String sender, int lrpid, String receiver, long stime, String sent,
                     long rtime, String received, long ctime, String changed, String line) implements IpcRow, io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("msqid").contains(Integer.toString(id));
    }

    @Override
    public String verdict() {
        return "";
    }

    @Override
    public String reason() {
        return "";
    }

    @Override
    public boolean orphaned() {
        return false;
    }

    @Override
    public long weight() {
        return cbytes;
    }
}
