
# proc-fds. Input of the awk, in this order:
#   @all /proc/1 /proc/2 ...        every process (one builtin glob)
#   @noread /proc/PID/fd            fd directories this uid may not read (builtin test; not root only)
#   find:  D /proc/PID              a readable fd directory
#          /proc/PID/fd FD MODE TYPE TARGET
#   ls:    @type, then `ls -lL` (types), @link, then `ls -l` (modes and targets)
# BusyBox ls prints a link target raw, so a target holding a newline continues on lines of its own
# choosing. `ls -lL` prints no target (its names are fd numbers), so it is the list of what exists:
# a line of `ls -l` counts only for a pid and fd that list holds, once; any other line continues the
# target before it (so a newline is kept; of the blank lines before a pid's listing, the last one is
# ls's own separator). A forged line for a real fd meets that fd's real line too,
# and a second listing of a pid meets the real one: either way the section says so and no fd is used.
# fd-deleted (a section of its own, after proc-fds; read by the disk playbook): one line per fd of a
# deleted regular file (target "/PATH (deleted)", type f; memfds and SysV segments left out, at most
# 4000), from one `stat -L` of every /proc/PID/fd/FD (digits only), when there are any:
#   PID FD SIZE BLOCKS BLOCKSIZE INODE DEVICE LINKS   (DEVICE: st_dev in decimal, glibc's encoding)
# An fd closed between the walk and the stat has no line.
# Incremental walk (find only): BS_FDSAME, put in front of a full run by a live session, lists
# "PID:START:COUNT:SOFT" for processes the last full sample read (those with fds and no deleted
# file; SOFT, their soft limit, may be left out). A process with the same start time and the same
# number of fds (the size of /proc/PID/fd, which the kernel counts since 6.2; 0 before, and then
# everything is walked) is not walked again: its line says fds=same and Bedside takes its fds from
# the sample before. Its limits are not read again either while it holds under half of SOFT: then
# only its pid and start time are printed, on a line "same PID:START PID:START ..." (up to 500 a
# line), and Bedside takes its whole line from the sample before (its name too); a limit changed from
# outside (prlimit) on a process that far from it shows at the next walk of everything. Anything in BS_FDSAME but digits, colons and
# spaces, and the list is not used.
# An entry may end in the inode number of /proc/PID/fd as the walk before saw it ("PID:START:COUNT:SOFT:INO",
# SOFT possibly empty). procfs makes that inode for one process (it holds the process's struct pid; a
# pid used again is another struct pid, so another inode, from a counter that does not come back for
# 2^32 inodes), so the same inode is the same process and its stat is not read (at 5,000 processes,
# 40 ms of the host's CPU). The inode goes when the kernel
# drops the entry from its caches (memory pressure, drop_caches); the process is then read again.
# The walk prints "ino PID:INODE ..." (up to 500 a line) for every listed process whose inode was not
# given or changed; Bedside keeps the others' from the sample before.
bs_same=
bs_sameawk='
$1 == "@want" {
  for (i = 2; i <= NF; i++) {
    k = split($i, w, ":")
    if (k >= 3 && k <= 5) { st[w[1]] = w[2]; n[w[1]] = w[3]; if (k >= 4 && w[4] != "") sl[w[1]] = w[4]; if (k == 5 && w[5] != "") in_[w[1]] = w[5] }
  }
  next
}
$1 == "@all" { for (i = 2; i <= NF; i++) all[++na] = $i; next }
{
  # /proc/PID/fd INODE COUNT
  p = $1; sub(/^\/proc\//, "", p); sub(/\/fd$/, "", p)
  if (p == self) { if ($3 + 0 == 0) counted = 0; else counted = 1; next }
  if (!counted || $3 + 0 == 0 || p !~ /^[0-9]+$/ || $2 !~ /^[0-9]+$/) next
  # the same inode is the same process: nothing read; else, for a listed process, its inode is printed
  # for the next list (not for the others: the processes of other users, which a login user cannot
  # walk, would be printed every time; a new one is listed next time, checked by its stat once, and
  # printed then)
  byino = (p in in_) && in_[p] == $2
  if (!byino && (p in st)) ino[p] = $2
  if (!(p in st) || $3 != n[p]) next
  s = ""
  if (!byino) { s = readall("/proc/" p "/stat"); if (s == "") next; split(statrest(s), f, " "); if (f[20] != st[p]) next }
  # its limits: the ones read before while it holds under half of them (only its pid and start
  # time are printed, on a "same" line), else read again (a process line with fds=same)
  if (!(p in sl) || $3 * 2 >= sl[p] + 0) {
    if (s == "") { s = readall("/proc/" p "/stat"); if (s == "") next }
    lim = "?/?"; lf = "/proc/" p "/limits"
    while ((getline l < lf) > 0) if (l ~ /^Max open files /) { split(l, w, " "); lim = w[4] "/" w[5] }
    close(lf)
    same[p] = "pid=" p " start=" st[p] " nofile=" lim " fds=same comm=" enc(statcomm(s))
  } else same[p] = ""
}
END {
  # the inodes first: every line whole before the next
  for (p in ino) {
    if (k_ % 500 == 0) printf "%s", (k_ ? "\n" : "") "ino" > "/dev/stderr"
    printf " %s:%s", p, ino[p] > "/dev/stderr"; k_++
  }
  if (k_) printf "\n" > "/dev/stderr"
  k_ = 0
}
END {
  # the unchanged processes to stderr (the section, see below), the fd directories to walk to stdout;
  # all at the end: an awk that gave up half way (a process gone between open and read) printed nothing
  for (p in same) if (same[p] != "") print same[p] > "/dev/stderr"
  # then the list, after every whole line (a line printed in the middle would end up inside it)
  for (p in same) if (same[p] == "") {
    if (k_ % 500 == 0) printf "%s", (k_ ? "\n" : "") "same" > "/dev/stderr"
    printf " %s:%s", p, st[p] > "/dev/stderr"; k_++
  }
  if (k_) printf "\n" > "/dev/stderr"
  for (p in same) { print "@same"; break }
  for (i = 1; i <= na; i++) { p = all[i]; sub(/^\/proc\//, "", p); if (!(p in same)) print all[i] "/fd" }
}'
bs_fdawk='
BEGIN { if (nulrs) RS = "\0" }
function deleted(p, fd, ty, t) {  # a deleted regular file (not a memfd or a SysV segment) for fd-deleted
  if (ty == "f" && t ~ /^\/.* \(deleted\)$/ && t !~ /^\/(memfd:|SYSV[0-9a-f]+ )/ && nd < 4000) dl[++nd] = "/proc/" p "/fd/" fd
}
function pidof(p) { sub(/^\/proc\//, "", p); sub(/\/.*$/, "", p); sub(/:$/, "", p); return p }
$1 == "@all" { for (i = 2; i <= NF; i++) { p = pidof($i); all[++n] = p }; next }
$1 == "@noread" { bad[pidof($2)] = 1; next }
$1 == "@type" { mode = "type"; next }
$1 == "@link" { mode = "link"; next }
mode == "" && $1 == "D" { ok[pidof($2)] = 1; next }
mode == "" {
  p = pidof($1); t = $0; for (i = 1; i <= 4; i++) sub(/^[^ ]* /, "", t)
  if ($4 == "?" || t == "") { bad[p] = 1; next }
  print p, $2, $3, $4, enc(t); fds[p]++; deleted(p, $2, $4, t); next
}
mode == "type" && /^\/proc\/[0-9]+\/fd:$/ { cur = pidof($0); ok[cur] = 1; next }
mode == "link" && /^\/proc\/[0-9]+\/fd:$/ {
  if (last != "") for (; nb > 1; nb--) tgt[last] = tgt[last] "\n"
  cur = pidof($0); last = ""; nb = 0
  if (cur in seen) tamper = "the fd listing of pid " cur " appeared twice"
  seen[cur] = 1; next
}
mode == "link" && $0 == "" { nb++; next }
mode == "link" && nb > 0 { if (last != "") for (; nb > 0; nb--) tgt[last] = tgt[last] "\n"; nb = 0 }
mode == "link" && last == "" && /^total / { next }
mode != "link" && (/^total / || NF < 3) { next }
mode == "type" { ty[cur " " $NF] = (substr($1, 1, 1) == "-") ? "f" : substr($1, 1, 1); next }
mode == "link" {
  a = index($0, " -> "); h = substr($0, 1, a - 1); fd = h; sub(/.* /, "", fd)
  if (a == 0 || $1 !~ /^l/ || fd !~ /^[0-9]+$/) { if (last != "") tgt[last] = tgt[last] "\n" $0; next }
  k = cur " " fd
  if (!(k in ty)) { last = ""; next }
  if (k in tgt) { tamper = "fd " fd " of pid " cur " was listed twice"; next }
  keys[++nk] = k; tgt[k] = substr($0, a + 4); md[k] = $1; last = k; next
}
END {
  if (tamper != "") {
    print bs_m "status proc-fds error a link target holds a newline and ls -l prints it raw (" tamper "), so the fd tables are not used"
    print bs_m "section fd-deleted error the fd tables are not used (" tamper ")"
    exit
  }
  if (last != "") for (; nb > 0; nb--) tgt[last] = tgt[last] "\n"
  for (i = 1; i <= nk; i++) {
    k = keys[i]; split(k, kp, " ")
    print kp[1], kp[2], md[k], ty[k], enc(tgt[k]); fds[kp[1]]++; deleted(kp[1], kp[2], ty[k], tgt[k])
  }
  for (i = 1; i <= n; i++) {
    p = all[i]; s = readall("/proc/" p "/stat")
    if (s == "") continue
    c = statcomm(s); split(statrest(s), st, " ")
    f = "/proc/" p "/limits"; lim = "?/?"
    # with RS = "\0" (the find -print0 path) a record is the whole file: look at each of its lines
    while ((getline l < f) > 0) { ln_ = split(l, ll_, "\n"); for (lj_ = 1; lj_ <= ln_; lj_++) if (ll_[lj_] ~ /^Max open files /) { split(ll_[lj_], w, " "); lim = w[4] "/" w[5] } }
    close(f)
    d = (p in bad || !(p in ok)) ? "unreadable" : fds[p] + 0
    print "pid=" p " start=" st[20] " nofile=" lim " fds=" d " comm=" enc(c)
  }
  print bs_m "section fd-deleted ok stat -L /proc/PID/fd/FD" (nd >= 4000 ? " (the first 4000)" : "")
  if (nd) {
    RS = "\n"; cmd = "stat -L -c \047%n %s %b %B %i %d %h\047"
    for (i = 1; i <= nd; i++) cmd = cmd " " dl[i]
    cmd = cmd " 2>/dev/null"
    while ((cmd | getline l) > 0) { sub(/^\/proc\//, "", l); sub(/\/fd\//, " ", l); print l }
    close(cmd)
  }
}'
if [ "$bs_light" = 1 ]; then
  bs_cpu; echo "${bs_m}section proc-fds skipped light sample"
  bs_cpu; echo "${bs_m}section fd-deleted skipped light sample"
elif [ ! -d /proc/self/fd ]; then
  bs_cpu; echo "${bs_m}section proc-fds missing /proc/PID/fd"
  bs_cpu; echo "${bs_m}section fd-deleted missing /proc/PID/fd"
elif ! command -v awk >/dev/null 2>&1; then
  bs_cpu; echo "${bs_m}section proc-fds missing awk"
  bs_cpu; echo "${bs_m}section fd-deleted missing awk"
else
  if [ "$bs_uid" = 0 ]; then bs_who="uid 0"; else bs_who="uid $bs_uid: other users' fds need root"; fi
  # the mark before the check for find and the incremental walk's preparation: they are this section's cost
  bs_cpu
  if find /proc/self -maxdepth 0 -readable -printf '' >/dev/null 2>&1; then
    set -f
    # (the incremental walk needs grep, see below)
    command -v grep >/dev/null 2>&1 || BS_FDSAME=
    case ${BS_FDSAME:-} in
      *[!0-9:" "]*|'')
        set +f; set -- /proc/[0-9]*/fd
        echo "${bs_m}section proc-fds ok find /proc/PID/fd ($bs_who)";;
      *)
        set +f
        echo "${bs_m}section proc-fds ok find /proc/PID/fd ($bs_who; incremental: the processes with fds=same are unchanged since the last full sample)"
        # the size of every fd directory (one stat; this shell's own first, to see whether the kernel counts): no
        # shell loop over the list, which grows with the processes (5,000 of them: 0.1 s in dash, 0.9 s in bash).
        # The awk prints the unchanged processes' lines on its stderr, which goes to the section (fd 3)
        # through a grep that keeps those lines only (not the awk's own message when it gives up, mawk
        # at a read error: a process gone between open and read); its stdout, the fd directories still
        # to walk, is kept here (fd 4): no shell split of a long text (dash's ${x#*pattern} costs the
        # square of the length)
        exec 3>&1
        bs_o=$( { { echo "@want $BS_FDSAME"; echo @all /proc/[0-9]*; stat -c '%n %i %s' /proc/$$/fd /proc/[0-9]*/fd 2>/dev/null; } \
          | awk -v self=$$ "$bs_encawk$bs_sameawk" 2>&1 >&4 | grep -e '^pid=' -e '^same ' -e '^ino ' >&3; } 4>&1)
        exec 3>&-
        set -f; set -- $bs_o; set +f
        [ "${1:-}" != @same ] || { bs_same=1; shift; }
        # nothing to walk, not even this shell: the awk gave up (and printed nothing)
        [ $# -gt 0 ] || set -- /proc/[0-9]*/fd;;
    esac
    # records end in NUL, not newline: a link target (a path) may hold newlines
    # the processes to walk go in as a record, not as an awk argument: one argument may not exceed 128 KB
    # (MAX_ARG_STRLEN), which some 10,000 paths would
    {
      printf '%s ' @all "$@"; printf '\000'
      [ "$bs_uid" = 0 ] || for bs_fdir in "$@"; do [ -r "$bs_fdir" ] || printf '@noread %s\000' "$bs_fdir"; done
      find "$@" -maxdepth 1 \( -type d -readable -printf 'D %h\000' \) -o \
        \( ! -type d -printf '%h %f %M %Y %l\000' \) 2>/dev/null
    } | if [ "$(printf 'a\000b\000' | awk 'BEGIN { RS = "\0" } END { print NR }' 2>/dev/null)" = 2 ]; then
      awk -v nulrs=1 -v bs_m="$bs_m" "$bs_encawk$bs_fdawk"
    else
      # an awk that cannot split at NUL (BusyBox): a newline inside a link target becomes "?"
      tr '\n\000' '?\n' | awk -v bs_m="$bs_m" "$bs_encawk$bs_fdawk"
    fi
  else
    echo "${bs_m}section proc-fds ok ls -l /proc/PID/fd ($bs_who)"
    {
      echo "@all" /proc/[0-9]*
      [ "$bs_uid" = 0 ] || for bs_fdir in /proc/[0-9]*/fd; do [ -r "$bs_fdir" ] || echo "@noread $bs_fdir"; done
      echo "@type"
      ls -lL /proc/[0-9]*/fd 2>/dev/null
      echo "@link"
      ls -l /proc/[0-9]*/fd 2>/dev/null
    } | awk -v bs_m="$bs_m" "$bs_encawk$bs_fdawk"
  fi
fi
