#!/bin/sh
# Times a command RUNS times (issue 17): wall and CPU (user + sys) of each run, then the best and the median of each,
# and the 1-minute load average before the first and after the last run (the machine is shared: say how busy it was).
#   benchmarks/scripts/cold-start.sh 5 java -jar samples/cli/target/ketamine-cds.jar evaluate --as-of 2026-03-01T08:50:00Z samples/cli/examples/eligible-trd.json
runs=$1
shift
times=$(mktemp)
before=$(cut -d' ' -f1 /proc/loadavg)
i=0
while [ "$i" -lt "$runs" ]; do
  /usr/bin/time -a -o "$times" -f "%e %U %S" "$@" > /dev/null || exit 1
  i=$((i + 1))
done
after=$(cut -d' ' -f1 /proc/loadavg)
awk -v before="$before" -v after="$after" '
  { wall[NR] = $1; cpu[NR] = $2 + $3 }
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    for (i = 1; i <= NR; i++) printf "run %d: wall %.2f s, cpu %.2f s\n", i, wall[i], cpu[i]
    n = NR; mw = median(wall, n); mc = median(cpu, n)
    printf "wall best %.2f s, median %.2f s; cpu best %.2f s, median %.2f s; load average %s -> %s\n", wall[1], mw, cpu[1], mc, before, after
  }' "$times"
rm -f "$times"
