#!/usr/bin/env bash
# MHA failover timing, for comparison in docs/BENCHMARKS.md: MHA 0.58 (Debian's mha4mysql-manager/-node) failing
# over the same sandbox Tandem is measured on (MySQL 8.0.31, GTID, async replication, primary + 2 replicas on
# 127.0.0.1). Each run starts a fresh sandbox without Tandem's orchestrator, starts masterha_manager, runs a writer
# that tries one autocommit INSERT on every server every ~20 ms, kill -9s the primary's mysqld and prints the time
# from the kill to the first INSERT any surviving server accepted (the new primary), and how many acknowledged
# rows the new primary does not have. Then the median.
#
#   RUNS=3 bench/mha-failover.sh                  # RUNS=3 by default
#   TANDEM_JAR=/tmp/copy/tandem.jar BENCH_DIR=/tmp/mha-bench RUNS=3 bench/mha-failover.sh
#
# One-time setup it assumes (as root, Debian 12):
#   apt-get install -y mha4mysql-manager mha4mysql-node openssh-server mariadb-client libdbd-mysql-perl
#   ssh-keygen -t ed25519 -N '' -f ~/.ssh/id_ed25519; cat ~/.ssh/id_ed25519.pub >> ~/.ssh/authorized_keys
#   printf '%s\n' 'Port 2222' 'ListenAddress 127.0.0.1' 'PermitRootLogin prohibit-password' \
#       'PasswordAuthentication no' 'UsePAM no' 'PidFile /tmp/mha-sshd.pid' > /tmp/mha-sshd_config
#   mkdir -p /run/sshd; ssh-keygen -A; /usr/sbin/sshd -f /tmp/mha-sshd_config   # stop: kill $(cat /tmp/mha-sshd.pid)
#   printf 'Host 127.0.0.1\n  StrictHostKeyChecking no\n' >> ~/.ssh/config
#
# Notes on MHA 0.58 here:
# - MHA's manager scripts are run as `perl -X`: with Perl >= 5.22 its parse_mysql_major_version("8.0.31") raises a
#   fatal "Redundant argument in sprintf" (MHA uses FATAL warnings) and masterha_check_repl/masterha_manager abort.
#   -X switches warnings off; MHA's code is not changed.
# - Its accounts are created WITH mysql_native_password (DBD::mysql on libmariadb, and replicas re-pointed without
#   TLS, would fail on caching_sha2_password).
# - With GTIDs and no [binlogN] server MHA does not fetch the dead primary's binlog (no mysqlbinlog is needed), so
#   rows the primary acknowledged but no replica had received are lost.
# - ping_interval=1 is the least MHA accepts; it needs 4 failed connects before it declares the master dead.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-3}"
TANDEM_JAR="${TANDEM_JAR:-$here/app/target/tandem.jar}"
dir="${BENCH_DIR:-/tmp/mha-bench}"
WRITER_SECONDS="${WRITER_SECONDS:-30}"   # writer runtime; the kill happens 5 s in
ports=(46306 46307 46308)
sandbox_args=(sandbox --no-orchestrator --base-port 46306 --zk-port 46181 --proxy-port 46033 --metrics-port 46104)

sql() { mariadb -h 127.0.0.1 -P "$1" -u root -N -B -e "$2"; }

sandbox_pid=""
manager_pid=""
stop_sandbox() {
  if [[ -n "$manager_pid" ]] && kill -0 "$manager_pid" 2>/dev/null; then kill "$manager_pid" || true; fi
  manager_pid=""
  [[ -n "$sandbox_pid" ]] || return 0
  kill -TERM "$sandbox_pid" 2>/dev/null || true
  for _ in $(seq 60); do grep -q 'sandbox: stopped' "$dir/sandbox.log" && break; sleep 1; done
  sandbox_pid=""
  if pgrep -f "mysqld .*--datadir=$dir/sandbox/" > /dev/null; then
    echo "warning: a mysqld of $dir/sandbox is still running: $(pgrep -f "mysqld .*--datadir=$dir/sandbox/" | xargs)" >&2
  fi
}
trap stop_sandbox EXIT

start_sandbox() {
  rm -rf "$dir/sandbox" "$dir/mha-work" "$dir/mha-remote"
  mkdir -p "$dir/mha-work" "$dir/mha-remote"
  (cd "$dir" && exec setsid java -jar "$TANDEM_JAR" "${sandbox_args[@]}" --dir "$dir/sandbox") > "$dir/sandbox.log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 120); do grep -q 'Tandem sandbox is up' "$dir/sandbox.log" && return 0; sleep 1; done
  echo "sandbox did not come up; see $dir/sandbox.log" >&2
  return 1
}

