package io.bedside.model.session;

import io.bedside.model.sample.Sample;

/** Receives samples and status changes from a live session, on the session's own thread. */
public interface SessionListener {
    void onSample(Sample sample);

    void onStatus(SessionStatus status);
}
