#!/usr/bin/env bash
# Prints the per-trial overhead of executor: spark beside the local executor: the same tabular search
# (examples/spark-macro.yaml: random, 2 trials in flight) run by `nas search` on both, with trials that take
# no time (evaluation_delay_ms 0: pure overhead) and 200 ms, read back from `nas status --json`.
# Run after mvn -B install -DskipTests, from anywhere: spark/overhead.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
db="jdbc:h2:file:$tmp/db"
for delay in 0 200; do
  for executor in local spark; do
    file="$tmp/$executor-$delay.yaml"
    sed "s/name: spark-macro/name: $executor-$delay/; s#\.\./benchmarks#$root/benchmarks#; s/  metric: test_acc_mean/  metric: test_acc_mean\n  evaluation_delay_ms: $delay/" \
      "$root/examples/spark-macro.yaml" > "$file"
    if [ "$delay" != 0 ]; then sed -i 's/trials: 400/trials: 100/' "$file"; fi
    jar="$root/spark/target/nas4j-spark.jar"
    if [ "$executor" = local ]; then sed -i '/^executor:/,$d' "$file"; jar="$root/daemon/target/nas4j.jar"; fi
    start=$(date +%s.%N)
    java -jar "$jar" search --config "$file" --db "$db" --no-web > "$tmp/$executor-$delay.log" 2>&1
    end=$(date +%s.%N)
    java -jar "$root/daemon/target/nas4j.jar" status "$executor-$delay" --json --db "$db" | python3 -c "
import json, sys
s = json.load(sys.stdin); n = s['trials']['completed']; e = s['elapsed_seconds']
print('%-5s trials of %3d ms: %d trials in %.2f s of search = %.1f ms a trial, %.1f trials/s (the whole command %.1f s)'
      % ('$executor', $delay, n, e, 1000 * e / n, n / e, $end - $start))"
  done
done
