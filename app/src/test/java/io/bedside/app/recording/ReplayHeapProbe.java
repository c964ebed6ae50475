package io.bedside.app.recording;

import io.bedside.app.window.AppWorkbench;
import io.bedside.model.sample.Sample;
import io.bedside.model.recording.Replay;

import java.nio.file.Path;
import java.util.List;

/**
 * Opens a recording the way the window does ({@link AppWorkbench#openRecording}) and moves to its
 * start, middle and end, stepping back and forth at each; prints one line per move and "ok" at the
 * end. Run in a JVM with a small heap to show the window's replay is bounded:
 * {@code java -Xmx256m -cp ... io.bedside.app.recording.ReplayHeapProbe day.jsonl.gz}.
 */
public final class ReplayHeapProbe {
    private ReplayHeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Replay r = new AppWorkbench(null, null, null).openRecording(Path.of(args[0]));
        System.out.printf("opened %d samples in %.1f s%n", r.size(), (System.nanoTime() - t0) / 1e9);
        int n = r.size();
        for (int at : new int[] {0, n / 2, n - 1, n / 2 - 1, n / 2, 1, 0}) {
            long t = System.nanoTime();
            List<Sample> upTo = r.upTo(at);
            Sample last = upTo.get(upTo.size() - 1);
            if (!last.sampledAt().equals(r.sampledAt(at))) {
                throw new AssertionError("position " + at + " shows the sample of " + last.sampledAt());
            }
            Runtime rt = Runtime.getRuntime();
            System.out.printf("at %d: %d samples given, %d kept, %.2f s, heap used %d MiB of %d MiB%n", at, upTo.size(),
                    r.cached(), (System.nanoTime() - t) / 1e9, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        }
        r.close();
        System.out.println("ok");
    }
}
