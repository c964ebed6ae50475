/*
 * floor.c: the least a sample can cost the host, to measure Bedside's probe against (ProbeBenchmark).
 * It reads the files the probe reads and does nothing with them: per process stat, status, cmdline,
 * oom_score, oom_score_adj, cgroup and limits, the target of every fd link, every thread's stat and
 * wchan; /proc/net/{tcp,tcp6,udp,udp6}; the small system files. "floor light" reads what a light
 * sample reads: the small system files and the socket tables.
 *
 *   cc -O2 -o floor floor.c && ./floor [light]
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[1 << 16];
static long bytes;

static void slurp(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) bytes += n;
    close(fd);
}

static int numeric(const char *s) {
    if (!*s) return 0;
    for (; *s; s++) if (*s < '0' || *s > '9') return 0;
    return 1;
}

static void each(const char *dir, void (*f)(const char *dir, const char *name)) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) if (numeric(e->d_name)) f(dir, e->d_name);
    closedir(d);
}

static void fdlink(const char *dir, const char *name) {
    char p[512], t[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    ssize_t n = readlink(p, t, sizeof t);
    if (n > 0) bytes += n;
}

static void task(const char *dir, const char *name) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s/stat", dir, name); slurp(p);
    snprintf(p, sizeof p, "%s/%s/wchan", dir, name); slurp(p);
}

static void process(const char *dir, const char *pid) {
    static const char *files[] = {"stat", "status", "cmdline", "oom_score", "oom_score_adj", "cgroup", "limits"};
    char p[512];
    for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(p, sizeof p, "%s/%s/%s", dir, pid, files[i]);
        slurp(p);
    }
    snprintf(p, sizeof p, "%s/%s/fd", dir, pid); each(p, fdlink);
    snprintf(p, sizeof p, "%s/%s/task", dir, pid); each(p, task);
}

int main(int argc, char **argv) {
    static const char *small[] = {"/proc/meminfo", "/proc/vmstat", "/proc/loadavg", "/proc/stat", "/proc/uptime",
        "/proc/pressure/memory", "/proc/pressure/cpu", "/proc/pressure/io", "/proc/sysvipc/sem", "/proc/sysvipc/shm",
        "/proc/sysvipc/msg", "/proc/sys/fs/file-nr", "/proc/net/snmp", "/proc/net/netstat", "/proc/self/mountinfo",
        "/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6"};
    for (unsigned i = 0; i < sizeof small / sizeof *small; i++) slurp(small[i]);
    if (argc < 2 || strcmp(argv[1], "light") != 0) each("/proc", process);
    printf("%ld\n", bytes);
    return 0;
}
