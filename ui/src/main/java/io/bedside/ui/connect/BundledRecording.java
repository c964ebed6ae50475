package io.bedside.ui.connect;

/**
 * A demo recording shipped with Bedside.
 *
 * @param id          what {@link Connector#openBundled(String)} takes
 * @param title       one line for the connect screen
 * @param description which incident it shows
 */
public record BundledRecording(String id, String title, String description) {
}
