package io.bedside.model.host;

/**
 * /proc/loadavg.
 *
 * @param runnable runnable scheduling entities now
 * @param total    scheduling entities that exist now
 * @param lastPid  the most recently created pid
 */
public record LoadAverage(double load1, double load5, double load15, int runnable, int total, long lastPid) {
}
