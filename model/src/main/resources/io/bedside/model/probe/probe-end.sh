bs_clock
read -r bs_cpu < /proc/$$/stat
echo "${bs_m}end elapsed_ns=$((bs_t - bs_t0)) stat=${bs_cpu##*)}"
