#!/usr/bin/env bash
# Direct MySQL, HAProxy (TCP mode) and the Tandem proxy, measured side by side in one interleaved run with
# sysbench, against the sandbox. Prints a Markdown table for docs/BENCHMARKS.md.
#
#   ./tandem sandbox &            # in another terminal: primary on 23306, proxy on 6033
#   bench/sysbench-compare.sh     # SECONDS=10 ROUNDS=2 by default
#
# Each round runs every workload against the targets in turn, so machine noise hits all of them alike; the table
# shows the median of the rounds. Tandem's CPU per query comes from /proc of its JVM. A second Tandem proxy with
# read-your-writes off (its own JVM, following the sandbox's ZooKeeper) shows what the default costs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/os-packages" sysbench haproxy
SECS="${SECS:-10}"
ROUNDS="${ROUNDS:-2}"
PRIMARY_PORT="${PRIMARY_PORT:-23306}"
TANDEM_PORT="${TANDEM_PORT:-6033}"
HAPROXY_PORT="${HAPROXY_PORT:-16033}"
RYW_OFF_PORT="${RYW_OFF_PORT:-16034}"
ZK_PORT="${ZK_PORT:-22181}"
work="$(mktemp -d)"
trap 'kill $(cat "$work/haproxy.pid" 2>/dev/null) $ryw_off_pid 2>/dev/null || true; rm -rf "$work"' EXIT
ryw_off_pid=""

tandem_pid="$(pgrep -f 'tandem.jar sandbox' | head -1 || true)"
if [[ -z "$tandem_pid" ]] || ! (exec 3<>"/dev/tcp/127.0.0.1/$TANDEM_PORT") 2>/dev/null; then
  echo "bench: start the sandbox first (./tandem sandbox): no Tandem proxy on port $TANDEM_PORT" >&2
  exit 2
fi

cat > "$work/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h
listen mysql
  bind 127.0.0.1:$HAPROXY_PORT
  server primary 127.0.0.1:$PRIMARY_PORT
CFG
haproxy -D -f "$work/haproxy.cfg" -p "$work/haproxy.pid"

cat > "$work/ryw-off.yaml" <<YAML
cluster: sandbox
zookeeper: {connect: "127.0.0.1:$ZK_PORT"}
seeds: ["127.0.0.1:$PRIMARY_PORT"]
credentials:
  orchestrator: {user: tandem, password: tandem}
proxy:
  port: $RYW_OFF_PORT
  bind: 127.0.0.1
  users: [{user: app, password: app}]
  monitor: {user: tandem, password: tandem}
  routing: {readYourWrites: false}
YAML
"$here/tandem" proxy --config "$work/ryw-off.yaml" > "$work/ryw-off.log" 2>&1 &
ryw_off_pid=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$RYW_OFF_PORT") 2>/dev/null && break
  sleep 0.2
done

mariadb -h127.0.0.1 -P"$PRIMARY_PORT" -uroot -e "CREATE DATABASE IF NOT EXISTS sbtest; GRANT ALL ON sbtest.* TO 'app'@'%'"
common=(--mysql-host=127.0.0.1 --mysql-user=app --mysql-password=app --mysql-db=sbtest --mysql-ssl=off
        --tables=4 --table-size=10000 --rand-type=uniform)
sysbench oltp_read_write "${common[@]}" --mysql-port="$PRIMARY_PORT" cleanup >/dev/null 2>&1 || true
sysbench oltp_read_write "${common[@]}" --mysql-port="$PRIMARY_PORT" prepare >/dev/null

workloads=(
  "point_select 1 oltp_point_select --threads=1 --db-ps-mode=disable"
  "point_select 16 oltp_point_select --threads=16 --db-ps-mode=disable"
  "point_select_ps 16 oltp_point_select --threads=16 --db-ps-mode=auto"
  "read_only 8 oltp_read_only --threads=8 --skip_trx=on --db-ps-mode=disable"
  "read_write 8 oltp_read_write --threads=8 --db-ps-mode=disable"
  "read_write_ps 8 oltp_read_write --threads=8 --db-ps-mode=auto"
  "read_write_autocommit 8 oltp_read_write --threads=8 --skip_trx=on --db-ps-mode=disable"
)
targets=("direct $PRIMARY_PORT" "haproxy $HAPROXY_PORT" "tandem $TANDEM_PORT" "ryw_off $RYW_OFF_PORT")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$tandem_pid/stat"; }
hz="$(getconf CLK_TCK)"

for round in $(seq 1 "$ROUNDS"); do
  for w in "${workloads[@]}"; do
    read -r name threads test args <<<"$w"
    for t in "${targets[@]}"; do
      read -r target port <<<"$t"
      before="$(cpu_ticks)"
      out="$(sysbench "$test" "${common[@]}" --mysql-port="$port" --time="$SECS" --report-interval=0 \
             ${args} run 2>&1)" || { echo "bench: sysbench failed on $target:"; echo "$out"; exit 1; }
      after="$(cpu_ticks)"
      qps="$(sed -n 's/.*queries: *[0-9]* *(\([0-9.]*\) per sec.).*/\1/p' <<<"$out")"
      p95="$(sed -n 's/.*95th percentile: *\([0-9.]*\).*/\1/p' <<<"$out")"
      errors="$(sed -n 's/.*errors: *\([0-9]*\) .*/\1/p' <<<"$out" | head -1)"
      queries="$(sed -n 's/.*queries: *\([0-9]*\) .*/\1/p' <<<"$out" | head -1)"
      echo "$round $name $threads $target $qps $p95 $errors $queries $((after - before))" >> "$work/results"
    done
  done
done

echo "| workload | threads | direct QPS | HAProxy QPS | Tandem QPS | Tandem/direct | Tandem/HAProxy | p95 ms direct / HAProxy / Tandem | Tandem CPU µs/query | Tandem, read-your-writes off: QPS (on/off) | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
python3 - "$work/results" "$hz" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
for line in open(sys.argv[1]):
    r, name, threads, target, qps, p95, errors, queries, ticks = line.split()
    key = (name, threads)
    if key not in order:
        order.append(key)
    rows[key][target].append((float(qps), float(p95), int(errors or 0), int(queries), int(ticks)))
hz = int(sys.argv[2])
for key in order:
    m = {t: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v), sum(x[2] for x in v))
         for t, v in rows[key].items()}
    tandem = rows[key]["tandem"]
    cpu_us = sum(x[4] for x in tandem) / hz * 1e6 / max(1, sum(x[3] for x in tandem))
    errors = sum(v[2] for v in m.values())
    print(f"| {key[0]} | {key[1]} | {m['direct'][0]:.0f} | {m['haproxy'][0]:.0f} | {m['tandem'][0]:.0f} | "
          f"{m['tandem'][0] / m['direct'][0]:.2f} | {m['tandem'][0] / m['haproxy'][0]:.2f} | "
          f"{m['direct'][1]:.2f} / {m['haproxy'][1]:.2f} / {m['tandem'][1]:.2f} | {cpu_us:.0f} | "
          f"{m['ryw_off'][0]:.0f} ({m['tandem'][0] / m['ryw_off'][0]:.2f}) | {errors} |")
PY
echo
echo "Tandem RSS: $(awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$tandem_pid/status") (the whole sandbox JVM: ZooKeeper, discovery and the proxy)"