setup_accounts() {
  sql "${ports[0]}" "
    CREATE USER 'mha'@'%' IDENTIFIED WITH mysql_native_password BY 'mha';
    GRANT ALL PRIVILEGES ON *.* TO 'mha'@'%' WITH GRANT OPTION;
    CREATE USER 'mharepl'@'%' IDENTIFIED WITH mysql_native_password BY 'mharepl';
    GRANT REPLICATION SLAVE ON *.* TO 'mharepl'@'%';
    CREATE USER 'bench'@'%' IDENTIFIED WITH mysql_native_password BY 'bench';
    GRANT INSERT, SELECT ON bench.* TO 'bench'@'%';
    CREATE DATABASE bench;
    CREATE TABLE bench.t (id BIGINT PRIMARY KEY, port INT, ts TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6));"
  local gtids
  gtids="$(sql "${ports[0]}" 'SELECT @@gtid_executed')"
  for p in "${ports[@]:1}"; do
    sql "$p" "SELECT WAIT_FOR_EXECUTED_GTID_SET('$gtids', 30)" > /dev/null
  done
}

run_once() {
  local run=$1 cnf="$dir/app.cnf" out="$dir/run-$run"
  mkdir -p "$out"
  start_sandbox
  setup_accounts
  sed "s#@DIR@#$dir#g" "$here/bench/mha/app.cnf.in" > "$cnf"
  perl -X /usr/bin/masterha_check_repl --conf="$cnf" > "$out/check_repl.log" 2>&1 || {
    echo "run $run: masterha_check_repl failed:" >&2; tail -20 "$out/check_repl.log" >&2; return 1; }

  perl -X /usr/bin/masterha_manager --conf="$cnf" --ignore_last_failover > "$out/manager.out" 2>&1 &
  manager_pid=$!
  for _ in $(seq 60); do
    grep -q "waiting until MySQL doesn't respond" "$dir/mha-work/manager.log" 2>/dev/null && break; sleep 0.5
  done
  grep -q "waiting until MySQL doesn't respond" "$dir/mha-work/manager.log" || {
    echo "run $run: masterha_manager did not start monitoring" >&2; tail -20 "$dir/mha-work/manager.log" >&2; return 1; }

  perl "$here/bench/mha/writer.pl" --seconds "$WRITER_SECONDS" "${ports[@]}" > "$out/writes.txt" &
  local writer_pid=$!
  sleep 5
  local victim t0
  victim="$(cat "$dir/sandbox/server-1/server.pid")"
  t0="$(date +%s.%N)"
  kill -9 "$victim"
  wait "$writer_pid"
  for _ in $(seq 60); do kill -0 "$manager_pid" 2>/dev/null || break; sleep 1; done
  wait "$manager_pid" || true
  manager_pid=""
  cp "$dir/mha-work/manager.log" "$out/manager.log"

  local first new_port ms acked lost
  first="$(awk -v t0="$t0" '$1 > t0 { print; exit }' "$out/writes.txt")"
  if [[ -z "$first" ]]; then
    echo "run $run: no INSERT accepted after the kill within ${WRITER_SECONDS}s; see $out/manager.log" >&2
    return 1
  fi
  new_port="$(awk '{ print $2 }' <<< "$first")"
  ms="$(awk -v t0="$t0" '{ printf "%d", ($1 - t0) * 1000 }' <<< "$first")"
  awk '{ print $3 }' "$out/writes.txt" | sort -u > "$out/acked.txt"
  sql "$new_port" 'SELECT id FROM bench.t' | sort -u > "$out/present.txt"
  acked="$(wc -l < "$out/acked.txt")"
  lost="$(comm -23 "$out/acked.txt" "$out/present.txt" | wc -l)"
  echo "run $run: ${ms} ms to the first INSERT accepted (new primary 127.0.0.1:$new_port);" \
       "$acked acknowledged, $lost lost; MHA: $(grep -o 'Master failover to .* completed successfully' \
       "$out/manager.log" | head -1 || echo 'no success line')"
  echo "$ms" >> "$dir/figures"
  stop_sandbox
}

mkdir -p "$dir"
rm -f "$dir/figures"
for run in $(seq 1 "$RUNS"); do
  run_once "$run"   # a failed step stops the script (set -e); the logs stay in $dir
done
if [[ -s "$dir/figures" ]]; then
  sort -n "$dir/figures" | awk '{ a[NR] = $1 } END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "median of %d run(s): %d ms\n", NR, m }'
fi
