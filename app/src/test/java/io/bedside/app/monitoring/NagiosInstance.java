package io.bedside.app.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Nagios 4 instance of its own in a directory: nagios.cfg, one host, one service using Bedside's
 * shipped command definition, state in files there. Intervals are in seconds (interval_length=1),
 * notifications off, checks run as root (the lab's keys are root's).
 */
record NagiosInstance(Path dir, Path config, Path status) {
    /**
     * @param commandFile Bedside's shipped command definition (packaging/monitoring/nagios/bedside.cfg),
     *                    used as it is or with its /usr/bin/bedside replaced (see {@link #withBedside})
     * @param address     the host's address ($HOSTADDRESS$)
     * @param checkCommand the service's check_command, such as {@code check_bedside!--sudo}
     */
    static NagiosInstance write(Path dir, Path commandFile, String address, String checkCommand, int intervalSeconds) throws IOException {
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("rw"));
        Path nagiosCfg = dir.resolve("nagios.cfg");
        Map<String, String> main = new LinkedHashMap<>();
        main.put("log_file", dir.resolve("nagios.log").toString());
        main.put("cfg_file", dir.resolve("objects.cfg").toString());
        main.put("object_cache_file", dir.resolve("objects.cache").toString());
        main.put("precached_object_file", dir.resolve("objects.precache").toString());
        main.put("status_file", dir.resolve("status.dat").toString());
        main.put("status_update_interval", "1");
        main.put("nagios_user", "root");
        main.put("nagios_group", "root");
        main.put("check_external_commands", "0");
        main.put("command_file", dir.resolve("rw/nagios.cmd").toString());
        main.put("lock_file", dir.resolve("nagios.lock").toString());
        main.put("temp_file", dir.resolve("nagios.tmp").toString());
        main.put("temp_path", dir.toString());
        main.put("check_result_path", dir.resolve("spool").toString());
        main.put("retain_state_information", "0");
        main.put("state_retention_file", dir.resolve("retention.dat").toString());
        main.put("interval_length", "1");
        main.put("service_inter_check_delay_method", "n");
        main.put("host_inter_check_delay_method", "n");
        main.put("max_service_check_spread", "1");
        main.put("check_result_reaper_frequency", "1");
        main.put("enable_notifications", "0");
        main.put("execute_host_checks", "0");
        main.put("use_syslog", "0");
        main.put("log_rotation_method", "n");
        main.put("enable_environment_macros", "0");
        main.put("service_check_timeout", "90");
        StringBuilder b = new StringBuilder();
        main.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        b.append("cfg_file=").append(commandFile).append('\n');
        Files.writeString(nagiosCfg, b.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("objects.cfg"), """
                define timeperiod {
                    timeperiod_name always
                    alias           always
                    sunday 00:00-24:00
                    monday 00:00-24:00
                    tuesday 00:00-24:00
                    wednesday 00:00-24:00
                    thursday 00:00-24:00
                    friday 00:00-24:00
                    saturday 00:00-24:00
                }
                define command {
                    command_name notify-none
                    command_line /bin/true
                }
                define contact {
                    contact_name                  nobody
                    host_notifications_enabled    0
                    service_notifications_enabled 0
                    host_notification_period      always
                    service_notification_period   always
                    host_notification_options     n
                    service_notification_options  n
                    host_notification_commands    notify-none
                    service_notification_commands notify-none
                }
                define host {
                    host_name             monitored
                    address               %s
                    max_check_attempts    1
                    check_period          always
                    contacts              nobody
                }
                define service {
                    host_name             monitored
                    service_description   Bedside
                    check_command         %s
                    max_check_attempts    1
                    check_interval        %d
                    retry_interval        %d
                    check_period          always
                    notification_period   always
                    contacts              nobody
                }
                """.formatted(address, checkCommand, intervalSeconds, intervalSeconds), StandardCharsets.UTF_8);
        return new NagiosInstance(dir, nagiosCfg, dir.resolve("status.dat"));
    }

    /** {@code commandFile} with /usr/bin/bedside replaced by {@code bedside}, written into {@code dir}. */
    static Path withBedside(Path commandFile, Path bedside, Path dir) throws IOException {
        String text = Files.readString(commandFile, StandardCharsets.UTF_8);
        if (!text.contains("/usr/bin/bedside ")) {
            throw new IllegalStateException(commandFile + " no longer runs /usr/bin/bedside");
        }
        Path out = dir.resolve("bedside-command.cfg");
        Files.writeString(out, text.replace("/usr/bin/bedside ", bedside + " "), StandardCharsets.UTF_8);
        return out;
    }

    /** The service's state in status.dat once it has been checked: current_state, plugin_output... */
    Optional<Map<String, String>> serviceStatus() throws IOException {
        if (!Files.exists(status)) {
            return Optional.empty();
        }
        String text = Files.readString(status, StandardCharsets.UTF_8);
        int at = text.indexOf("servicestatus {");
        if (at < 0) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.substring(at, text.indexOf('}', at)).lines().skip(1).toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq).trim(), line.substring(eq + 1));
            }
        }
        return "1".equals(fields.get("has_been_checked")) ? Optional.of(fields) : Optional.empty();
    }
}
