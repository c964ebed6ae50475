package io.bedside.model.findings;

/** How bad a finding is; the monitoring-plugin exit status follows the worst one. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
