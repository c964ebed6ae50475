package io.bedside.app.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostJsonTest {
    static final String HOSTILE = "\u001b[31mred\rok\u202eexe.txt\udcff \u0085\u007f\u200b\u2028 😀 进程 \\ \"q\"";

    @Test
    void plainJacksonOutputCannotBeWrittenAsUtf8(@TempDir Path dir) throws Exception {
        // why the escapes exist: Jackson leaves the lone surrogate raw, and the file writer refuses it
        ObjectNode o = new ObjectMapper().createObjectNode().put("comm", HOSTILE);
        String plain = new ObjectMapper().writeValueAsString(o);
        assertThrows(java.nio.charset.CharacterCodingException.class, () -> Files.writeString(dir.resolve("p.json"), plain, StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("h.json"), HostJson.mapper().writeValueAsString(o), StandardCharsets.UTF_8);
    }

    @Test
    void hostTextIsWrittenAsAsciiSafeEscapesAndReadsBackExactly(@TempDir Path dir) throws Exception {
        ObjectMapper m = HostJson.mapper();
        ObjectNode o = m.createObjectNode().put("comm", HOSTILE);
        String text = m.writeValueAsString(o);
        assertEquals("{\"comm\":\"\\u001B[31mred\\rok\\u202Eexe.txt\\uDCFF \\u0085\\u007F\\u200B\\u2028 \\uD83D\\uDE00 进程 \\\\ \\\"q\\\"\"}", text);
        text.chars().forEach(c -> assertTrue(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) && !Character.isSurrogate((char) c),
                () -> "raw char " + Integer.toHexString(c)));
        assertEquals(HOSTILE, m.readTree(text).get("comm").asText());
        byte[] bytes = m.writeValueAsBytes(o);
        assertEquals(text, new String(bytes, StandardCharsets.UTF_8));
        Path f = dir.resolve("x.json");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        assertEquals(HOSTILE, new ObjectMapper().readTree(f.toFile()).get("comm").asText());
    }

    @Test
    void aRawSampleWithAnyCharRoundTrips() throws Exception {
        Random rnd = new Random(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                b.append((char) rnd.nextInt(0x10000));
            }
            RawSample r = new RawSample(Instant.EPOCH, 5, b.toString(), "");
            String line = RecordJson.JSON.writeValueAsString(RecordJson.rawSample(r));
            JsonNode back = new ObjectMapper().readTree(line);
            assertEquals(r, RecordJson.rawSample(back).orElseThrow());
            assertEquals(line, new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "valid UTF-8");
        }
    }
}
