package io.bedside.ui.ipc;

/** How the IPC tables are summed up beside them: not at all, by owner, or by key. */
public enum GroupBy {
    NONE("No groups"),
    OWNER("Group by owner"),
    KEY("Group by key");

    private final String label;

    GroupBy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
