#!/usr/bin/env bash
# Issue 5's replay benchmark: keywatch replay (the lab's filter plus the whole rule pack) over a
# CloudTrail corpus of 1M realistic records, beside zcat | jq running the lab's filter alone.
#
#   bench/replay-bench.sh                  # corpus in /tmp/kwc-1m (generated if missing), 3 runs
#   CORPUS=/data/c RECORDS=2000000 RUNS=5 REPORT=/tmp/r.txt bench/replay-bench.sh
#
# Builds the jar if needed (through ./keywatch). Prints a report and writes it to $REPORT
# (default bench/results/replay-<UTC date>.txt). Figures:
#  - wall: elapsed time; meaningless on a busy machine, so also
#  - thread CPU: CPU time of the thread that reads, matches and evaluates, as replay prints it
#    (inflate, record scanning, filters, alarms; not JVM start, JIT compiler or GC threads);
#  - process CPU: user+sys of the whole java process (or of zcat+jq), start-up included.
# One core's rate is records / CPU seconds; on a shared machine that is the honest number.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${CORPUS:-/tmp/kwc-1m}"
records="${RECORDS:-1000000}"
runs="${RUNS:-3}"
stamp="$(date -u +%Y-%m-%dT%H%MZ)"
report="${REPORT:-$root/bench/results/replay-$stamp.txt}"
account=111122223333
lab_arn="arn:aws:iam::$account:role/pattern1-app-Pattern1ECSTaskRole"
jq_filter=".Records[] | select(.errorCode != null and .eventSource == \"kms.amazonaws.com\" and .userIdentity.sessionContext.sessionIssuer.arn == \"$lab_arn\")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$report")"
: >"$report"
say() { printf '%s\n' "$*" | tee -a "$report"; }

command -v jq >/dev/null || { echo "replay-bench: jq is missing (apt-get install -y jq)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "replay-bench: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

"$root/keywatch" replay --help >/dev/null # builds server/target/keywatch.jar if missing or stale
if [[ ! -d "$corpus/AWSLogs" ]]; then
  echo "replay-bench: generating $records records in $corpus" >&2
  "$root/keywatch" replay --generate-corpus "$records" --out "$corpus" >&2
fi
files="$(find "$corpus" -name '*.json.gz' | wc -l)"
gz_bytes="$(find "$corpus" -name '*.json.gz' -printf '%s\n' | awk '{s+=$1} END {print s}')"

say "keywatch replay benchmark, $stamp"
say "commit:   $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' (with local changes)')"
say "machine:  $(nproc) CPUs, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) memory"
say "java:     $(java -version 2>&1 | head -1); $(java -version 2>&1 | sed -n 2p)"
say "jq:       $(jq --version)"
say "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at start"
say "corpus:   $corpus: $files files, $gz_bytes bytes gzip"
say ""

# Runs a command under /usr/bin/time; leaves "elapsed user sys" in $tmp/time and stdout in $tmp/out.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%\047.0f", n / s; else print "-" }'; }

corpus_records=0
lab_rules="$tmp/lab.json"
cp "$root/watch/src/main/resources/rules/lab-pattern1.json" "$lab_rules"

bench_keywatch() { # $1 label, rest: replay arguments
  local label="$1"
  shift
  say "== keywatch replay $label"
  say "   command: keywatch replay --no-series --no-progress $* $corpus"
  for ((i = 1; i <= runs; i++)); do
    timed java ${KEYWATCH_JAVA_OPTS:-} -jar "$root/server/target/keywatch.jar" replay --no-series --no-progress "$@" "$corpus"
    local summary elapsed user sys n
    summary="$(grep '^Summary:' "$tmp/out")"
    read -r elapsed user sys <"$tmp/time"
    n="$(sed -E 's/^Summary: ([0-9,]+) records.*/\1/' <<<"$summary" | tr -d ,)"
    corpus_records="$n"
    say "   run $i: $summary"
    say "          process: wall $elapsed s, CPU $(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}') s (user $user, sys $sys) = $(rate "$n" "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')") records per process CPU second"
  done
  say ""
}

bench_keywatch "lab filter + whole rule pack (6 filters, 6 alarms)"
bench_keywatch "lab filter and alarm only" -r "$lab_rules"
echo '{"metricFilters":[]}' >"$tmp/none.json"
bench_keywatch "no rules: gunzip + record streaming only" -r "$tmp/none.json"

say "== zcat | jq, the lab's filter only"
say "   command: find $corpus -name '*.json.gz' | sort | xargs zcat | jq -c '$jq_filter' | wc -l"
timed bash -c "find '$corpus' -name '*.json.gz' | sort | xargs zcat | jq -c '$jq_filter' | wc -l"
read -r elapsed user sys <"$tmp/time"
cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"
say "   matches: $(tr -d ' ' <"$tmp/out"); wall $elapsed s ($(rate "$corpus_records" "$elapsed") records/s), CPU of zcat + jq $cpu s = $(rate "$corpus_records" "$cpu") records per CPU second (zcat and jq run on two cores at once)"
say ""
say "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
echo "report written to $report" >&2
