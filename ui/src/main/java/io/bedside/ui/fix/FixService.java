package io.bedside.ui.fix;

/**
 * The one way a fix wizard reaches the host: the port the app implements over the session's open
 * connection (sudo, evidence files, audit log). {@link #plan}, {@link #run} and {@link #rollback}
 * may block: the wizard calls them through its {@link io.bedside.ui.fx.TaskRunner}, never on the
 * FX thread. {@link #run} and {@link #rollback} report each step as it completes, from the
 * thread they run on. {@link #hostName}, {@link #administrativeAccess} and {@link #auditLog} are
 * asked on the FX thread and must answer at once (from what the session already knows).
 */
public interface FixService {
    String hostName();                       // for the confirmation
    boolean administrativeAccess();          // sudo switched on, or logged in as root
    io.bedside.model.fix.FixPlan plan(String fixId, io.bedside.model.sample.Sample sample, java.util.Map<String, String> params); // IllegalArgumentException: one sentence
    io.bedside.model.fix.FixReport run(io.bedside.model.fix.FixPlan plan, boolean dryRun, boolean includeOptional,
            java.util.function.Consumer<io.bedside.model.fix.StepResult> progress) throws io.bedside.model.port.TransportException; // blocking: call through TaskRunner
    io.bedside.model.fix.FixReport rollback(io.bedside.model.fix.FixPlan plan,
            java.util.function.Consumer<io.bedside.model.fix.StepResult> progress) throws io.bedside.model.port.TransportException;
    java.nio.file.Path auditLog();
}
