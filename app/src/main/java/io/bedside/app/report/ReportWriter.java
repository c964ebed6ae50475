package io.bedside.app.report;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.app.fix.FixJournal;
import io.bedside.app.report.ReportModel.FixView;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.host.HostFacts;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.recording.RecordedSamples;
import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;
import io.bedside.model.text.HostText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes an incident report from a recording: {@code report.html} (self-contained: no script, no
 * external file, charts as inline SVG), {@code report.md} for a ticket and {@code evidence.json}
 * (schema: {@code io/bedside/report/evidence.schema.json}). The recording is replayed through the
 * same parsers and the diagnosis runs on its last sample with the history, and at every earlier
 * sample for what was there before. Fixes run on the host during the recording are shown with
 * their steps, the host before and after, the verification and the audit log of their commands.
 * With redaction, host names, user names and IP addresses are replaced by stable placeholders in
 * all three files; secrets in command lines are masked whether redaction is on or not.
 * What the report says is built once as a {@link ReportModel}; {@link HtmlReport},
 * {@link MarkdownReport} and {@link JsonReport} render it, and this class writes the files.
 */
public final class ReportWriter {
    static final String HTML = "report.html";
    static final String MARKDOWN = "report.md";
    static final String JSON = "evidence.json";
    /** Where the JSON bundle's schema is kept, on the class path (module resources). */
    public static final String SCHEMA = "/io/bedside/report/evidence.schema.json";

    private final String version;
    private final Clock clock;

    public ReportWriter() {
        this("dev", Clock.systemUTC());
    }

    /** @param version Bedside's version, named in every file */
    public ReportWriter(String version, Clock clock) {
        this.version = version;
        this.clock = clock;
    }

    /** Replays {@code rec}, diagnoses it and writes the three files into {@code dir}; returns {@code dir}. */
    public Path write(Recording rec, Path dir, boolean redact) throws IOException {
        return write(rec, List.of(), dir, redact);
    }

    /**
     * As {@link #write(Recording, Path, boolean)}, with fixes found elsewhere (the local fix journals)
     * added to those the recording carries; each run of a fix is shown once.
     */
    public Path write(Recording rec, List<AppliedFix> moreFixes, Path dir, boolean redact) throws IOException {
        return write(rec, (host, first, last) -> moreFixes, dir, redact).dir();
    }

    /** Finds the fixes run on the host from this machine, once the recording has said its host name and span. */
    @FunctionalInterface
    public interface MoreFixes {
        /**
         * @param hostname the name the host's last sample gave, if any did
         * @param first    when the first sample arrived
         * @param last     when the last one arrived
         */
        List<AppliedFix> find(Optional<String> hostname, Instant first, Instant last);
    }

    /**
     * What a report holds: the folder it was written to, the fixes shown, the samples read, and
     * the sentence that says the recording ends abruptly, when it does.
     */
    public record Written(Path dir, int fixes, int samples, Optional<String> cut) {
    }

