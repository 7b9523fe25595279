#!/usr/bin/env bash
# The trail's cost on KMS Encrypt: SDK Encrypts over HTTP against one in-process keywatch server,
# trail on (durable, group commit) and off (--unsafe-no-trail), ops/s and latency percentiles.
# Options as system properties: THREADS (32), OPS (1500 per thread), WARMUP (300 per thread), ROUNDS (2).
# Usage: bench/trail-bench.sh    (from the repository root; results in docs/trail.md, "Measured")
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl server -am test -Dtest=EncryptTrailBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbenchmark=true -Dbenchmark.threads="${THREADS:-32}" -Dbenchmark.opsPerThread="${OPS:-1500}" \
  -Dbenchmark.warmupPerThread="${WARMUP:-300}" -Dbenchmark.rounds="${ROUNDS:-2}" \
  -Dsurefire.reportFormat=plain -DtrimStackTrace=true 2>&1 | grep -E 'Encrypt benchmark|round [0-9]+ trail|FAIL|ERROR' || true
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "trail disk: $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2{print $2" on "$1}')"
