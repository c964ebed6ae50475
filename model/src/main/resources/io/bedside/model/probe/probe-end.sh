bs_cpu
bs_clock
read -r bs_stat < /proc/$$/stat
# incremental=1: some processes' fds were not walked (fds=same): this output needs the sample before
echo "${bs_m}end elapsed_ns=$((bs_t - bs_t0))${bs_same:+ incremental=1} stat=${bs_stat##*)}"