    /**
     * Reads {@code rec} twice, one sample at a time (the diagnosis at every sample, the charts and
     * the kills; then the raw samples into evidence.json), so a day's recording is reported in
     * bounded memory. The files are written to a temporary folder beside {@code dir} and moved into
     * place only when all three are whole: a failure (a full disk) leaves nothing half-written, and
     * an earlier report in {@code dir} stays as it was.
     */
    public Written write(RecordedSamples rec, MoreFixes more, Path dir, boolean redact) throws IOException {
        ReportModel d = ReportModel.build(rec, more, clock.instant(), version);
        Redactor r = new Redactor(redact);
        r.addHost(rec.source());
        d.hosts().forEach(r::addHost);
        d.users().forEach(r::addUser);
        for (FixView fv : d.fixes()) {
            AppliedFix f = fv.fix();
            r.addHost(f.hostname());
            hostOfTarget(f.target()).ifPresent(r::addHost);
            userOfTarget(f.target()).filter(u -> !u.equals("root")).ifPresent(r::addUser);
            if (!f.user().equals("root") && !f.user().equals("?")) {
                r.addUser(f.user());
            }
            f.audit().forEach(e -> hostOfTarget(e.host()).ifPresent(r::addHost));
        }
        // the owners' names as the findings carry them; root is no one's identity and would blank
        // out "needs root" and the like
        ReportModel.ownerNames(d.allFindings()).stream().filter(u -> !u.equals("root")).forEach(r::addUser);

        String html = SecretScrubber.scrub(r.apply(HtmlReport.render(d)));
        String md = SecretScrubber.scrub(r.apply(MarkdownReport.render(d)));
        Path parent = dir.toAbsolutePath().getParent();
        Path tmp = null;
        Path current = dir;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".writing-");
            current = tmp.resolve(HTML);
            Files.writeString(current, html, StandardCharsets.UTF_8);
            current = tmp.resolve(MARKDOWN);
            Files.writeString(current, md, StandardCharsets.UTF_8);
            current = tmp.resolve(JSON);
            JsonReport.write(d, redact, r, current);
            current = dir;
            moveIntoPlace(tmp, dir);
            tmp = null;
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("Could not write the report to " + dir + ": " + why(e) + ".", e);
        } catch (IOException e) {
            String what = e.getMessage() == null ? "an input/output error" : e.getMessage().toLowerCase(Locale.ROOT);
            throw new IOException("Could not write the report to " + dir + ": " + what + " ("
                    + (current.equals(dir) ? dir : dir.resolve(current.getFileName())) + ").", e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
        return new Written(dir, d.fixes().size(), d.count(), d.cut());
    }

    /**
     * The three files of {@code tmp} into {@code dir}: the folder renamed into place when there was
     * none, else each file moved over its old self (one rename each, so no file is ever half there).
     */
    private static void moveIntoPlace(Path tmp, Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile: move the files one by one
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.FileAlreadyExistsException(dir.toString());
        }
        for (String name : List.of(JSON, MARKDOWN, HTML)) {
            Files.move(tmp.resolve(name), dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.delete(tmp);
    }

    private static void deleteQuietly(Path tmp) {
        try (var files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // nothing more to do: the folder is hidden and named for what it was
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // as above
        }
    }

    /**
     * The fixes run on the recording's host from this machine between {@code from} and {@code to},
     * from the sessions' fix journals under {@code sessionsRoot}. The host is told by the name its
     * last sample gave; none when no sample named it.
     */
    public static List<AppliedFix> localFixes(Recording rec, Path sessionsRoot, Instant from, Instant to) {
        for (int i = rec.samples().size() - 1; i >= 0; i--) {
            RawSample r = rec.samples().get(i);
            Optional<String> name = Playbooks.parser().parse(rec.source(), r.receivedAt(), r.output(), r.roundTripMillis())
                    .facts().get().map(HostFacts::hostname);
            if (name.isPresent()) {
                return FixJournal.find(sessionsRoot, name.get(), from, to);
            }
        }
        return List.of();
    }

    /** What went wrong writing a file, in a few words (the JDK's message is often the path alone). */
    static String why(java.nio.file.FileSystemException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied at " + e.getFile();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return e.getFile() + " does not exist";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return e.getFile() + " is a file, not a folder";
        }
        return (e.getReason() == null ? "the file system refused" : e.getReason().toLowerCase(Locale.ROOT))
                + (e.getFile() == null ? "" : " (" + e.getFile() + ")");
    }


    private static Optional<String> hostOfTarget(String target) {
        if (target == null || target.isBlank()) {
            return Optional.empty();
        }
        String t = target.contains("@") ? target.substring(target.lastIndexOf('@') + 1) : target;
        int colon = t.lastIndexOf(':');
        if (colon > 0 && t.indexOf(':') == colon) {
            t = t.substring(0, colon);
        }
        t = t.strip();
        return t.isEmpty() || t.contains(" ") ? Optional.empty() : Optional.of(t);
    }

    private static Optional<String> userOfTarget(String target) {
        if (target == null || !target.contains("@")) {
            return Optional.empty();
        }
        String u = target.substring(0, target.lastIndexOf('@')).strip();
        return u.isEmpty() || u.contains(" ") ? Optional.empty() : Optional.of(u);
    }

    /** HTML text or attribute: entities, and host text's control, bidi and zero-width characters shown as escapes. */
    static String esc(String s) {
        return HostText.html(s);
    }
}
