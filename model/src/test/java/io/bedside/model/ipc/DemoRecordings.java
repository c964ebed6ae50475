package io.bedside.model.ipc;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The bundled demo recordings (resources/.../recordings/*.jsonl.gz), parsed sample by sample
 * through the registry's parser as a replay does, each sample parsed with the one before. The model
 * has no JSON library: a line's {@code t}, {@code rttMs} and {@code out} are read by hand (a
 * recording line is one flat object whose strings use the JSON escapes).
 */
final class DemoRecordings {
    static final Path DIR = Path.of("../resources/src/main/resources/io/bedside/recordings");

    private DemoRecordings() {
    }

    /** The demo files, by name. */
    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            List<Path> out = s.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList();
            if (out.isEmpty()) {
                throw new AssertionError("no demo recordings in " + DIR.toAbsolutePath());
            }
            return out;
        }
    }

    /** Every sample of one demo, oldest first. */
    static List<Sample> samples(Path file) throws IOException {
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Sample> out = new ArrayList<>();
        Sample previous = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith("{\"t\":") || line.contains("\"fix\":{")) {
                continue;   // the header, or a fix (whose steps have their own "out")
            }
            String output = string(line, "out");
            Sample s = Playbooks.parser().parse("demo", Instant.parse(string(line, "t")), output,
                    Long.parseLong(number(line, "rttMs")), previous);
            out.add(s);
            previous = s;
        }
        return out;
    }

    private static String number(String line, String key) {
        int at = line.indexOf("\"" + key + "\":");
        int i = at + key.length() + 3;
        int j = i;
        while (j < line.length() && (Character.isDigit(line.charAt(j)) || line.charAt(j) == '-')) {
            j++;
        }
        return line.substring(i, j);
    }

    /** The string value of a top-level key, unescaped; null when the line has none. */
    private static String string(String line, String key) {
        int at = line.indexOf("\"" + key + "\":\"");
        if (at < 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = at + key.length() + 4; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = line.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);   // \" \\ \/
            }
        }
        throw new AssertionError("unterminated string " + key);
    }
}
