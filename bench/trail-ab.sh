#!/usr/bin/env bash
# trail-ab.sh: the trail's cost on Encrypt, as interleaved pairs of runs with the trail off and on.
#
#   bench/trail-ab.sh              # 4 pairs: off, on, off, on, ... each on a fresh server
#
# On a VM the same run can vary by 20% from one server start to the next (JIT decisions, the
# host); alternating off and on and reading the pairs side by side shows the trail's cost through
# that noise better than one run of each. Per run: a fresh `keywatch serve` (embedded H2, temp data
# directory; `--unsafe-no-trail` for "off"), one symmetric key, WARMUP_ROUNDS wrk runs of 8 s thrown
# away, then DURATION seconds measured with wrk (CONNECTIONS keep-alive connections, SigV4-signed
# Encrypt of 100 bytes, as bench/kms-bench.sh). Reports ops/s, p50/p99, the server's CPU per call,
# its context switches per call and, with the trail on, the journal's records per fsync.
#
# Settings (environment): PAIRS (4), DURATION (30), WARMUP_ROUNDS (6), CONNECTIONS (32),
# KEYWATCH_JAR (server/target/keywatch.jar, built if missing), OUT (bench/results/trail-ab-<time>.md).
set -euo pipefail

PAIRS=${PAIRS:-4}
DURATION=${DURATION:-30}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-6}
CONNECTIONS=${CONNECTIONS:-32}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${KEYWATCH_JAR:-"$ROOT/server/target/keywatch.jar"}
OUT=${OUT:-"$ROOT/bench/results/trail-ab-$(date -u +%Y%m%dT%H%M).md"}

