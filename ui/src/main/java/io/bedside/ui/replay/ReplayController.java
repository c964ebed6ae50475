package io.bedside.ui.replay;

import io.bedside.model.sample.Sample;
import io.bedside.model.recording.Replay;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.util.Duration;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Moves through a recording: the position of the time slider, and play/pause. At each position
 * the listener gets {@link Replay#upTo} (what a live viewer would have seen then, as far as the
 * views read it: the pinned samples and the live history's worth up to it); the last of them is
 * the one shown. A long recording's samples are parsed at each position from its file, so a jump
 * far away parses up to {@link Replay#WINDOW} samples; a step parses one. That reading runs on the
 * task runner, never on the FX thread; while it runs, later positions wait and only the newest is
 * shown (dragging the slider does not queue a parse per pixel).
 */
public final class ReplayController {
    /** How long each sample stays on screen while playing. */
    public static final Duration STEP = Duration.millis(500);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final Replay replay;
    private final TaskRunner tasks;
    private final Consumer<List<Sample>> onPosition;
    private final IntegerProperty index = new SimpleIntegerProperty(this, "index", 0);
    private final javafx.beans.property.ReadOnlyIntegerWrapper shown = new javafx.beans.property.ReadOnlyIntegerWrapper(this, "shown", -1);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing", false);
    private final ReadOnlyStringWrapper positionText = new ReadOnlyStringWrapper(this, "positionText", "");
    private final Timeline player;
    private ZoneId zone = ZoneId.systemDefault();
    /** A position's samples are being read; {@link #wanted} is the position to show next. */
    private boolean loading;
    private int wanted = -1;
    private boolean disposed;

    /**
     * @param tasks      reads a position's samples away from the FX thread
     * @param onPosition receives {@code replay.upTo(i)} whenever the position changes (on the FX thread)
     */
    public ReplayController(Replay replay, TaskRunner tasks, Consumer<List<Sample>> onPosition) {
        this.replay = replay;
        this.tasks = tasks;
        this.onPosition = onPosition;
        this.player = new Timeline(new KeyFrame(STEP, e -> advance()));
        player.setCycleCount(Animation.INDEFINITE);
        index.addListener((o, was, now) -> {
            int clamped = clamp(now.intValue());
            if (clamped != now.intValue()) {
                index.set(clamped);
                return;
            }
            show();
        });
    }

    /** Shows the first sample; call once the listener is ready. */
    public void start() {
        FxThread.assertFxThread();
        show();
    }

    public Replay replay() {
        return replay;
    }

    public int size() {
        return replay.size();
    }

    /** The time zone for the position text (the host's, once known). */
    public void setZone(ZoneId z) {
        FxThread.assertFxThread();
        this.zone = z;
        updateText();
    }

    public void play() {
        FxThread.assertFxThread();
        if (replay.size() < 2) {
            return;
        }
        if (index.get() >= replay.size() - 1) {
            index.set(0);
        }
        playing.set(true);
        player.play();
    }

    public void pause() {
        FxThread.assertFxThread();
        player.stop();
        playing.set(false);
    }

    public void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    /** One step forward; stops at the end. */
    public void advance() {
        FxThread.assertFxThread();
        if (index.get() >= replay.size() - 1) {
            pause();
            return;
        }
        index.set(index.get() + 1);
        if (index.get() >= replay.size() - 1) {
            pause();
        }
    }

    public void stepBack() {
        FxThread.assertFxThread();
        index.set(Math.max(0, index.get() - 1));
    }

    /** Stops playing for good and lets go of the recording's file (a report of it opens the file again). */
    public void dispose() {
        FxThread.assertFxThread();
        disposed = true;
        player.stop();
        playing.set(false);
        replay.close();
    }

    private void show() {
        if (replay.size() == 0) {
            positionText.set("The recording holds no samples.");
            return;
        }
        updateText();
        wanted = index.get();
        if (!loading) {
            load(wanted);
        }
    }

    private void load(int i) {
        loading = true;
        tasks.run(() -> replay.upTo(i), upTo -> {
            loading = false;
            if (disposed) {
                return;
            }
            if (wanted != i) {
                load(wanted);   // the position moved on while this one was read
                return;
            }
            onPosition.accept(upTo);
            shown.set(i);
        }, e -> {
            loading = false;
            if (disposed) {
                return;
            }
            // the file was removed or damaged since it was opened: say so where the position is
            player.stop();
            playing.set(false);
            positionText.set(e instanceof java.io.UncheckedIOException && e.getMessage() != null ? e.getMessage()
                    : "The recording could not be read at sample " + (i + 1) + ".");
        }, () -> { });
    }

    private void updateText() {
        if (replay.size() == 0) {
            return;
        }
        positionText.set("Sample " + (index.get() + 1) + " of " + replay.size() + "  ·  "
                + TIME.format(replay.sampledAt(index.get()).atZone(zone))
                + (index.get() == replay.size() - 1 && replay.recording().cut().isPresent()
                ? "  ·  the recording was cut off here (its recorder was stopped without closing it)" : ""));
    }

    private int clamp(int i) {
        return Math.max(0, Math.min(Math.max(0, replay.size() - 1), i));
    }

    /** The position in the recording, 0-based; the slider binds to it. */
    public IntegerProperty indexProperty() {
        return index;
    }

    /** The position the views show now, -1 before the first; it follows {@link #indexProperty} once the samples are read. */
    public javafx.beans.property.ReadOnlyIntegerProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty positionTextProperty() {
        return positionText.getReadOnlyProperty();
    }
}
