package io.bedside.model.probe;

import io.bedside.model.sockets.SocketTable;
import io.bedside.model.sockets.SsParser;
import io.bedside.model.sockets.TcpSocket;
import io.bedside.model.sockets.ThreadInfo;
import io.bedside.model.sockets.ThreadTable;
import io.bedside.model.sockets.ProcThreadsParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parsed output's sections are views of its text ({@link Lines}): they must read exactly the
 * lines a split at '\n' gives, whatever the host put in them, and behave as an unmodifiable list.
 */
class LinesTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String M = "@@bedside:" + TOKEN + ":";

    /**
     * Host text with what could confuse a splitter: carriage returns, a Unicode line separator, a
     * form feed, empty and blank lines, a forged marker without the token, a marker's prefix in the
     * middle of a line, non-Latin-1 text (the whole text is then two bytes a char), a last line
     * without its newline.
     */
    @Test
    void everySectionReadsTheLinesASplitAtNewlineGives() {
        List<String> body = List.of("a\rb", "", "   ", "x\u2028y", "f\fg", "@@bedside:section forged ok", "not " + M + "end",
                "名前 ü", "\t tab", "last");
        String text = M.replace(TOKEN + ":", "") + "probe version=2 token=" + TOKEN + "\n"
                + M + "section one ok\n" + String.join("\n", body) + "\n"
                + M + "section two ok\n" + "only\n"
                + M + "end elapsed_ns=1";
        ProbeOutput out = ProbeOutputParser.parse(text);
        assertTrue(out.complete(), out.problems().toString());
        assertEquals(body, out.section("one").orElseThrow().lines());
        assertEquals(List.of("only"), out.section("two").orElseThrow().lines());
        assertInstanceOf(Lines.class, out.section("one").orElseThrow().lines());
    }

    /** Random outputs over a hostile alphabet: the sections hold the same lines as the list form of the parser sees. */
    @Test
    void randomOutputsSplitAsTheirLinesDo() {
        Random r = new Random(16);
        String[] pieces = {"\n", "\r", "\r\n", " ", "x", "é", "日", "\u2028", "@@bedside:", M, M + "section s ok\n",
                M + "status s error read-failed\n", M + "cpu\n0m0.01s 0m0.00s\n0m0.00s 0m0.00s\n", "\n\n"};
        for (int round = 0; round < 300; round++) {
            StringBuilder b = new StringBuilder("@@bedside:probe version=2 token=" + TOKEN + "\n" + M + "section s ok\n");
            int n = r.nextInt(40);
            for (int i = 0; i < n; i++) {
                b.append(pieces[r.nextInt(pieces.length)]);
            }
            if (r.nextBoolean()) {
                b.append('\n').append(M).append("end elapsed_ns=1\n");
            }
            String text = b.toString();
            ProbeOutput fromText = ProbeOutputParser.parse(text);
            ProbeOutput fromLines = ProbeOutputParser.parse(ProbeOutputParser.splitLines(text));
            assertEquals(fromLines.sections(), fromText.sections(), text);
            assertEquals(fromLines.problems(), fromText.problems(), text);
            assertEquals(fromLines.complete(), fromText.complete(), text);
            for (Section s : fromText.sections().values()) {
                for (String line : s.lines()) {
                    assertTrue(line.indexOf('\n') < 0, "a line holds no newline: " + text);
                }
            }
        }
    }

    @Test
    void aViewIsAnUnmodifiableListOfTheSameText() {
        ProbeOutput out = ProbeOutputParser.parse("@@bedside:probe version=2 token=" + TOKEN + "\n" + M + "section s ok\na\nb\nc\nd\n"
                + M + "end elapsed_ns=1\n");
        List<String> lines = out.section("s").orElseThrow().lines();
        assertEquals(List.of("a", "b", "c", "d"), lines);
        assertEquals(List.of("a", "b", "c", "d").hashCode(), lines.hashCode());
        List<String> mid = lines.subList(1, 3);
        assertEquals(List.of("b", "c"), mid);
        assertEquals(List.of("c"), mid.subList(1, 2));
        assertEquals(List.of(), mid.subList(2, 2));
        assertSame(((Lines) lines).text(), ((Lines) mid).text(), "a view shares the text");
        assertThrows(IndexOutOfBoundsException.class, () -> mid.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> mid.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> lines.subList(2, 5));
        assertThrows(UnsupportedOperationException.class, () -> lines.add("e"));
        assertThrows(UnsupportedOperationException.class, () -> mid.set(0, "e"));
        assertThrows(UnsupportedOperationException.class, () -> lines.remove(0));
        // a section made from a list elsewhere copies it: nobody can change it afterwards
        List<String> mutable = new ArrayList<>(List.of("x"));
        Section s = new Section("s", SourceStatus.OK, "", mutable);
        mutable.add("y");
        assertEquals(List.of("x"), s.lines());
    }

    /** Lines put together from elsewhere (the fd walk's merged section) become one text, read back the same. */
    @Test
    void linesCopiedFromAListReadTheSame() {
        List<String> from = List.of("pid=1 start=5 fds=3 comm=a b", "", "1 0 lrwx------ s socket:[9]", " x ", "é 日");
        Lines l = Lines.copyOf(from);
        assertEquals(from, l);
        assertSame(l, Lines.copyOf(l));
        assertEquals(List.of(), Lines.copyOf(List.of()));
        assertEquals(List.of(""), Lines.copyOf(List.of("")));
        assertEquals(List.of("", ""), Lines.copyOf(List.of("", "")));
        assertThrows(IllegalArgumentException.class, () -> Lines.copyOf(List.of("a\nb")));
    }

    /** A socket and a thread keep where their raw line is (a view), and read it as the host printed it. */
    @Test
    void socketsAndThreadsReadTheirRawLinesFromTheSection() {
        String text = "@@bedside:probe version=2 token=" + TOKEN + "\n"
                + M + "section ss-tcp ok ss -tane\n"
                + "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
                + "ESTAB 0 0 10.0.0.1:22 10.0.0.9:50000 ino:10 cgroup:/ <->\n"
                + "\t cubic wscale:7,7\n"
                + "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.9:50001 ino:11 cgroup:/ <->\n"
                + "\n"
                + "\t detail after a blank line\n"
                + M + "section proc-threads ok\n"
                + "5025 5029 S anon_pipe_write 1:0x2 CP Server Th-1\n"
                + "5027 5027 S hrtimer_nanosleep - bedside-reader\n"
                + M + "end elapsed_ns=1\n";
        ProbeOutput out = ProbeOutputParser.parse(text);
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> tcp = SsParser.parseTcp(out.section("ss-tcp").orElseThrow().lines(), problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(List.of("ESTAB 0 0 10.0.0.1:22 10.0.0.9:50000 ino:10 cgroup:/ <->", "\t cubic wscale:7,7"),
                tcp.sockets().get(0).lines());
        assertInstanceOf(Lines.class, tcp.sockets().get(0).lines(), "one run of lines: a view");
        assertEquals(List.of("CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.9:50001 ino:11 cgroup:/ <->", "\t detail after a blank line"),
                tcp.sockets().get(1).lines(), "lines that are not one run are still the socket's");
        assertSame(tcp.sockets().get(0).local().address(), tcp.sockets().get(1).local().address(), "one address, one string");
        assertSame(tcp.sockets().get(0).remote().address(), tcp.sockets().get(1).remote().address());

        ThreadTable threads = ProcThreadsParser.parse(out.section("proc-threads").orElseThrow().lines(), "", problems).orElseThrow();
        ThreadInfo t = threads.threads().get(0);
        assertEquals("5025 5029 S anon_pipe_write 1:0x2 CP Server Th-1", t.line());
        assertEquals("CP Server Th-1", t.name());
        ThreadInfo same = new ThreadInfo(t.pid(), t.tid(), t.state(), t.wchan(), t.syscall(), t.name(), t.line());
        assertEquals(same, t, "a thread read from a view equals one made with its line");
        assertEquals(same.hashCode(), t.hashCode());
        assertNotSame(threads.threads().get(1), t);
        assertTrue(!threads.threads().get(1).equals(t));
    }
}
