package io.bedside.model.net;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.sockets.SocketTable;
import io.bedside.model.sockets.SsParser;
import io.bedside.model.sockets.TcpSocket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The busiest client tuples of a socket list: busiest first, ties by remote address and port, then local address; at most 64. */
class TupleOrderTest {

    @Test
    void theBusiestComeFirstAndTiesAreKeptInAddressOrderWhateverTheListsOrder() {
        List<String> lines = new ArrayList<>();
        // 3 busy tuples (5, 4 and 4 sockets), then 200 tuples of one socket each, to 50 remote addresses
        int port = 40000;
        for (int i = 0; i < 5; i++) {
            lines.add("ESTAB 0 0 10.0.0.1:" + port++ + " 10.9.9.9:443");
        }
        for (int i = 0; i < 4; i++) {
            lines.add("ESTAB 0 0 10.0.0.1:" + port++ + " 10.9.9.8:443");
            lines.add("TIME-WAIT 0 0 10.0.0.2:" + port++ + " 10.9.9.8:443");
        }
        for (int i = 0; i < 200; i++) {
            lines.add("ESTAB 0 0 10.0.0.1:" + port++ + " 10.1.2." + (i % 50) + ":" + (5000 + i));
        }
        List<String> expected = null;
        for (long seed = 1; seed <= 5; seed++) {
            List<String> shuffled = new ArrayList<>(lines);
            Collections.shuffle(shuffled, new java.util.Random(seed));
            shuffled.add(0, "State Recv-Q Send-Q Local Address:Port Peer Address:Port");
            List<ParseProblem> problems = new ArrayList<>();
            SocketTable<TcpSocket> t = SsParser.parseTcp(shuffled, problems).orElseThrow();
            assertEquals(List.of(), problems);
            List<String> got = NetAssessment.tuples(t, new PortRange(32768, 60999)).stream()
                    .map(x -> x.inUse() + " " + x.timeWait() + " " + x.local() + " " + x.remoteAddress() + ":" + x.remotePort()).toList();
            assertEquals(NetAssessment.BUSIEST, got.size());
            assertEquals("5 0 10.0.0.1 10.9.9.9:443", got.get(0));
            // the two tuples of 4 to 10.9.9.8: by local address
            assertEquals(List.of("4 0 10.0.0.1 10.9.9.8:443", "4 4 10.0.0.2 10.9.9.8:443"), got.subList(1, 3));
            // then the singles by remote address (as text) and port: 10.1.2.0:5000, 10.1.2.0:5050, 10.1.2.0:5100, ...
            assertEquals(List.of("1 0 10.0.0.1 10.1.2.0:5000", "1 0 10.0.0.1 10.1.2.0:5050", "1 0 10.0.0.1 10.1.2.0:5100",
                    "1 0 10.0.0.1 10.1.2.0:5150", "1 0 10.0.0.1 10.1.2.1:5001"), got.subList(3, 8));
            if (expected == null) {
                expected = got;
            }
            assertEquals(expected, got, "the same tuples in the same order for shuffle " + seed);
        }
    }
}
