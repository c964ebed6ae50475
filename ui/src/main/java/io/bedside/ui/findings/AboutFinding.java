package io.bedside.ui.findings;

/**
 * A table row that can say whether a finding is about it (its process, its IPC object, its mount):
 * a click on the finding on the first screen opens the row's area with that row selected.
 */
public interface AboutFinding {
    /** Whether {@code f} names what this row shows among its subjects. */
    boolean isAbout(FindingItem f);
}
