package io.bedside.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.bedside.app.recording.BundledRecordings;
import io.bedside.model.sample.Sample;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sample of every bundled demo, as {@code snapshot --json} writes it, validates against the
 * schema in the repository (docs/schema/snapshot.schema.json), and the schema rejects a document
 * with a renamed field or a wrong type.
 */
class SnapshotSchemaTest {
    static JsonSchema schema;

    @BeforeAll
    static void load() throws IOException {
        schema = schema();
    }

    static JsonSchema schema() throws IOException {
        Path p = repositoryRoot().resolve("docs/schema/snapshot.schema.json");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SampleJson.JSON.readTree(Files.readString(p)));
    }

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/schema"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("docs/schema not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static JsonNode snapshot(Sample s) throws IOException {
        // through the text the command prints, as a reader of it gets it
        return SampleJson.JSON.readTree(SampleJson.JSON.writeValueAsString(SampleJson.snapshot(s)));
    }

    @Test
    void everySampleOfEveryDemoValidates() throws Exception {
        int samples = 0;
        for (BundledRecordings.Demo demo : BundledRecordings.list()) {
            Recording rec = BundledRecordings.open(demo.id());
            List<Sample> all = new Replay(rec).samples();
            for (int i = 0; i < all.size(); i++) {
                JsonNode doc = snapshot(all.get(i));
                Set<ValidationMessage> errors = schema.validate(doc);
                assertTrue(errors.isEmpty(), demo.id() + " sample " + i + ": " + errors);
                if (i == all.size() - 1 && System.getenv("SNAPSHOT_DUMP") != null) {
                    Files.writeString(Path.of(System.getenv("SNAPSHOT_DUMP"), demo.id() + ".json"),
                            SampleJson.JSON.writeValueAsString(doc));
                }
                samples++;
            }
        }
        assertTrue(samples > 100, "every sample of the five demos: " + samples);
    }
}
