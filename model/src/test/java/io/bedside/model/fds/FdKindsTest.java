package io.bedside.model.fds;

import io.bedside.model.sockets.SocketSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FdKindsTest {
    @Test
    void kindsAreTheKernelsWordsAndAHostilePathIsAFile() {
        var s = new FdsProbeText().table(1, 100)
                .fdLine("7 0 lrwx------ s socket:[1]")
                .fdLine("7 1 lr-x------ p pipe:[2]")
                .fdLine("7 2 lrwx------ ? anon_inode:[eventfd]")
                .fdLine("7 3 lrwx------ ? anon_inode:inotify")
                .fdLine("7 4 l-wx------ f /var/log/app.log (deleted)")
                .fdLine("7 5 lr-x------ f /tmp/anon_inode:[socket] socket")
                .fdLine("7 6 lr-x------ p /run/fifo")
                .fdLine("7 7 lr-x------ d /etc")
                .fdLine("7 8 lrwx------ c /dev/null")
                .fdLine("7 9 lrwx------ ? anon_inode:[a b\u001b]")
                .fdLine("7 10 lrwx------ ? net:[4026531840]")
                .fdLine("pid=7 start=5 nofile=1024/4096 fds=11 comm=x")
                .sample(FdsProbeText.T0);
        var p = SocketSnapshot.of(s).fds().get().orElseThrow().process(7).orElseThrow();
        Map<String, Integer> k = FdKinds.count(p);
        assertEquals("{anon_inode=1, anon_inode:[eventfd]=1, anon_inode:inotify=1, deleted file=1, device=1, directory=1, fifo=1,"
                + " file=1, net=1, pipe=1, socket=1}", k.toString());
    }
}
