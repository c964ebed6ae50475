# --- Memory playbook: processes by OOM score, their cgroups, OOM kills from the kernel log (incremental), boots
# Bedside probe: memory sources (issue 4, memory playbook).
#
#
# Input: BS_KLOG_CURSOR, the cursor the previous sample's kernel-log section printed (see below).
# Bedside puts one line in front of the script, before its first line:
#     BS_KLOG_CURSOR='journal:s=5d34...;i=2e6;b=7352...;m=b324046f;t=660f41c4a70ea;x=1161...'
# (empty or absent on the first sample of a session: the whole log is read then). Only the
# characters [A-Za-z0-9=;:._/+-] occur in a cursor, so single quotes are always enough.
# BS_OOMKILLS: the oom_kill count of /proc/vmstat the previous sample saw (digits, or absent). A
# light sample reads /proc/vmstat itself (the shell's read, no process) and leaves the kernel log
# for the next full sample while the count has not moved: its kernel-log section then says
# "deferred=no-new-oom-kill", holds no line and passes the cursor on unchanged. Every OOM kill
# moves the count (the global one and a cgroup's alike), so a kill is read at the first sample
# after it; the hung-task and conntrack lines wait for the next full sample (at most 10 s).
#
# Sections (each body line is described in the model's parser of the same name):
#   vmstat-oom   the "oom_kill N" line of /proc/vmstat (kills since boot; kernel 4.13+)
#   procs-mem    a header line, then one line per process (kernel threads skipped), fields
#                separated by TABs: pid state ppid uid start rss_kb swap_kb oom_score
#                oom_score_adj cgroup sd_cgroup comm cmdline. No field holds a TAB or a
#                newline: comm (from /proc/PID/stat, up to its last ')'), cmdline and the cgroup
#                paths are escaped (enc); cmdline has secrets masked on the host (--password=***,
#                mysql -p***, https://user:***@...), NUL between arguments turned into a space,
#                trailing spaces dropped, cut to 256 bytes before it is escaped. "-" = the kernel has no such value (a zombie's
#                RSS), "?" = the file could not be read. start = field 22 of /proc/PID/stat (clock
#                ticks after boot), found after the LAST ')' of the file. rss_kb = stat's field 24
#                (pages) times the page size (getconf), or status's VmRSS where the page size is not
#                known (the two read the kernel's per-CPU counters apart: tens of KB). cgroup = "v2:/path" or
#                "v1:/path" (the memory controller's hierarchy); sd_cgroup = v1's name=systemd
#                path or "-". Last line: "# kernel_threads=N exited=N" (processes that were gone
#                before their files were read), and " same=N" when N processes had the start time
#                BS_PROCSAME gave for them: their cmdline field is "\=" (which enc never prints),
#                and Bedside takes it from the sample before. A process's command line changes
#                after its start only by its own hand (setproctitle), which waits for the next
#                full read: Bedside leaves BS_PROCSAME out after 5 full samples in a row with it.
#                A cgroup field that is the line above's is "\^" (enc never prints it either): most
#                processes share their cgroup with the one before them, 50 bytes each.
#                " same_rss=N": of those, N also had the resident set BS_PROCSAME gave (PID:START:
#                RSS_KB; stat's field 24 in pages times the page size): status, oom_score and
#                oom_score_adj were not read, and uid, swap_kb, oom_score and oom_score_adj are "\="
#                too (state, ppid, cgroup and comm are read afresh; rss_kb is the same).
#                " same_cgroup=N": of those, N had their cgroup from BS_PROCCG ("CGROUP<TAB>SD_CGROUP"
#                lines, as this section printed them unescaped; PID:START:RSS_KB:K names line K), and
#                /proc/PID/cgroup was not read either.
#   cgroup-mem   one line per distinct cgroup of procs-mem and each of its ancestors:
#                "v2<TAB>/path<TAB>max=.. high=.. current=.. swap.max=.. swap.current=.. oom=N oom_kill=N"
#                "v1<TAB>/path<TAB>limit=.. usage=.. failcnt=.. memsw.limit=.. memsw.usage=.. oom_kill=N under_oom=N"
#                a value that could not be read is left out; "missing" when the directory is not
#                there. Detail: the mount points, "v2=/sys/fs/cgroup v1=-".
#   kernel-log   OOM lines (see bs_oomawk), the hung-task lines of the processes playbook and the
#                conntrack table-full lines of the network limits playbook, read incrementally. Detail:
#                "VIA cursor=NEWCURSOR from=start|cursor scanned=N", VIA = journalctl, dmesg or
#                the file read. NEWCURSOR is what Bedside passes back as BS_KLOG_CURSOR next time;
#                it is the old cursor again when nothing new arrived. from=start: this section
#                holds everything the source still holds (first sample, reboot, rotation, or a
#                cursor of another source); from=cursor: only what is new since the cursor.
#                Status needs-root when no way in is open to this user (dmesg_restrict=1, not in
#                the journal's groups, log files root-only); missing when the host has none.
#                Lines are the source's own (journalctl -o short-iso with TZ=UTC0, plain dmesg
#                "[seconds]" stamps, or the file's syslog lines), escaped as host text (enc: a
#                process name in a kill line may hold any byte).
#   boots        `journalctl --list-boots` (when it knows more than one boot) or `last -x` reboot
#                and shutdown lines (wtmp), at most 25 lines. Times in UTC (TZ=UTC0). Detail: which.
#                Skipped (carried) on light samples, and on full ones when BS_BOOTS_BTIME is this
#                boot's btime (the sample before had them).
#
# Cursors (opaque to Bedside, which only passes them back):
#   journal:CURSOR        journalctl _TRANSPORT=kernel --after-cursor=CURSOR --show-cursor
#   dmesg:BOOTID:STAMP:N  dmesg; lines after the N-th line stamped [STAMP] of boot BOOTID
#                         (/proc/sys/kernel/random/boot_id); another boot id reads from the start
#   file:PATH:INODE:OFFSET  /var/log/kern.log or /var/log/messages from byte OFFSET, while the
#                         file keeps its inode and is not shorter (else from the start, at most
#                         the last $bs_klog_max bytes). A line still being written is left for the
#                         next sample.
# Ways in, in order: the journal (when journald keeps one, and the probe is root or in group
# systemd-journal, adm or wheel), dmesg (root, or dmesg_restrict=0), then the files.
#
# Cost: one awk for vmstat-oom, procs-mem and cgroup-mem (it opens six small /proc files per
# process and no other process is started); journalctl|awk, dmesg|awk or ls+wc+tail+head+awk for
# kernel-log (on full samples, and on light ones after an OOM kill); journalctl (+tail) or last for
# boots (once per boot). A light sample with no new OOM kill starts no process here. Measured on the build machine (2 cores, kernel
# 6.18, dash, mawk): 5,060 processes: 0.31 s of host CPU (0.06 user + 0.25 kernel), 0.4 s elapsed
# on an idle machine, 506 KB of procs-mem (about 100 bytes a process with short command lines, up
# to about 350 with 256-byte ones); 95 processes: 0.01 s. Kernel log of 100,000 lines (10 MB):
# first read 0.14 s (dmesg) / 0.11 s (a 13 MB kern.log); then, with the cursor, dmesg 0.04 s
# (the ring buffer is read again and skipped up to the cursor), the file 0.00 s (only new bytes).
# Secret-masking rules: the text of secret-rules.txt, put in place of the placeholder when the
# probe is assembled (ProbeScriptAssembly); maskcmd in the awk below reads them from the environment.
bs_secret_rules=__BEDSIDE_SECRET_RULES__
export bs_secret_rules
bs_memawk='
function rd(f,   l) {  # first line of a small file, "?" when it cannot be read
  l = "?"
  if ((getline l < f) <= 0) l = "?"
  close(f)
  return l
}
function kv(k, f,   v) {  # " k=v" for a one-value cgroup file that exists
  v = rd(f)
  return v == "?" ? "" : " " k "=" v
}
function cgline(ver, p,   d, o, l, a, f) {
  if (ver == "v2") {
    if (v2 == "") return ver "\t" enc(p) "\tmissing"
    d = v2 (p == "/" ? "" : strip(p, v2root))
    o = kv("max", d "/memory.max") kv("high", d "/memory.high") kv("current", d "/memory.current")
    o = o kv("swap.max", d "/memory.swap.max") kv("swap.current", d "/memory.swap.current")
    f = d "/memory.events"
    while ((getline l < f) > 0) { split(l, a, " "); if (a[1] == "oom" || a[1] == "oom_kill") o = o " " a[1] "=" a[2] }
    close(f)
  } else {
    if (v1 == "") return ver "\t" enc(p) "\tmissing"
    d = v1 (p == "/" ? "" : strip(p, v1root))
    o = kv("limit", d "/memory.limit_in_bytes") kv("usage", d "/memory.usage_in_bytes") kv("failcnt", d "/memory.failcnt")
    o = o kv("memsw.limit", d "/memory.memsw.limit_in_bytes") kv("memsw.usage", d "/memory.memsw.usage_in_bytes")
    f = d "/memory.oom_control"
    while ((getline l < f) > 0) { split(l, a, " "); if (a[1] == "oom_kill" || a[1] == "under_oom") o = o " " a[1] "=" a[2] }
    close(f)
  }
  if (o == "") {
    if ((getline l < (d "/cgroup.procs")) < 0) { close(d "/cgroup.procs"); return ver "\t" enc(p) "\tmissing" }
    close(d "/cgroup.procs")
  }
  return ver "\t" enc(p) "\t" substr(o, 2)
}
function strip(p, root) {  # a path seen from a mount whose root is not the hierarchy root
  if (root != "/" && index(p, root) == 1) p = substr(p, length(root) + 1)
  return p
}
function cgread(f,   l, k, x, rest, y, ctl, p) {  # /proc/PID/cgroup into c2 (v2), c1 (v1 memory), sd (v1 name=systemd); 0 when unread
  k = 0
  while ((getline l < f) > 0) {
    k = 1
    if (substr(l, 1, 3) == "0::") { c2 = substr(l, 4); continue }
    x = index(l, ":"); rest = substr(l, x + 1); y = index(rest, ":")
    ctl = substr(rest, 1, y - 1); p = substr(rest, y + 1)
    if (("," ctl ",") ~ /,memory,/) c1 = p
    else if (ctl == "name=systemd") sd = p
  }
  close(f)
  return k
}
function cgf(c) {  # the cgroup field: "\^" when it is the same as on the line above (enc never prints it), else escaped
  if (c == lastcg_ && c != "?") return "\\^"
  lastcg_ = c
  return enc(c)
}
function addcg(c,   v, p) {  # remember a cgroup and its ancestors, in order of first sight
  if (c == "-" || c in seen) return
  v = substr(c, 1, 2); p = substr(c, 4)
  while (1) {
    if (!((v ":" p) in seen)) { seen[v ":" p] = 1; ncg++; cgv[ncg] = v; cgp[ncg] = p }
    if (p == "/" || p == "") break
    sub(/\/[^\/]*$/, "", p); if (p == "") p = "/"
  }
}
# Secrets in command lines (mysql -pX, --password=X, --token X, https://user:X@host, curl -u user:X,
# Authorization: headers, mount -o password=X, smbclient -U user%X, htpasswd -b FILE USER X) are
# replaced by *** here, on the host: recordings and reports keep probe output, and nothing secret
# may ever reach them. What is secret is said by secret-rules.txt (the rules and their meaning are
# described there), the one source of truth also read by the second pass of the reports; the probe gets
# it in $bs_secret_rules (see above) and reads it once, on the first command line. Masking works
# on whole arguments (NUL-separated) so that the value of "--password X" (the next argument) is
# known, and on the space-separated words inside an argument (sh -c "mysql -pX"); option names
# are kept. Without rules (a probe that was not assembled) only argv[0] is shown, then " ***".
function skm(s, re) { return re != "" && s ~ re }
function skadd(v, re) { return v == "" ? "(" re ")" : v "|(" re ")" }
function skload(   t, L, n, i, f, nf, g) {
  skloaded = 1; skn = 0; skng = 0; skq = sprintf("%c", 39)
  n = split(ENVIRON["bs_secret_rules"], L, "\n")
  for (i = 1; i <= n; i++) {
    nf = split(L[i], f, " ")
    if (nf < 2 || substr(f[1], 1, 1) == "#") continue
    if (f[1] == "name") skname = skadd(skname, f[2])
    else if (f[1] == "option") skopt = skadd(skopt, f[2])
    else if (f[1] == "not-name") sknot = skadd(sknot, f[2])
    else if (f[1] == "header") skhdr = skadd(skhdr, f[2])
    else if (f[1] == "scheme") sksch = skadd(sksch, f[2])
    else if (f[1] == "url-user") skuu = skadd(skuu, f[2])
    else if (f[1] == "url-user-length") skul = f[2] + 0
    else if (f[1] == "program" && nf >= 4) {
      for (g = 1; g <= skng && skgre[g] != f[2]; g++) ;
      if (g > skng) { skng = g; skgre[g] = f[2]; skprog = skadd(skprog, f[2]) }
      skn++; skrg[skn] = g; skro[skn] = f[3]; skrk[skn] = f[4]
      if (f[4] == "stop") skstop[g] = 1
    }
  }
  skrules = skname != ""
}
function sksec(n, dash) {  # n: lower-case name without its leading dashes; dash: it had some
  if (skm(n, sknot)) return 0
  return skm(n, skname) || (dash && skm(n, skopt))
}
function skunq(s) {  # without leading quotes
  while (substr(s, 1, 1) == "\"" || substr(s, 1, 1) == skq) s = substr(s, 2)
  return s
}
function colon(s,   x) {  # user:password -> user:***
  x = index(s, ":")
  return x ? substr(s, 1, x) "***" : s
}
function pct(s,   x) {  # user%password -> user%***
  x = index(s, "%")
  return x ? substr(s, 1, x) "***" : s
}
function comma(s,   x) {  # user,password -> user,***
  x = index(s, ",")
  return x ? substr(s, 1, x) "***" : s
}
function skval(k, v) { return k == "user-colon" ? colon(v) : k == "user-percent" ? pct(v) : k == "user-comma" ? comma(v) : "***" }
function skhas(o,   i) {  # all the one-letter flags of o (-nb) were given
  for (i = 2; i <= length(o); i++) if (!index(skfl, substr(o, i, 1))) return 0
  return 1
}
function skuser(u) {  # a URL user name that is a token
  return skm(u, skuu) || (skul > 0 && length(u) >= skul && u ~ /^[a-z0-9_-]+$/)
}
function word(t, last,   l, b, e, n, p, r, q, a, s, x, at, i, o, k) {  # one word; sets nx: what the next word is (see words)
  nx = 0
  if (t == "") return t
  l = tolower(t); b = skunq(l); sub(/.*\//, "", b)
  if (skm(b, skprog)) {
    for (i = 1; i <= skng && b !~ skgre[i]; i++) ;
    mode = i; skops = 0; skfl = ""; return t
  }
  if (mode) {
    for (i = 1; i <= skn; i++) {
      if (skrg[i] != mode) continue
      o = skro[i]; k = skrk[i]
      if (k == "stop" || substr(k, 1, 8) == "operand=") continue
      if (t == o) { nx = k == "value" ? 1 : k == "user-colon" ? 2 : k == "user-percent" ? 3 : k == "user-comma" ? 6 : k == "argument" ? 9 : 0; return t }
      if (k == "argument") continue
      if (substr(t, 1, length(o) + 1) == o "=") return o "=" skval(k, substr(t, length(o) + 2))
      if (length(o) == 2 && length(t) > 2 && substr(t, 1, 2) == o) return o skval(k, substr(t, 3))
    }
    if (substr(t, 1, 1) == "-" && substr(t, 2, 1) != "-") skfl = skfl substr(t, 2)
    else if (substr(t, 1, 1) != "-") {
      skops++
      for (i = 1; i <= skn; i++)
        if (skrg[i] == mode && substr(skrk[i], 1, 8) == "operand=" && skops == substr(skrk[i], 9) + 0 && skhas(skro[i])) return "***"
      if (skstop[mode]) mode = 0
    }
  }
  e = index(t, "=")
  if (e > 1) {  # --password=X, -Dspring.datasource.password=X, API_TOKEN=X
    n = substr(l, 1, e - 1); p = n; sub(/^-+/, "", p)
    if (p ~ /^[a-z0-9_.-]+$/ && sksec(p, p != n)) return substr(t, 1, e) "***"
  } else if (e == 0 && substr(t, 1, 1) == "-") {  # --password X
    p = l; sub(/^-+/, "", p)
    if (p != "" && sksec(p, 1)) nx = 1
    return t
  }
  r = ""  # name=X after , ; & ? = (mount -o user=u,password=X; ?token=X&a=b; --env=DB_PASSWORD=X): X up to the next , ; &
  while (match(t, /[,;&?=][A-Za-z0-9_.-]+=/)) {
    n = tolower(substr(t, RSTART + 1, RLENGTH - 2))
    r = r substr(t, 1, RSTART + RLENGTH - 1); t = substr(t, RSTART + RLENGTH)
    if (sksec(n, 0)) { r = r "***"; if (match(t, /[,;&]/)) t = substr(t, RSTART); else t = "" }
  }
  t = r t; r = ""
  while ((q = index(t, "://")) > 0) {  # scheme://user:X@host, scheme://TOKEN@host
    r = r substr(t, 1, q + 2); t = substr(t, q + 3)
    a = t; if (match(a, /[\/?#]/)) a = substr(a, 1, RSTART - 1)
    at = 0; s = a
    while ((x = index(s, "@")) > 0) { at += x; s = substr(s, x + 1) }
    if (at) {
      x = index(substr(t, 1, at), ":")
      if (x) { r = r substr(t, 1, x) "***@"; t = substr(t, at + 1) }
      else if (skuser(tolower(substr(t, 1, at - 1)))) { r = r "***@"; t = substr(t, at + 1) }
    } else if (last && a == t && (x = index(t, ":")) > 0) { r = r substr(t, 1, x) "***"; t = "" }  # cut before its @
  }
  t = r t
  x = index(t, ":")  # Authorization: X, --header=X-Api-Key: X, pass:X (not scheme://)
  if (x > 1 && substr(t, x + 1, 2) != "//") {
    n = tolower(substr(t, 1, x - 1)); sub(/.*=/, "", n); n = skunq(n)
    if (n ~ /^[a-z][a-z0-9_.-]*$/ && (skm(n, skhdr) || sksec(n, 1))) {
      if (x == length(t)) { nx = 4; return t }
      return substr(t, 1, x) "***"
    }
  }
  return t
}
# words: one argument, its words separated by spaces; wp: what its first word is (what the word
# before said in nx): 0 an ordinary word, 1 a secret, 2 user:secret, 3 user%secret, 6 user,secret, 4 a header
# value (an optional scheme, then the secret; a value ending in ";" is followed by another, as
# in Cookie: a=1; b=2), 5 the secret after a scheme, 9 the value of an option, not secret.
function words(a, last, wp,   o, m, w, end) {
  o = ""
  while (1) {
    m = index(a, " "); w = m ? substr(a, 1, m - 1) : a
    if (w != "") {
      end = w ~ /[;|&]$/
      if (wp == 1) { w = "***"; nx = 0 }
      else if (wp == 2) { w = colon(w); nx = 0 }
      else if (wp == 3) { w = pct(w); nx = 0 }
      else if (wp == 6) { w = comma(w); nx = 0 }
      else if (wp == 9) nx = 0
      else if (wp == 4 && skm(tolower(w), sksch)) nx = 5
      else if (wp == 4 || wp == 5) { nx = wp == 4 && w ~ /;$/ ? 4 : 0; w = "***" }
      else w = word(w, last && !m)
      wp = nx
      if (end) mode = 0  # the end of a command in sh -c "..."
    }
    o = o w
    if (!m) break
    o = o " "; a = substr(a, m + 1)
  }
  nx = wp
  return o
}
function maskcmd(c, sep, cut,   na, av, m, i, a, o, pend) {  # c: the arguments separated by sep; cut: the last one is cut short
  if (!skloaded) skload()
  mode = 0; na = 0
  while ((m = index(c, sep)) > 0) { av[++na] = substr(c, 1, m - 1); c = substr(c, m + 1) }
  av[++na] = c
  if (!skrules) return av[1] (na > 1 && av[2] != "" ? " ***" : "")
  o = ""; pend = 0
  for (i = 1; i <= na; i++) {
    a = av[i]; gsub(/[\t\r\n]/, " ", a)
    if (pend == 1) { a = (a == "" ? a : "***"); nx = 0 }
    else if (pend == 2) { a = colon(a); nx = 0 }
    else if (pend == 3) { a = pct(a); nx = 0 }
    else if (pend == 6) { a = comma(a); nx = 0 }
    else a = words(a, cut && i == na, pend)
    pend = nx
    o = (i > 1 ? o " " : "") a
  }
  return o
}
BEGIN {
  nul = sprintf("%c", 0)
  # BS_PROCSAME (PID:START ...), checked by the shell, on stdin: no argument limit
  # (not closed: mawk 1.3.4 crashes closing /dev/stdin)
  # then BS_PROCCG, one "CGROUP<TAB>SD_CGROUP" a line: the cgroups the 4th field of an entry counts from 1
  ln_ = 0
  while ((getline l < "/dev/stdin") > 0) {
    if (++ln_ > 1) { t = index(l, "\t"); if (t > 0 && l ~ /^v[12]:\//) { cgt[ln_ - 1] = substr(l, 1, t - 1); cgsd[ln_ - 1] = substr(l, t + 1) }; continue }
    n = split(l, w, " ")
    for (i = 1; i <= n; i++) {
      k = split(w[i], q, ":")
      if (k >= 2 && k <= 4) same[q[1]] = q[2]
      if (k >= 3 && k <= 4) samerss[q[1]] = q[3]
      if (k == 4) samecg[q[1]] = q[4]
    }
  }
  f = "/proc/vmstat"; vm = ""; ok = 0
  while ((getline l < f) > 0) { ok = 1; if (substr(l, 1, 9) == "oom_kill ") vm = l }
  close(f)
  if (vm != "") { print bs_m "section vmstat-oom ok /proc/vmstat"; print vm }
  else if (ok) print bs_m "section vmstat-oom missing no oom_kill in /proc/vmstat (kernel before 4.13)"
  else print bs_m "section vmstat-oom unreadable /proc/vmstat"

  f = "/proc/self/mountinfo"; v1 = ""; v2 = ""
  while ((getline l < f) > 0) {
    n = split(l, a, " ")
    for (i = 7; i <= n && a[i] != "-"; i++) ;
    if (i >= n) continue
    if (a[i + 1] == "cgroup2" && v2 == "") { v2 = a[5]; v2root = a[4] }
    else if (a[i + 1] == "cgroup" && v1 == "" && ("," a[i + 3] ",") ~ /,memory,/) { v1 = a[5]; v1root = a[4] }
  }
  close(f)

  print bs_m "section procs-mem ok /proc/PID/{stat,status,oom_score,oom_score_adj,cgroup,cmdline}"
  print "pid\tstate\tppid\tuid\tstart\trss_kb\tswap_kb\toom_score\toom_score_adj\tcgroup\tsd_cgroup\tcomm\tcmdline"
  kthreads = 0; gone = 0; ncg = 0
  for (i = 1; i < ARGC; i++) {
    pid = ARGV[i]; d = "/proc/" pid "/"
    # stat, all of it: a comm with a newline spans two lines
    s = readall(d "stat")
    r = statrest(s)
    if (r == "") { gone++; continue }
    n = split(r, st, " ")
    comm = statcomm(s)
    # after comm: 1 state, 2 ppid, 7 flags, 20 starttime; PF_KTHREAD = 0x00200000
    if (n < 20) { gone++; continue }
    if (int(st[7] / 2097152) % 2 == 1) { kthreads++; continue }
    # the same process, its resident set the same size to the page (stat field 24, in pages): its
    # uid, swap and OOM score and adjustment are the ones read then ("\=", see above)
    if (pagekb > 0 && (pid in samerss) && same[pid] == st[20] && sprintf("%.0f", st[22] * pagekb) == samerss[pid]) {
      # its cgroup too, when the list gave it (BS_PROCCG): processes are moved between cgroups seldom
      if ((pid in samecg) && ((samecg[pid] + 0) in cgt)) { cg = cgt[samecg[pid] + 0]; sd = cgsd[samecg[pid] + 0]; ncgs++ }
      else {
        f = d "cgroup"; c1 = ""; c2 = ""; sd = ""; k = cgread(f)
        if (!k) { gone++; continue }
        cg = c1 != "" ? "v1:" c1 : c2 != "" ? "v2:" c2 : "-"
      }
      addcg(cg); nsame++; nrss++
      print pid "\t" st[1] "\t" st[2] "\t\\=\t" st[20] "\t" samerss[pid] "\t\\=\t\\=\t\\=\t" cgf(cg) "\t" (sd == "" ? "-" : enc(sd)) "\t" enc(comm) "\t\\="
      continue
    }
    f = d "status"; name = "?"; uid = "?"; rss = "-"; swp = "-"; k = 0
    while ((getline l < f) > 0) {
      k = 1
      if (substr(l, 1, 4) == "Uid:") { split(l, a, " "); uid = a[2] }
      else if (substr(l, 1, 6) == "VmRSS:") { split(l, a, " "); rss = a[2] }
      else if (substr(l, 1, 7) == "VmSwap:") { split(l, a, " "); swp = a[2]; break }
    }
    close(f)
    if (!k) { gone++; continue }
    # the resident set as stat counts it (field 24, pages), which the next sample compares: status
    # reads the per-CPU counters of the kernel another way (10,916 KB there, 10,852 in stat, same moment)
    if (rss != "-" && pagekb > 0 && st[22] ~ /^[0-9]+$/) rss = sprintf("%.0f", st[22] * pagekb)
    sc = rd(d "oom_score"); adj = rd(d "oom_score_adj")
    f = d "cgroup"; c1 = ""; c2 = ""; sd = ""; k = cgread(f)
    cg = !k ? "?" : c1 != "" ? "v1:" c1 : c2 != "" ? "v2:" c2 : "-"
    if (k) addcg(cg)
    # cmdline: NULs between arguments; at most 256 bytes are kept. Secrets are masked first (see
    # maskcmd), on at most 4096 bytes: enough to fill 256 after long secrets became ***. mawk and
    # gawk keep the NULs; BusyBox awk ends a line at a NUL, so there the arguments are its lines.
    # a process the last full sample read, with the same start time: its command line is the one
    # read then ("\=", which enc never prints: it escapes every backslash)
    if ((pid in same) && same[pid] == st[20]) {
      nsame++
      print pid "\t" st[1] "\t" st[2] "\t" uid "\t" st[20] "\t" rss "\t" swp "\t" sc "\t" adj "\t" cgf(cg) "\t" (sd == "" ? "-" : enc(sd)) "\t" enc(comm) "\t\\="
      continue
    }
    f = d "cmdline"; c = ""; k = 0
    while (length(c) <= 4096 && (getline l < f) > 0) { c = (k++ ? c "\n" : "") l }
    close(f)
    m = length(c) > 4096; c = substr(c, 1, 4096)
    if (c != "") c = maskcmd(c, length(nul) == 1 ? nul : "\n", m)
    c = substr(c, 1, 256)
    sub(/ +$/, "", c)
    print pid "\t" st[1] "\t" st[2] "\t" uid "\t" st[20] "\t" rss "\t" swp "\t" sc "\t" adj "\t" cgf(cg) "\t" (sd == "" ? "-" : enc(sd)) "\t" enc(comm) "\t" enc(c)
  }
  print "# kernel_threads=" kthreads " exited=" gone (nsame ? " same=" nsame : "") (nrss ? " same_rss=" nrss : "") (ncgs ? " same_cgroup=" ncgs : "")

  if (v1 == "" && v2 == "") { print bs_m "section cgroup-mem missing no cgroup hierarchy is mounted"; print "@@memdone" (nsame ? " same" : ""); exit }
  print bs_m "section cgroup-mem ok v2=" (v2 == "" ? "-" : v2) " v1=" (v1 == "" ? "-" : v1)
  for (i = 1; i <= ncg; i++) print cgline(cgv[i], cgp[i])
  print "@@memdone" (nsame ? " same" : "")
  exit
}'
# mawk gives up at a read error, and a process that exits between the open and the read of one of
# its files causes one (ESRCH): about one read in 150 under a storm of short-lived processes. So
# the output is kept until "@@memdone" proves it whole, and a failed read is tried again (3 times).
bs_mem() {
  for bs_try in 1 2 3; do
    bs_here=$PWD
    cd /proc 2>/dev/null || return 1
    set -- [0-9]*
    cd "$bs_here" 2>/dev/null || cd /
    bs_o=$( { printf '%s\n' "$bs_procsame"; printf '%s\n' "${BS_PROCCG:-}"; } \
      | awk -v bs_m="$bs_m" -v pagekb="$bs_pagekb" "$bs_encawk$bs_memawk" "$@" 2>/dev/null)
    case $bs_o in
      *'
@@memdone') bs_o=${bs_o%'
@@memdone'}; printf '%s\n' "$bs_o"; return 0;;
      # some processes' fields were taken from the sample before: the sample needs it (incremental=1)
      *'
@@memdone same') bs_o=${bs_o%'
@@memdone same'}; printf '%s\n' "$bs_o"; bs_procinc=1; return 0;;
    esac
  done
  [ -z "$bs_o" ] || printf '%s\n' "$bs_o"
  bs_last=${bs_o##*"${bs_m}section "}; bs_last=${bs_last%% *}
  case $bs_o in
    *"${bs_m}section"*) echo "${bs_m}status $bs_last error read failed 3 times (processes exited while read)";;
    *) bs_cpu; echo "${bs_m}section procs-mem error awk failed";;
  esac
}
# BS_PROCSAME: "PID:START ..." of the processes the last full sample read (a live session puts it in
# front of full runs); their command lines are not read again (see procs-mem). Anything but digits,
# colons and spaces, and it is not used.
bs_procsame=${BS_PROCSAME:-}
bs_procinc=
case $bs_procsame in *[!0-9:" "]*) bs_procsame=;; esac
# the page size in KB, for the resident set from stat (in pages): one getconf per full sample; without
# it (a BusyBox without getconf) rss_kb is status's VmRSS and no process is taken as unchanged
bs_pagekb=0
if [ "$bs_light" != 1 ]; then
  bs_pagekb=$(getconf PAGESIZE 2>/dev/null)
  case $bs_pagekb in ''|*[!0-9]*) bs_pagekb=0;; *) bs_pagekb=$((bs_pagekb / 1024));; esac
fi
bs_oom=
if [ "$bs_light" = 1 ]; then
  # vmstat-oom: on a full sample the process walk's awk reads it; here the shell does (no process)
  bs_vm=; bs_cpu
  { while read -r bs_a bs_b; do bs_vm=1; case $bs_a in oom_kill) bs_oom=$bs_b; break;; esac; done < /proc/vmstat; } 2>/dev/null
  case $bs_oom in *[!0-9]*) bs_oom=;; esac
  if [ -n "$bs_oom" ]; then echo "${bs_m}section vmstat-oom ok /proc/vmstat"; echo "oom_kill $bs_oom"
  elif [ -n "$bs_vm" ]; then echo "${bs_m}section vmstat-oom missing no oom_kill in /proc/vmstat (kernel before 4.13)"
  else echo "${bs_m}section vmstat-oom unreadable /proc/vmstat"
  fi
  bs_cpu; echo "${bs_m}section procs-mem skipped light sample"
  bs_cpu; echo "${bs_m}section cgroup-mem skipped light sample"
