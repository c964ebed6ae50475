package io.bedside.app.recording;

import io.bedside.model.recording.Recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The demo recordings shipped in the resources module under {@code /io/bedside/recordings/},
 * listed in {@code index.properties} as {@code ID.title} and {@code ID.description}, the file
 * being {@code ID.jsonl.gz}.
 */
public final class BundledRecordings {
    private static final String BASE = "/io/bedside/recordings/";

    /** One demo. */
    public record Demo(String id, String title, String description) {
    }

    private BundledRecordings() {
    }

    public static List<Demo> list() {
        Properties p = new Properties();
        try (InputStream in = BundledRecordings.class.getResourceAsStream(BASE + "index.properties")) {
            if (in == null) {
                return List.of();
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        }
        List<Demo> out = new ArrayList<>();
        for (String id : p.getProperty("order", "").split(",")) {
            String k = id.trim();
            if (!k.isEmpty()) {
                out.add(new Demo(k, p.getProperty(k + ".title", k), p.getProperty(k + ".description", "")));
            }
        }
        return out;
    }

    public static Recording open(String id) throws IOException {
        if (!id.matches("[a-z0-9-]+")) {
            throw new IOException("There is no bundled recording called '" + id + "'.");
        }
        try (InputStream in = BundledRecordings.class.getResourceAsStream(BASE + id + ".jsonl.gz")) {
            if (in == null) {
                throw new IOException("There is no bundled recording called '" + id + "'.");
            }
            return RecordingFiles.read(in, id + ".jsonl.gz");
        }
    }
}
