#!/usr/bin/env bash
# Failover timing: runs FailoverIT (kill -9 of the primary under a load of acknowledged autocommit inserts through
# the proxy, a fresh sandbox each time) RUNS times and prints, per run, the time from the kill to the first write
# the proxy accepted, the writes acknowledged and lost, the test's verdict and the journal's timeline of the
# detection and recovery (ms after the kill); then the median. For
# docs/BENCHMARKS.md.
#
#   bench/failover-timing.sh                      # RUNS=5 by default
#   RUNS=5 bench/failover-timing.sh -Dtandem.it.basePort=32306 -Dtandem.it.zkPort=32181
#
# Extra arguments go to Maven (moved sandbox ports, for instance). The modules are built once (reactor, offline);
# each run then starts its own sandbox, ZooKeeper, proxy and orchestrator.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"

mvn_it=(./mvnw -B -o -pl it -am verify -Dit.test=FailoverIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
        -Dfailsafe.failIfNoSpecifiedTests=false "$@")

for run in $(seq 1 "$RUNS"); do
  log="$work/run-$run.log"
  verdict=passed
  "${mvn_it[@]}" > "$log" 2>&1 || verdict=failed
  ms="$(sed -n 's/^FailoverIT: kill -9 of the primary to the first write accepted through the proxy: \([0-9]*\) ms$/\1/p' "$log" | tail -1)"
  writes="$(sed -n 's/^FailoverIT: \([0-9]*\) acknowledged writes, \([0-9]*\) lost$/\1 acknowledged, \2 lost/p' "$log" | tail -1)"
  if [[ -z "$ms" ]]; then
    echo "run $run: no timing line (test $verdict); last lines of its log:" >&2
    tail -30 "$log" >&2
    cp "$log" "${TMPDIR:-/tmp}/failover-timing-run-$run.log"
    continue
  fi
  echo "run $run: ${ms} ms (${writes:-writes not reported}; test $verdict)"
  # the recovery's timeline from the journal, ms after the kill (first words of each entry)
  sed -n 's/^FailoverIT: \(+[0-9]* ms [A-Z_]*\).*$/    \1/p' "$log"
  echo "$ms" >> "$work/figures"
  [[ "$verdict" == passed ]] || cp "$log" "${TMPDIR:-/tmp}/failover-timing-run-$run.log"
done

[[ -s "$work/figures" ]] || { echo "bench: no run produced a figure" >&2; exit 1; }
sort -n "$work/figures" | awk '{ v[NR] = $1 } END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "median of %d runs: %d ms (min %d, max %d)\n", NR, m, v[1], v[NR] }'
