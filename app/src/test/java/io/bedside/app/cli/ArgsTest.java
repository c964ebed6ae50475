package io.bedside.app.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {

    @Test
    void opensshFlagsAndBedsideFlags() {
        Args a = Args.parse(List.of("record", "-F", "cfg", "-p", "2222", "-l", "deploy", "-i", "k1", "-i", "k2",
                "-J", "edge,mid", "-o", "StrictHostKeyChecking=accept-new", "db-07", "--for", "10m", "-o", "out.jsonl.gz",
                "--interval", "500ms", "--sudo", "--json"));
        assertEquals(List.of("record", "db-07"), a.positional());
        assertEquals("cfg", a.ssh().configFile().orElseThrow());
        assertEquals(2222, a.ssh().port().getAsInt());
        assertEquals("deploy", a.ssh().user().orElseThrow());
        assertEquals(List.of("k1", "k2"), a.ssh().identities());
        assertEquals("edge,mid", a.ssh().jump().orElseThrow());
        assertEquals("accept-new", a.ssh().options().get("StrictHostKeyChecking"));
        assertEquals("out.jsonl.gz", a.output().orElseThrow());
        assertEquals(Duration.ofMinutes(10), a.duration().orElseThrow());
        assertEquals(Duration.ofMillis(500), a.interval().orElseThrow());
        assertTrue(a.sudo());
        assertTrue(a.json());
    }

    @Test
    void badArgumentsAreOneSentence() {
        assertEquals("-p needs a port number, not 'x'.", assertThrows(IllegalArgumentException.class,
                () -> Args.parse(List.of("-p", "x"))).getMessage());
        assertEquals("-F needs a value.", assertThrows(IllegalArgumentException.class,
                () -> Args.parse(List.of("-F"))).getMessage());
        assertEquals("'ten' is not a duration such as 30s, 10m or 1h.", assertThrows(IllegalArgumentException.class,
                () -> Args.parse(List.of("--for", "ten"))).getMessage());
        assertEquals("Unknown option '--frobnicate'; see ./bedside --help.", assertThrows(IllegalArgumentException.class,
                () -> Args.parse(List.of("--frobnicate"))).getMessage());
    }
}