else
  bs_cpu
  bs_mem || { bs_cpu; echo "${bs_m}section procs-mem unreadable /proc"; }
fi

# kernel-log: OOM lines only (and conntrack table-full lines, see conntrack(l)). mode=journal|dmesg|file; prints the kept lines, then one line
# "@@next CURSOR-PART SCANNED" that the shell turns into the section's detail.
bs_oomawk='
function oom(l) {
  return l ~ /invoked oom-killer|oom-kill:|[Oo]ut of memory|[Kk]illed process [0-9]|[Kk]ill process [0-9]|oom_reaper: reaped|[Mm]emory cgroup stats for|memory: usage [0-9]|memory\+swap: usage [0-9]|swap: usage [0-9]|killed as a result of limit of|OOM victim|oom killer [0-9]|has mm pinned by/
}
# conntrack(l): table-full lines for the network limits playbook (the kernel log is read once)
function conntrack(l) { return l ~ /(nf|ip)_conntrack: (nf_conntrack: )?table full, dropping packet/ }
# Processes playbook: the hung-task watchdog line and NFS "not responding" lines are kept too
# (read by the processes part; the OOM parser skips them).
function hung(l) {
  return l ~ /INFO: task .*:[0-9]+ blocked for more than [0-9]+ seconds|nfs: server [^ ]+ not responding/
}
function take(l) {
  if (conntrack(l) || hung(l)) { print enc(l); return }
  if (oom(l)) { print enc(l); if (l ~ /invoked oom-killer/) after = 3; return }
  if (after > 0 && l ~ / PID: [0-9]+ .*Comm: /) { print enc(l); after = 0; return }
  if (after > 0) after--
}
BEGIN { n = 0; cur = ""; last = ""; cnt = 0; held = ""; have = 0; bytes = 0 }
mode == "journal" {
  if ($0 == "@@journal-failed") { failed = 1; next }
  if (substr($0, 1, 11) == "-- cursor: ") { cur = substr($0, 12); next }
  if (substr($0, 1, 3) == "-- ") next
  n++; take($0); next
}
mode == "dmesg" {
  if ($0 == "@@dmesg-failed") { failed = 1; next }
  n++
  st = ""
  if (substr($0, 1, 1) == "[") { st = substr($0, 2, index($0, "]") - 2); gsub(/ /, "", st) }
  if (st != "") {
    if (st == last) cnt++; else { last = st; cnt = 1 }
    # a line without a stamp (a continuation) goes with the stamped line before it
    old = since != "" && (st + 0 < since + 0 || (st == since && cnt <= skip))
  }
  if (old) { n--; next }
  take($0); next
}
mode == "file" {
  # hold each line back one step: the last one may still be being written
  if (have) { n++; take(held); bytes += length(held) + 1 }
  held = $0; have = 1; next
}
END {
  if (mode == "journal") print "@@next " (failed ? "failed" : cur) " " n
  else if (mode == "dmesg") print "@@next " (failed ? "failed" : last ":" cnt) " " n
  else {
    if (have && bytes + length(held) + 1 <= size) { n++; take(held); bytes += length(held) + 1 }
    print "@@next " bytes " " n
  }
}'
bs_klog_max=16777216
bs_klog_out() {  # VIA CURSOR FROM: print the section from $bs_o (kept lines, then "@@next ...")
  bs_cpu; echo "${bs_m}section kernel-log ok $1 cursor=$2 from=$3 scanned=$bs_n"
  [ -z "$bs_body" ] || printf '%s\n' "$bs_body"
}
bs_split() {  # $bs_o -> $bs_body, $bs_next (cursor part), $bs_n (lines scanned)
  bs_last=${bs_o##*@@next }
  case $bs_o in *'
@@next '*) bs_body=${bs_o%'
@@next '*};; *) bs_body=;; esac
  bs_next=${bs_last% *}; bs_n=${bs_last##* }
}
bs_injournal() {  # the journal shows the system's kernel lines to root and these groups only
  [ "$bs_uid" = 0 ] && return 0
  for bs_g in $(id -Gn 2>/dev/null); do
    case $bs_g in systemd-journal|adm|wheel) return 0;; esac
  done
  return 1
}
bs_klog() {
  bs_c=${BS_KLOG_CURSOR:-}
  case $bs_c in *[!A-Za-z0-9=\;:._/+-]*) bs_c=;; esac
  bs_why=
  # a light sample with no OOM kill since the last one: the log waits for the next full sample
  bs_p=${BS_OOMKILLS:-}
  case $bs_p in *[!0-9]*) bs_p=;; esac
  if [ "$bs_light" = 1 ] && [ -n "$bs_oom" ] && [ "$bs_oom" = "$bs_p" ]; then
    # no source was readable the last time: the session carries that reading
    if [ "$bs_c" = unread: ]; then
      bs_cpu; echo "${bs_m}section kernel-log skipped light sample, no new OOM kill"
      return 0
    fi
    case $bs_c in
      journal:?*) bs_via=journalctl;;
      dmesg:?*) bs_via=dmesg;;
      file:/*:*:*) bs_via=${bs_c#file:}; bs_via=${bs_via%:*}; bs_via=${bs_via%:*};;
      *) bs_via=;;
    esac
    if [ -n "$bs_via" ]; then
      bs_cpu; echo "${bs_m}section kernel-log ok $bs_via cursor=$bs_c from=cursor scanned=0 deferred=no-new-oom-kill"
      return 0
    fi
  fi
  # 1. the journal (not when the cursor says the last sample read dmesg or a file: it had no kernel lines)
  case $bs_c in dmesg:?*|file:?*) bs_nojournal=1;; *) bs_nojournal=;; esac
  if [ -z "$bs_nojournal" ] && command -v journalctl >/dev/null 2>&1 && { [ -d /run/log/journal ] || [ -d /var/log/journal ]; }; then
    if bs_injournal; then
      case $bs_c in
        journal:?*)
          bs_o=$({ TZ=UTC0 journalctl -q --no-pager -o short-iso _TRANSPORT=kernel --show-cursor \
                     --after-cursor="${bs_c#journal:}" 2>/dev/null || echo "@@journal-failed"; } |
                 awk -v mode=journal "$bs_encawk$bs_oomawk")
          bs_split
          # a cursor the journal no longer knows (vacuumed, or another machine's): from the start
          if [ "$bs_next" != failed ]; then
            bs_klog_out journalctl "journal:${bs_next:-${bs_c#journal:}}" cursor
            return 0
          fi;;
      esac
      bs_o=$({ TZ=UTC0 journalctl -q --no-pager -o short-iso _TRANSPORT=kernel --show-cursor 2>/dev/null ||
                 echo "@@journal-failed"; } | awk -v mode=journal "$bs_encawk$bs_oomawk")
      bs_split
      [ "$bs_next" != failed ] || bs_next=
      # a journal without kernel lines (journald not reading /dev/kmsg): try the others
      if [ "$bs_n" != 0 ] && [ -n "$bs_next" ]; then bs_klog_out journalctl "journal:$bs_next" start; return 0; fi
    else
      bs_why="journal: not in group systemd-journal, adm or wheel"
    fi
  fi
  # 2. dmesg, from the kernel's ring buffer (this boot only)
  bs_r=0
  { read -r bs_r < /proc/sys/kernel/dmesg_restrict; } 2>/dev/null
  if command -v dmesg >/dev/null 2>&1; then
    if [ "$bs_uid" != 0 ] && [ "$bs_r" = 1 ]; then
      bs_why="${bs_why:+$bs_why; }dmesg: kernel.dmesg_restrict=1"
    else
      bs_boot=
      { read -r bs_boot < /proc/sys/kernel/random/boot_id; } 2>/dev/null
      bs_since=; bs_skip=0; bs_from=start
      case $bs_c in
        "dmesg:$bs_boot:"*:*)
          bs_t=${bs_c#dmesg:$bs_boot:}; bs_since=${bs_t%:*}; bs_skip=${bs_t##*:}
          case $bs_since$bs_skip in *[!0-9.]*|'') bs_since=; bs_skip=0;; *) bs_from=cursor;; esac;;
      esac
      bs_o=$({ dmesg 2>/dev/null || echo "@@dmesg-failed"; } |
             awk -v mode=dmesg -v since="$bs_since" -v skip="$bs_skip" "$bs_encawk$bs_oomawk")
      bs_split
      case $bs_next in
        failed) bs_why="${bs_why:+$bs_why; }dmesg failed";;
        :*)
          if [ "$bs_n" != 0 ]; then  # no [seconds] stamps (printk.time=0): the whole buffer every time
            bs_klog_out dmesg "dmesg:$bs_boot:-:0" start
          elif [ "$bs_from" = cursor ]; then
            bs_klog_out dmesg "$bs_c" cursor
          else
            bs_klog_out dmesg "dmesg:$bs_boot:0:0" start
          fi
          return 0;;
        *) bs_klog_out dmesg "dmesg:$bs_boot:$bs_next" $bs_from; return 0;;
      esac
    fi
  fi
  # 3. the syslog files
  for bs_f in /var/log/kern.log /var/log/messages; do
    [ -e "$bs_f" ] || continue
    if [ ! -r "$bs_f" ]; then bs_why="${bs_why:+$bs_why; }$bs_f: not readable"; continue; fi
    set -- $(ls -di "$bs_f" 2>/dev/null); bs_ino=$1
    bs_size=$(wc -c < "$bs_f" 2>/dev/null) || continue
    bs_size=$((bs_size + 0))
    bs_off=; bs_from=start
    case $bs_c in
      "file:$bs_f:$bs_ino:"*)
        bs_off=${bs_c##*:}
        case $bs_off in ''|*[!0-9]*) bs_off=;; *) [ "$bs_off" -le "$bs_size" ] && bs_from=cursor || bs_off=;; esac;;
    esac
    if [ -z "$bs_off" ]; then
      bs_off=0; [ "$bs_size" -le "$bs_klog_max" ] || bs_off=$((bs_size - bs_klog_max))
    fi
    bs_o=$(tail -c +$((bs_off + 1)) "$bs_f" 2>/dev/null | head -c $((bs_size - bs_off)) 2>/dev/null |
           awk -v mode=file -v size=$((bs_size - bs_off)) "$bs_encawk$bs_oomawk")
    bs_split
    bs_klog_out "$bs_f" "file:$bs_f:$bs_ino:$((bs_off + bs_next))" $bs_from
    return 0
  done
  if [ -n "$bs_why" ]; then
    bs_cpu; echo "${bs_m}section kernel-log needs-root $bs_why"
  else
    bs_cpu; echo "${bs_m}section kernel-log missing no journal, dmesg, /var/log/kern.log or /var/log/messages"
  fi
}
bs_cpu
bs_klog

# boots: the journal's list when it knows more than one boot, else wtmp
bs_boots() {
  bs_j=; bs_jn=0
  if command -v journalctl >/dev/null 2>&1 && bs_injournal; then
    bs_j=$(TZ=UTC0 journalctl --no-pager --list-boots 2>/dev/null | tail -n 25)
    bs_ifs=$IFS; IFS='
'
    for bs_l in $bs_j; do case $bs_l in *[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*) bs_jn=$((bs_jn + 1));; esac; done
    IFS=$bs_ifs
  fi
  if [ "$bs_jn" -ge 2 ]; then
    bs_cpu; echo "${bs_m}section boots ok journalctl --list-boots"; printf '%s\n' "$bs_j"; return 0
  fi
  if command -v last >/dev/null 2>&1; then
    bs_w=$(TZ=UTC0 last -x --time-format iso -n 25 reboot shutdown 2>/dev/null) ||
      bs_w=$(TZ=UTC0 last -x -F -n 25 reboot shutdown 2>/dev/null) || bs_w=
    case $bs_w in
      *reboot*) bs_cpu; echo "${bs_m}section boots ok last -x"; printf '%s\n' "$bs_w"; return 0;;
    esac
  fi
  if [ "$bs_jn" -ge 1 ]; then
    bs_cpu; echo "${bs_m}section boots ok journalctl --list-boots"; printf '%s\n' "$bs_j"; return 0
  fi
  bs_cpu; echo "${bs_m}section boots missing no journal boots and no reboot records in wtmp"
}
# a full sample of the boot whose boots the sample before had (BS_BOOTS_BTIME, seconds) carries them:
# the list changes only with a boot, and journalctl --list-boots reads the whole journal
bs_bt=${BS_BOOTS_BTIME:-}
case $bs_bt in *[!0-9]*) bs_bt=;; esac
if [ "$bs_light" = 1 ]; then bs_cpu; echo "${bs_m}section boots skipped light sample"
elif [ -n "$bs_bt" ] && [ "$bs_bt" = "${bs_btime:-}" ]; then bs_cpu; echo "${bs_m}section boots skipped read once per boot"
else bs_cpu; bs_boots; fi
