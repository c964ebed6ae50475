package io.bedside.app.cli;

import io.bedside.app.recording.Recorder;
import io.bedside.model.sample.Sample;
import io.bedside.model.session.ConnectionState;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.bedside.model.text.HostText.terminal;
import static io.bedside.app.cli.CommandContext.OK;
import static io.bedside.app.cli.CommandContext.UNKNOWN;

/** {@code record SOURCE -o FILE [--for D] [--interval D]}: a live session written to a recording. */
final class RecordCommand {
    private final CommandContext ctx;

    RecordCommand(CommandContext ctx) {
        this.ctx = ctx;
    }

    int run(Args a) {
        PrintStream err = ctx.err;
        String source = CommandContext.requireSource(a, "record");
        Path file = a.output().map(Path::of).orElseThrow(() ->
                new IllegalArgumentException("record needs -o FILE (for example -o incident.jsonl.gz)."));
        Duration length = a.duration().orElse(Duration.ofMinutes(10));
        SamplingSession session = ctx.sources.session(source, ctx.prompter);
        a.interval().ifPresent(session::setInterval);
        session.setPrivileged(a.sudo());
        CountDownLatch failed = new CountDownLatch(1);
        String[] why = new String[1];
        session.addListener(new SessionListener() {
            /**
             * The reconnect message printed last. The session publishes it when a sample fails and
             * again, the same message, when the reconnect it announced begins; only the first is
             * printed. A later failure is a new message (even with the same words, at the 30 s
             * backoff cap), so it is compared by identity.
             */
            private String said;

            @Override
            public void onSample(Sample sample) {
            }

            @Override
            public void onStatus(SessionStatus s) {
                if (s.state() == ConnectionState.FAILED) {
                    why[0] = s.message().orElse("The connection failed.");
                    failed.countDown();
                } else if (s.state() == ConnectionState.RECONNECTING) {
                    s.message().filter(m -> m != said).ifPresent(m -> {
                        said = m;
                        err.println(terminal(m));
                    });
                } else if (s.state() == ConnectionState.LIVE) {
                    said = null;
                }
            }
        });
        try (Recorder rec = new Recorder(session, file, a.description().orElse("Recorded from " + source))) {
            session.start();
            err.println(terminal("Recording " + source + " for " + length.toSeconds() + " s to " + file + " ..."));
            boolean stopped = failed.await(length.toMillis(), TimeUnit.MILLISECONDS);
            session.close();
            rec.stop();
            if (stopped) {
                err.println(terminal(why[0]));
                return UNKNOWN;
            }
            if (rec.failure() != null) {
                err.println(terminal("Writing " + file + " failed: " + rec.failure().getMessage()));
                return UNKNOWN;
            }
            err.println("Recorded " + rec.samples() + " samples to " + file + ".");
            return rec.samples() > 0 ? OK : UNKNOWN;
        } catch (IOException e) {
            err.println(terminal("Cannot write " + file + ": " + e.getMessage()));
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
            return UNKNOWN;
        }
    }
}
