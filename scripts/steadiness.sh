#!/usr/bin/env bash
# Steadiness: `npm test` (typecheck + eslint + vitest) three times in a row while two CPU-bound
# processes run beside it, as on a 2-core machine shared with other work. Prints each run's result,
# wall time and the CPU seconds it used; exits non-zero if any run fails.
#   npm run test:steady            (RUNS=3 and BURNERS=2 by default)
#   RUNS=1 BURNERS=0 npm run test:steady   (one quiet run)
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
burners=${BURNERS:-2}
# The command each run runs (a stand-in such as `false` checks this script itself).
cmd=${STEADY_CMD:-npm test}
logs=$(mktemp -d)

pids=()
stop_burners() {
  # Only the processes this script started, by their id.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  pids=()
}
trap 'stop_burners' EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 "$burners"); do
  node -e 'for (;;) {}' &
  pids+=("$!")
done
echo "steadiness: $runs runs of $cmd beside $burners CPU-bound processes (logs in $logs)"

failed=0
for i in $(seq 1 "$runs"); do
  log="$logs/run-$i.log"
  start=$(date +%s.%N)
  # bash's `times` after the run: CPU seconds of finished children (npm, tsc, eslint, vitest and its workers).
  times >"$logs/times"; before=$(tail -1 "$logs/times")
  $cmd >"$log" 2>&1
  status=$?
  times >"$logs/times"; after=$(tail -1 "$logs/times")
  wall=$(node -e "console.log(Date.now() / 1000 - Number(process.argv[1]))" "$start")
  cpu=$(node -e '
    const s = (t) => t.trim().split(/\s+/).map((x) => { const m = /(\d+)m([\d.]+)s/.exec(x); return m ? Number(m[1]) * 60 + Number(m[2]) : 0; }).reduce((a, b) => a + b, 0);
    console.log((s(process.argv[2]) - s(process.argv[1])).toFixed(1));
  ' "$before" "$after")
  summary=$(sed -E 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests +' | tail -1 | sed -E 's/^ +//')
  if [ $status -eq 0 ]; then result=passed; else result="FAILED (exit $status)"; failed=$((failed + 1)); fi
  printf 'run %d: %s in %.1f s wall, %s s CPU (user+sys) — %s\n' "$i" "$result" "$wall" "$cpu" "${summary:-no vitest summary}"
  if [ $status -ne 0 ]; then
    echo "  last lines of $log:"
    grep -E 'FAIL|Error|✗|×' "$log" | head -20 | sed 's/^/    /'
  fi
done

stop_burners
if [ $failed -gt 0 ]; then
  echo "steadiness: $failed of $runs runs failed"
  exit 1
fi
echo "steadiness: all $runs runs passed"
