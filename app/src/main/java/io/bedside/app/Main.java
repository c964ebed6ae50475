package io.bedside.app;

import io.bedside.model.text.HostText;
import io.bedside.app.cli.Args;
import io.bedside.app.cli.ConsolePrompter;
import io.bedside.app.cli.HeadlessCommands;

import java.util.Arrays;
import java.util.List;

/**
 * Bedside's entry point: the window, or a headless command. Errors are one sentence on stderr,
 * never a stack trace.
 */
public final class Main {
    public static final String VERSION = "0.1.0";

    private Main() {
    }

    public static void main(String[] argv) {
        io.bedside.model.session.StartupTrace.mark("main entered (JVM started)");
        int status;
        try {
            status = run(Arrays.asList(argv));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(HostText.terminal(e.getMessage()));
            status = HeadlessCommands.UNKNOWN;
        } catch (RuntimeException e) {
            System.err.println(HostText.terminal("Bedside failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            status = HeadlessCommands.UNKNOWN;
        }
        if (status >= 0) {
            System.exit(status);
        }
    }

    /** Runs the command; returns the exit status, or -1 when the window is open. */
    static int run(List<String> argv) {
        if (argv.contains("--version") || argv.contains("-V")) {
            System.out.println("bedside " + VERSION);
            return 0;
        }
        if (argv.contains("--help") || argv.contains("-h")) {
            System.out.print(HELP);
            return 0;
        }
        Args a = Args.parse(argv);
        String cmd = a.positional().isEmpty() ? "" : a.positional().get(0);
        HeadlessCommands h = new HeadlessCommands(Sources.system(a.ssh()), new ConsolePrompter(), System.out, System.err);
        return switch (cmd) {
            case "snapshot" -> h.snapshot(a);
            case "diagnose" -> h.diagnose(a);
            case "sweep" -> h.sweep(a);
            case "record" -> h.record(a);
            case "fix" -> h.fix(a);
            case "report" -> h.report(a);
            case "probe" -> {
                if (a.positional().size() > 1) {
                    throw new IllegalArgumentException("probe takes no source: it prints the script; run it with 'bedside probe | ssh HOST sh'.");
                }
                System.out.print(ProbeScript.text());
                yield 0;
            }
            case "lab" -> throw new IllegalArgumentException("Run the lab through the ./bedside script: ./bedside lab up.");
            default -> {
                if (a.positional().size() > 1) {
                    throw new IllegalArgumentException("Unknown command '" + cmd + "'; see ./bedside --help.");
                }
                if (a.fleet().isPresent() && !a.positional().isEmpty()) {
                    throw new IllegalArgumentException("--fleet opens the window on an inventory; give it no host or recording as well.");
                }
                io.bedside.app.window.WindowLauncher.launch(a);
                yield -1;
            }
        };
    }

    static final String HELP = """
            Bedside: an incident workbench for Linux hosts over SSH.

            Usage:
              bedside [SSH-OPTIONS] [HOST|RECORDING]     open the window (attached to HOST, or replaying RECORDING)
              bedside [SSH-OPTIONS] --fleet INVENTORY     open the window's fleet view, sweeping INVENTORY
              bedside snapshot SOURCE [--json]           print one parsed sample
              bedside diagnose SOURCE [--json]           print the findings; exit 0 OK, 1 warning, 2 critical, 3 unknown
                       [--format text|json|nagios|openmetrics] [--timeout 50s]
                       [--warning METRIC=N[%]] [--critical METRIC=N[%]]   thresholds (nagios), N% of the metric's limit
              bedside sweep INVENTORY [--hosts 'db-*'] [--limit GROUP] [--parallel N] [--timeout 30s] [--json]
                       [--format text|json|openmetrics]
                       diagnose every host of an ssh_config, Ansible inventory (INI, YAML) or host list
              bedside record HOST --for 10m -o FILE      record raw samples (FILE.jsonl or FILE.jsonl.gz)
              bedside fix HOST FIX_ID [k=v] --dry-run|--yes   run a fix (preview only without either flag)
              bedside report SOURCE -o DIR [--redact]   report.html, report.md, evidence.json
              bedside probe                              print the probe script Bedside sends (read-only POSIX sh)
              bedside lab up [NAME] [--jump] | lab down [NAME|--all]   the incident lab (root, sshd)

            SOURCE is a HOST, 'local' (this machine, no SSH) or a recording file.
            HOST is an ssh_config alias, host, user@host or user@host:port, resolved as OpenSSH does.

            SSH options (as OpenSSH's):
              -F FILE   ssh_config file          -p PORT   port
              -l USER   login user               -i FILE   identity file
              -J HOPS   ProxyJump chain (a,b)    -o K=V    any ssh_config option
            Bedside options:
              --sudo            administrative access (sudo -n, or a password asked on the terminal; in the
                                window, asked in a dialog and remembered on for HOST, never the password)
              --interval 2s     sampling interval (record)
              --for 10m         how long to record
              -o FILE, --output FILE   where record (FILE) and report (DIR) write (-o with '=' is an ssh option)
              --description TEXT   the recording's one-line description (record)
              --redact          report: host names, addresses and user names replaced throughout
              --version, --help
            """;
}
