#!/usr/bin/env bash
# Detection latency of the lab (issue 7): `keywatch lab --runs 100` with early decision and
# `--runs 10 --aws-exact`, each on a fresh data directory, with the machine described.
# Usage: bench/lab-latency.sh [RUNS_EARLY] [RUNS_EXACT]   (writes bench/results/lab-latency-<time>.txt)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs_early="${1:-100}"
runs_exact="${2:-10}"
out_dir="$root/bench/results"
mkdir -p "$out_dir"
out="$out_dir/lab-latency-$(date -u +%Y%m%dT%H%M%SZ).txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{
  echo "# keywatch lab latency, $(date -u +%FT%TZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  java -version 2>&1 | sed 's/^/java: /'
  echo
  echo "## early decision, $runs_early runs"
  "$root/keywatch" lab --data-dir "$work/early" --runs "$runs_early" 2>/dev/null | grep -E '^(run|[0-9]+ runs)'
  echo
  echo "## AWS-exact, $runs_exact runs"
  "$root/keywatch" lab --data-dir "$work/exact" --runs "$runs_exact" --warmup 1 --aws-exact 2>/dev/null | grep -E '^(run|[0-9]+ runs)'
} | tee "$out"
echo "written: $out" >&2
