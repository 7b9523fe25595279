#!/usr/bin/env bash
# What SigV4 verification and policy evaluation cost per KMS Encrypt: Encrypt ops/s and latency
# through keywatch's HTTP endpoint with signed requests (as the account root and as the lab role's
# session), the server's CPU time per request, and each auth component timed in process.
# Writes a Markdown report (default target/auth-cost.md) and prints it.
#
#   bench/auth-cost.sh [seconds-per-run] [client-threads]
#
# Runs the gated harness server/src/test/java/keywatch/server/iam/AuthCostBenchmark.java; needs
# Maven and JDK 17. Each HTTP run has its own warm-up; the whole thing takes about 8 x seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
threads="${2:-4}"
out="${AUTH_COST_OUT:-$PWD/target/auth-cost.md}"
mkdir -p "$(dirname "$out")"
timeout 1800 mvn -q -B -pl server -am test \
  -Dtest=AuthCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbenchmark=true -Dbenchmark.seconds="$seconds" -Dbenchmark.threads="$threads" -Dbenchmark.out="$out" >/dev/null
cat "$out"
