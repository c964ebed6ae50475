package io.bedside.ui.main;

import io.bedside.model.recording.Replay;

/** Where the main view sends the window: back to the connect screen, to a replay, or away. */
public interface Navigator {
    /** Shows the connect screen (the current session is already closed). */
    void showConnect();

    /** Shows a replay in place of the current view (the current session is already closed). */
    void showReplay(Replay replay);

    /** Closes the window. */
    void quit();
}
