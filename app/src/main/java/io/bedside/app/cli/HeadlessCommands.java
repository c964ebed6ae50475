package io.bedside.app.cli;

import io.bedside.app.Sources;
import io.bedside.model.port.Prompter;

import java.io.PrintStream;

/**
 * The headless commands: snapshot, diagnose, record, fix and report, one class each in this
 * package. Exit statuses follow the monitoring-plugin convention: 0 OK, 1 warning, 2 critical,
 * 3 unknown.
 */
public final class HeadlessCommands {
    public static final int OK = CommandContext.OK;
    public static final int UNKNOWN = CommandContext.UNKNOWN;

    private final SnapshotCommand snapshot;
    private final DiagnoseCommand diagnose;
    private final SweepCommand sweep;
    private final RecordCommand record;
    private final FixCommand fix;
    private final ReportCommand report;

    public HeadlessCommands(Sources sources, Prompter prompter, PrintStream out, PrintStream err) {
        CommandContext ctx = new CommandContext(sources, prompter, out, err);
        this.snapshot = new SnapshotCommand(ctx);
        this.diagnose = new DiagnoseCommand(ctx);
        this.sweep = new SweepCommand(ctx);
        this.record = new RecordCommand(ctx);
        this.fix = new FixCommand(ctx);
        this.report = new ReportCommand(ctx);
    }

    /** {@code snapshot SOURCE [--json]}: one sample of a host, or the last of a recording. */
    public int snapshot(Args a) {
        return snapshot.run(a);
    }

    /** {@code sweep INVENTORY}: every host of an inventory diagnosed; see {@link SweepCommand}. */
    public int sweep(Args a) {
        return sweep.run(a);
    }

    /** {@code diagnose SOURCE [--json]}: see {@link DiagnoseCommand}. */
    public int diagnose(Args a) {
        return diagnose.run(a);
    }

    /** {@code record SOURCE -o FILE [--for D] [--interval D]}: a live session written to a recording. */
    public int record(Args a) {
        return record.run(a);
    }

    /**
     * {@code fix SOURCE FIX_ID [key=value ...] [--dry-run | --yes] [--sudo]}: preview, then a dry run
     * or the change, then a fresh sample to show the new state. Without --dry-run or --yes it only
     * previews. Exit 0 when verified (or a clean dry run), 2 when verification failed, 3 when it could not run.
     */
    public int fix(Args a) {
        return fix.run(a);
    }

    /** {@code report SOURCE -o DIR [--redact]}: report.html, report.md and evidence.json. */
    public int report(Args a) {
        return report.run(a);
    }
}
