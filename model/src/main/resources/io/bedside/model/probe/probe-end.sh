# the clock first, so the last mark counts its fork too (only the first date is not charged)
bs_clock
bs_cpu
read -r bs_stat < /proc/$$/stat
# incremental=1: some processes' fds were not walked (fds=same), some of their fields were taken from
# the sample before (procs-mem "\="), or some threads were (proc-threads "same"): this output needs
# the sample before
bs_same=$bs_same$bs_procinc$bs_thrinc
echo "${bs_m}end elapsed_ns=$((bs_t - bs_t0))${bs_same:+ incremental=1} stat=${bs_stat##*)}"
