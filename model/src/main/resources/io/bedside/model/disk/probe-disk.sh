# --- Disk playbook: mounts and the blocks and inodes of every local file system
# Bedside probe: disk sources (issue 12, disk playbook).
#
# Sections:
#   mountinfo  /proc/self/mountinfo read with builtins (the mount namespace this probe runs in),
#              every line but those of pseudo file systems (below), as the kernel wrote it less its
#              last field (the super block's options, which nothing reads): the kernel escapes space, tab,
#              newline and backslash in mount points and sources as \040 \011 \012 \134, so a
#              line is one mount; other bytes (CR, ESC) come raw and the model escapes them.
#   statfs     one `stat -f` for every local file system that holds data,
#              once per device (major:minor), in mountinfo order. First line "@ids ID...": the
#              mount ids given to stat, in order; then per mount that answered
#                @ BSIZE BLOCKS BFREE BAVAIL FILES FFREE MOUNTPOINT
#              (statfs's f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree; the mount point
#              as stat prints it, raw: it may hold a newline, so the model matches each record to
#              the mount point it expects, in order; one that stat could not read has no record).
#              Not given to stat: pseudo file systems (proc, sysfs, cgroup, ...) and squashfs
#              snaps (always full by design), and network and FUSE file systems (nfs, cifs, 9p,
#              fuse.*, ...): a hung server would hang the sample, so they are reported as skipped.
# Full samples only (every 10 s in a live session; a light one carries both sections): the one
# fork of stat costs 2-6 ms of CPU on a busy 2-core machine, far more than a light sample's budget,
# and 10 s is fine grain for a disk that fills in minutes. Cost: two builtin reads of mountinfo and
# one stat for every mount.
if [ "$bs_light" = 1 ]; then
  bs_cpu; echo "${bs_m}section mountinfo skipped light sample"
  bs_cpu; echo "${bs_m}section statfs skipped light sample"
elif [ ! -r /proc/self/mountinfo ]; then
  bs_cpu; echo "${bs_m}section mountinfo missing /proc/self/mountinfo"
  bs_cpu; echo "${bs_m}section statfs missing /proc/self/mountinfo"
else
  bs_cpu; echo "${bs_m}section mountinfo ok /proc/self/mountinfo (pseudo file systems left out)"
  bs_nl='
'
  bs_tab='	'
  bs_dkids=; bs_dkdev=' '
  set --
  while read -r bs_id bs_par bs_mm bs_root bs_mp bs_rest; do
    bs_fs=${bs_rest#* - }; bs_fs=${bs_fs%% *}
    case $bs_fs in
      proc|sysfs|cgroup|cgroup2|devpts|devtmpfs|mqueue|debugfs|tracefs|securityfs|pstore|bpf|configfs|fusectl) continue;;
      hugetlbfs|autofs|binfmt_misc|nsfs|rpc_pipefs|efivarfs|selinuxfs|squashfs|iso9660|ramfs|rootfs) continue;;
    esac
    printf '%s\n' "$bs_id $bs_par $bs_mm $bs_root $bs_mp ${bs_rest% *}"
    case $bs_fs in
      nfs|nfs4|cifs|smb3|smbfs|9p|ceph|glusterfs|afs|davfs|lustre|gpfs|virtiofs|fuse|fuse.*|fuseblk|sshfs) continue;;
    esac
    case $bs_dkdev in *" $bs_mm "*) continue;; esac
    bs_dkdev="$bs_dkdev$bs_mm "
    bs_p=$bs_mp; bs_d=
    while :; do
      case $bs_p in *\\*) ;; *) break;; esac
      bs_d=$bs_d${bs_p%%\\*}; bs_p=${bs_p#*\\}
      case $bs_p in
        040*) bs_d="$bs_d "; bs_p=${bs_p#???};;
        011*) bs_d="$bs_d$bs_tab"; bs_p=${bs_p#???};;
        012*) bs_d="$bs_d$bs_nl"; bs_p=${bs_p#???};;
        134*) bs_d="$bs_d\\"; bs_p=${bs_p#???};;
        *) bs_d="$bs_d\\";;
      esac
    done
    set -- "$@" "$bs_d$bs_p"
    bs_dkids="$bs_dkids $bs_id"
  done < /proc/self/mountinfo
  if command -v stat >/dev/null 2>&1; then
    bs_cpu; echo "${bs_m}section statfs ok stat -f"
    echo "@ids$bs_dkids"
    [ $# -gt 0 ] && stat -f -c '@ %S %b %f %a %c %d %n' "$@" 2>/dev/null
  else
    bs_cpu; echo "${bs_m}section statfs missing stat"
  fi
  set --
fi
