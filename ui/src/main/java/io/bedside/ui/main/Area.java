package io.bedside.ui.main;

/**
 * The places of the left navigation. IPC, Memory and Sockets are filled by the playbooks; an area
 * whose playbook is not in yet says what will appear there.
 */
public enum Area {
    OVERVIEW("Overview", ""),
    IPC("IPC", ""),
    MEMORY("Memory", ""),
    SOCKETS("Sockets", "");

    private final String label;
    private final String comingSoon;

    Area(String label, String comingSoon) {
        this.label = label;
        this.comingSoon = comingSoon;
    }

    public String label() {
        return label;
    }

    /** What this area will show once its playbook is in; empty for areas that are built. */
    public String comingSoon() {
        return comingSoon;
    }

    @Override
    public String toString() {
        return label;
    }
}
