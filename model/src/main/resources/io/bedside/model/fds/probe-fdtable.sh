# --- File descriptors (fds playbook): the system's open-file table and the ceiling of a process's limit
# Section fs-file, in every sample (light ones too):
#   file-nr=ALLOCATED FREE MAX   /proc/sys/fs/file-nr (FREE is always 0 since kernel 2.6)
#   file-max=N                   /proc/sys/fs/file-max (full samples, or wherever read is free)
#   nr_open=N                    /proc/sys/fs/nr_open: the highest RLIMIT_NOFILE a process may get
# Cost: builtins only where the shell's `read` takes a block (bash, ksh, zsh). dash's and busybox's
# `read` take one byte at a time, and the kernel answers a read of an integer sysctl at a non-zero
# offset with end-of-file, so they see "4" of "478 0 2466248": three fields or nothing is believed.
# Such a shell reads the three files with one grep in a full sample; a light sample leaves the
# section skipped (the last full sample's reading is carried), rather than fork.
bs_fa=; bs_fb=; bs_fc=
{ read -r bs_fa bs_fb bs_fc < /proc/sys/fs/file-nr; } 2>/dev/null
case "$bs_fa:$bs_fb:$bs_fc" in
  *[!0-9:]*|:*|*::*|*:) bs_fr=0;;
  *) bs_fr=1;;
esac
if [ ! -e /proc/sys/fs/file-nr ]; then
  bs_cpu; echo "${bs_m}section fs-file missing /proc/sys/fs/file-nr"
elif [ "$bs_fr" = 1 ]; then
  bs_cpu; echo "${bs_m}section fs-file ok read"
  echo "file-nr=$bs_fa $bs_fb $bs_fc"
  bs_fa=; { read -r bs_fa < /proc/sys/fs/file-max; } 2>/dev/null
  case $bs_fa in ''|*[!0-9]*) ;; *) echo "file-max=$bs_fa";; esac
  bs_fa=; { read -r bs_fa < /proc/sys/fs/nr_open; } 2>/dev/null
  case $bs_fa in ''|*[!0-9]*) ;; *) echo "nr_open=$bs_fa";; esac
elif [ "$bs_light" = 1 ]; then
  bs_cpu; echo "${bs_m}section fs-file skipped this shell's read takes a byte at a time"
else
  bs_o=$(cd /proc/sys/fs 2>/dev/null && grep -H . file-nr file-max nr_open 2>/dev/null)
  case $bs_o in
    *file-nr:*) bs_cpu; echo "${bs_m}section fs-file ok grep"
      bs_ifs=$IFS
      IFS='
'
      for bs_l in $bs_o; do
        IFS=$bs_ifs
        set -f; set -- ${bs_l#*:}; set +f
        echo "${bs_l%%:*}=$*"
      done
      IFS=$bs_ifs;;
    *) bs_cpu; echo "${bs_m}section fs-file unreadable /proc/sys/fs/file-nr";;
  esac
fi
