# the clock first, so the last mark counts its fork too (only the first date is not charged)
bs_clock
bs_cpu
read -r bs_stat < /proc/$$/stat
# incremental=1: some processes' fds were not walked (fds=same): this output needs the sample before
echo "${bs_m}end elapsed_ns=$((bs_t - bs_t0))${bs_same:+ incremental=1} stat=${bs_stat##*)}"