log() { printf '[trail-ab] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
command -v wrk >/dev/null || die "wrk is not installed (bench/kms-bench.sh installs it, or: apt-get install -y wrk)"
/usr/bin/python3 -c 'import botocore' 2>/dev/null || die "needs Debian's python3-boto3 (scripts/setup.sh)"
if [ ! -f "$JAR" ]; then
  log "building $JAR"
  (cd "$ROOT" && mvn -q -B -DskipTests package) || die "build failed"
fi

WORK=
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    timeout 120 tail --pid="$SERVER_PID" -f /dev/null 2>/dev/null || kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
cleanup() { stop_server; [ -n "$WORK" ] && rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

# one_run <off|on>: prints "ops p50 p99 cpu_us ctx_per_call records_per_fsync"
one_run() {
  trap cleanup EXIT # this runs in a subshell: it stops its own server however it ends
  local mode=$1 args=""
  [ "$mode" = off ] && args=--unsafe-no-trail
  WORK=$(mktemp -d -t keywatch-trail-ab.XXXXXX)
  export KEYWATCH_ADMIN_ACCESS_KEY_ID="AKIAAB$(head -c 7 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
  export KEYWATCH_ADMIN_SECRET_ACCESS_KEY="$(head -c 30 /dev/urandom | base64 -w0)"
  # shellcheck disable=SC2086
  java -jar "$JAR" serve --port 0 --port-file "$WORK/port" --data-dir "$WORK/data" $args >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  timeout 60 bash -c "until [ -s '$WORK/port' ] || ! kill -0 $SERVER_PID 2>/dev/null; do sleep 0.1; done" \
    || die "server did not start"
  local url="http://127.0.0.1:$(cat "$WORK/port")"
  local key body signed
  key=$(curl -sS --fail-with-body -X POST "$url/" --aws-sigv4 "aws:amz:us-east-1:kms" \
      --user "$KEYWATCH_ADMIN_ACCESS_KEY_ID:$KEYWATCH_ADMIN_SECRET_ACCESS_KEY" \
      -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: TrentService.CreateKey' --data-binary '{}' \
    | sed -n 's/.*"KeyId":"\([^"]*\)".*/\1/p')
  [ -n "$key" ] || die "CreateKey failed"
  body="{\"KeyId\":\"$key\",\"Plaintext\":\"$(head -c 100 /dev/urandom | base64 -w0)\"}"
  signed=$(/usr/bin/python3 - "$url" "$body" <<'PY'
import os, sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
req = AWSRequest(method="POST", url=sys.argv[1] + "/", data=sys.argv[2].encode(),
                 headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.Encrypt"})
SigV4Auth(Credentials(os.environ["KEYWATCH_ADMIN_ACCESS_KEY_ID"], os.environ["KEYWATCH_ADMIN_SECRET_ACCESS_KEY"]),
          "kms", "us-east-1").add_auth(req)
print(req.headers["X-Amz-Date"] + "\t" + req.headers["Authorization"])
PY
  )
  export KW_TARGET=TrentService.Encrypt KW_BODY="$body" KW_DATE="${signed%%$'\t'*}" KW_AUTH="${signed#*$'\t'}"
  for _ in $(seq "$WARMUP_ROUNDS"); do
    wrk -t1 -c"$CONNECTIONS" -d8s -s "$ROOT/bench/kms-request.lua" "$url" >/dev/null
  done
  local ctx0 cpu0 ctx1 cpu1
  ctx0=$(cat /proc/"$SERVER_PID"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}')
  cpu0=$(awk '{print $14 + $15}' /proc/"$SERVER_PID"/stat)
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/kms-request.lua" "$url" >"$WORK/wrk.txt"
  ctx1=$(cat /proc/"$SERVER_PID"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}')
  cpu1=$(awk '{print $14 + $15}' /proc/"$SERVER_PID"/stat)
  stop_server
  local n ops p50 p99 batch
  n=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
  ops=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$WORK/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
  [ "$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt")" = "" ] || die "some requests failed: $(cat "$WORK/wrk.txt")"
  # "journal closing: N records made durable by M fsyncs since open (mean fsync X µs)"
  batch=$(sed -n 's/.*journal closing: \([0-9]*\) records made durable by \([0-9]*\) fsyncs.*mean fsync \([0-9]*\).*/\1 \2 \3/p' \
    "$WORK/server.log" | awk '{ if ($2 > 0) printf "%.1f records per fsync, mean fsync %d µs", $1 / $2, $3; else print "-" }')
  awk -v n="$n" -v c=$((cpu1 - cpu0)) -v x=$((ctx1 - ctx0)) -v hz="$(getconf CLK_TCK)" \
    -v ops="$ops" -v p50="$p50" -v p99="$p99" -v b="${batch:--}" \
    'BEGIN {printf "%s|%s|%s|%.0f|%.2f|%s\n", ops, p50, p99, 1e6 * c / hz / n, x / n, b}'
  rm -rf "$WORK"
  WORK=
}

rows=()
for pair in $(seq "$PAIRS"); do
  off=$(one_run off); log "pair $pair off: $off"
  on=$(one_run on); log "pair $pair on:  $on"
  ratio=$(awk -v a="${on%%|*}" -v b="${off%%|*}" 'BEGIN {printf "%.0f%%", 100 * a / b}')
  rows+=("| $pair | off | ${off//|/ | } |" "| $pair | on | ${on//|/ | } |" "| $pair | on / off | $ratio | | | | | |")
done

mkdir -p "$(dirname "$OUT")"
{
  echo "# Trail on vs off, Encrypt, $(date -u '+%F %H:%M') UTC"
  echo
  echo "Command: \`bench/trail-ab.sh\` at commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "$PAIRS pairs, each run a fresh server: $WARMUP_ROUNDS × 8 s warmup, then ${DURATION} s measured; wrk, $CONNECTIONS connections."
  echo "Machine: $(nproc) × $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr), load generator on the same CPUs."
  echo
  echo "| pair | trail | ops/s | p50 | p99 | server CPU µs/call | context switches/call | journal |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} >"$OUT"
cat "$OUT"
log "report written to $OUT"
