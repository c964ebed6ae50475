# --- Network limits playbook: the local port range, conntrack, listen queue counters
# Bedside probe: network limit sources (issue 13, network limits playbook). The sockets themselves
# (with each listening socket's accept queue and backlog) come from the socket playbook's ss-tcp.
#
# Why not shell builtins for the sysctls: an integer sysctl answers a read at a non-zero offset
# with end-of-file, and dash's `read` takes one byte per read(2), so it sees "3" of "32768 60999".
# /proc/net/netstat reads fine byte by byte but its TcpExt header alone is ~1.7 KB: measured on the
# build machine (dash, kernel 6.18), its two TcpExt lines cost ~4 ms of CPU per sample that way,
# more than the awk that reads them with the sysctls in one go on full samples.
#
# Sections:
#   net-limits      full samples only (light samples carry the last one): one line per file read,
#                   PATH:VALUE (the kernel's own text; ip_local_port_range is "LOW<TAB>HIGH",
#                   ip_local_reserved_ports a list such as "8080,9000-9100" or empty), and of
#                   /proc/net/netstat's TcpExt lines (names, then values) only the two counters
#                   read, as "/proc/net/netstat:TcpExt: ListenOverflows=N ListenDrops=N" (the
#                   whole two lines are ~2.8 KB, 15% of a full sample);
#                   "missing PATH" for a file that is not there (nf_conntrack_* when the module is
#                   not loaded), "unreadable PATH" for one this user may not read.
#                   When nf_conntrack is loaded, "mode OCTAL PATH" of nf_conntrack_max and of
#                   /sys/module/nf_conntrack/parameters/hashsize (one stat): the kernel makes
#                   nf_conntrack_max 0444 outside the initial network namespace (5.12 on), and
#                   hashsize is 0600 (root) where the module lets it be set; the conntrack fix
#                   decides from them whether it can raise the limit and the hash size here.
#                   Detail: "prev=EPOCH_NS:LISTENOVERFLOWS:LISTENDROPS at=EPOCH_NS": the counters of
#                   the last full sample as Bedside passed them back in BS_NET_PREV ("none" before
#                   the first), and when this probe started, for rates between full samples.
#   net-conntrack   every sample: "entries=HEX", the first column of the first CPU's row of
#                   /proc/net/stat/nf_conntrack (the namespace's connection count, the same on
#                   every row), read with builtins (~330 bytes read, one line printed); missing
#                   when nf_conntrack is not loaded; empty when the header does not start with it.
# Cost: one awk (and one stat with nf_conntrack) on full samples; builtins only on light samples.
bs_netprev=${BS_NET_PREV:-none}
case $bs_netprev in none|*[!0-9:]*|'') bs_netprev=none;; esac
if [ "$bs_light" = 1 ]; then
  bs_cpu; echo "${bs_m}section net-limits skipped light sample"
else
  bs_cpu; echo "${bs_m}section net-limits ok prev=$bs_netprev at=$bs_t0"
  bs_nf=
  for bs_p in /proc/sys/net/ipv4/ip_local_port_range /proc/sys/net/ipv4/ip_local_reserved_ports \
      /proc/sys/net/ipv4/tcp_tw_reuse /proc/sys/net/core/somaxconn /proc/sys/net/ipv4/tcp_max_syn_backlog \
      /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_max \
      /proc/sys/net/netfilter/nf_conntrack_buckets /proc/net/netstat; do
    if [ ! -e "$bs_p" ]; then echo "missing $bs_p"
    elif [ ! -r "$bs_p" ]; then echo "unreadable $bs_p"
    else bs_nf="$bs_nf $bs_p"
    fi
  done
  # shellcheck disable=SC2086
  [ -z "$bs_nf" ] || awk 'FILENAME == "/proc/net/netstat" {
      if (substr($0, 1, 7) != "TcpExt:") next
      if (!tcpn) { tcpn = split($0, tcph, " "); next }
      o = ""; for (i = 2; i <= tcpn; i++) if (tcph[i] == "ListenOverflows" || tcph[i] == "ListenDrops") o = o " " tcph[i] "=" $i
      print FILENAME ":TcpExt:" o; next
    }
    { print FILENAME ":" $0 }' $bs_nf 2>/dev/null || echo "${bs_m}status net-limits error awk failed"
  [ ! -e /proc/sys/net/netfilter/nf_conntrack_max ] || stat -L -c 'mode %a %n' /proc/sys/net/netfilter/nf_conntrack_max \
      /sys/module/nf_conntrack/parameters/hashsize 2>/dev/null
fi
if [ -e /proc/net/stat/nf_conntrack ]; then
  bs_cpu; echo "${bs_m}section net-conntrack ok /proc/net/stat/nf_conntrack"
  # entries is the first column on every kernel since 2.6.15; the header says so or the line is left out
  { read -r bs_k bs_l && read -r bs_v bs_l && [ "$bs_k" = entries ] && echo "entries=$bs_v"; } < /proc/net/stat/nf_conntrack 2>/dev/null
else
  bs_cpu; echo "${bs_m}section net-conntrack missing /proc/net/stat/nf_conntrack (nf_conntrack not loaded)"
fi
