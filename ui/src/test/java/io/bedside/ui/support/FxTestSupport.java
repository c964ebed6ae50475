package io.bedside.ui.support;

import io.bedside.ui.fx.FxThread;
import org.testfx.api.FxToolkit;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * Starts the JavaFX toolkit without a Stage (headless Monocle in surefire) and runs view-model
 * code on its thread, so view-models are tested as they run: on the FX thread, with no window.
 */
public final class FxTestSupport {
    private static boolean started;

    static {
        configureHeadlessScreen();
    }

    /** A headless screen big enough for the window (Monocle's default is 1280x800). */
    public static void configureHeadlessScreen() {
        if (System.getProperty("headless.geometry") == null) {
            System.setProperty("headless.geometry", "1600x1000-32");
        }
    }

    private FxTestSupport() {
    }

    /**
     * Starts the toolkit the way TestFX does, so unit tests and TestFX tests share one toolkit
     * in the surefire JVM (a second start by other means would fail).
     */
    public static synchronized void startFx() {
        if (started) {
            return;
        }
        try {
            FxToolkit.registerPrimaryStage();
        } catch (TimeoutException e) {
            throw new IllegalStateException("The JavaFX toolkit did not start.", e);
        }
        started = true;
    }

    public static <T> T onFx(Callable<T> work) {
        startFx();
        return FxThread.callAndWait(work);
    }

    public static void onFx(Runnable work) {
        startFx();
        FxThread.callAndWait(() -> {
            work.run();
            return null;
        });
    }

    /** Hides every window still showing but {@code keep}: dialogs, wizards and popups a test left open. On the FX thread. */
    public static void hideWindowsBut(javafx.stage.Window keep) {
        for (javafx.stage.Window w : java.util.List.copyOf(javafx.stage.Window.getWindows())) {
            if (w != keep && w.isShowing()) {
                w.hide();
            }
        }
    }

    /** Waits until {@code condition} (checked on the FX thread) holds. */
    /**
     * Moves a replay to position {@code i} and waits until the views show it (a position's samples are
     * read off the FX thread).
     */
    public static void moveReplay(io.bedside.ui.replay.ReplayController replay, int i) {
        onFx(() -> replay.indexProperty().set(i));
        waitFor("position " + i + " shown", 10_000, () -> onFx(() -> replay.shownProperty().get() == replay.indexProperty().get()));
    }

    public static void waitFor(String what, long timeoutMillis, Callable<Boolean> condition) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (Boolean.TRUE.equals(onFx(condition))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Timed out after " + timeoutMillis + " ms waiting for " + what);
    }
}
