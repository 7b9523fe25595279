#!/usr/bin/env bash
# kms-bench.sh: throughput and latency of keywatch's Encrypt and Decrypt against its own floor.
#
#   bench/kms-bench.sh            # build if needed, run, print the report, write bench/results/kms-<date>.md
#
# What it does:
#   1. builds server/target/keywatch.jar if it is missing or older than any source file;
#   2. starts `keywatch serve --port 0 --port-file ... --data-dir <temp>` (embedded H2, fresh root key);
#   3. creates a symmetric key and one ciphertext of a 100-byte plaintext;
#   4. with wrk over HTTP/1.1 keep-alive, CONNECTIONS concurrent connections, for each of
#      Encrypt (100-byte plaintext), Decrypt (that ciphertext) and GET /health (the floor):
#      warmup runs of WARMUP seconds, thrown away, until two in a row agree within 10% on ops/s
#      (the JIT has settled; at most WARMUP_MAX_ROUNDS), then a DURATION-second measured run;
#   5. reports ops/s, p50 and p99 latency, non-2xx responses and socket errors for each, CPU per
#      request (server, wrk) and how much of the machine other processes used meanwhile, and
#      Encrypt's share of the floor; checks the targets from issue 2.
#
# Exit status: 0 when every request got a 2xx (whether or not the targets were met; the report
# says), 3 when any request failed, 1 on any other error.
#
# The load generator runs on the same machine as the server and competes with it for the CPUs;
# that is the configuration the targets are stated for.
#
# Settings (environment): DURATION (s, 30), WARMUP (s per warmup round, 5), WARMUP_MAX_ROUNDS (10),
# CONNECTIONS (32), WRK_THREADS (1), JAVA_OPTS (extra JVM flags for the server),
# KEYWATCH_JAR (a jar to run instead of building server/target/keywatch.jar),
# OUT (report path, bench/results/kms-<UTC date>.md).
set -euo pipefail

DURATION=${DURATION:-30}
WARMUP=${WARMUP:-5}
WARMUP_MAX_ROUNDS=${WARMUP_MAX_ROUNDS:-10}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}
JAVA_OPTS=${JAVA_OPTS:-}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
JAR=${KEYWATCH_JAR:-"$ROOT/server/target/keywatch.jar"}
OUT=${OUT:-"$BENCH/results/kms-$(date -u +%F).md"}
# Targets from issue 2.
TARGET_ENCRYPT_OPS=10000
TARGET_ENCRYPT_P99_MS=10
TARGET_FLOOR_PERCENT=50

log() { printf '[kms-bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- prerequisites

command -v java >/dev/null || die "java is not installed"
command -v curl >/dev/null || die "curl is not installed"
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian"
  if [ "$(id -u)" -eq 0 ]; then
    timeout 300 apt-get install -y wrk >/dev/null || { timeout 300 apt-get update >/dev/null && timeout 300 apt-get install -y wrk >/dev/null; }
  else
    timeout 300 sudo apt-get install -y wrk >/dev/null
  fi
  command -v wrk >/dev/null || die "could not install wrk (apt-get install -y wrk)"
fi

if [ -n "${KEYWATCH_JAR:-}" ]; then
  [ -f "$JAR" ] || die "KEYWATCH_JAR=$JAR does not exist"
elif [ ! -f "$JAR" ] || [ -n "$(find "$ROOT" -path "$ROOT/bench" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$JAR" -print -quit)" ]; then
  log "building $JAR"
  (cd "$ROOT" && timeout 900 mvn -q -B -DskipTests package) || die "build failed"
fi

# --- the server

WORK=$(mktemp -d -t keywatch-bench.XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    timeout 20 tail --pid="$SERVER_PID" -f /dev/null 2>/dev/null || kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck disable=SC2086
# SERVER_ARGS adds serve options, e.g. SERVER_ARGS=--unsafe-no-trail to measure without the trail.
# Every request is SigV4-signed, as keywatch requires: the server starts with an admin key we choose.
export KEYWATCH_ADMIN_ACCESS_KEY_ID="AKIABENCH$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
export KEYWATCH_ADMIN_SECRET_ACCESS_KEY="$(head -c 30 /dev/urandom | base64 -w0)"
java $JAVA_OPTS -jar "$JAR" serve --port 0 --port-file "$WORK/port" --data-dir "$WORK/data" ${SERVER_ARGS:-} >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
timeout 60 bash -c "until [ -s '$WORK/port' ] || ! kill -0 $SERVER_PID 2>/dev/null; do sleep 0.1; done" \
  || die "server did not write its port within 60 s"
kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "server exited"; }
PORT=$(cat "$WORK/port")
URL="http://127.0.0.1:$PORT"
log "server pid $SERVER_PID on $URL"

kms() { # kms <Operation> <json body>  -> response body; fails unless HTTP 200 (curl signs with SigV4)
  curl -sS --fail-with-body -m 30 -X POST "$URL/" \
    --aws-sigv4 "aws:amz:us-east-1:kms" --user "$KEYWATCH_ADMIN_ACCESS_KEY_ID:$KEYWATCH_ADMIN_SECRET_ACCESS_KEY" \
    -H 'Content-Type: application/x-amz-json-1.1' -H "X-Amz-Target: TrentService.$1" \
    --data-binary "$2"
}
# sign <target> <body>: exports KW_DATE and KW_AUTH, a SigV4 signature of that exact request made
# now with botocore (Debian's python3-boto3). wrk replays it; AWS, and keywatch, accept a signature
# for 5 minutes, so every wrk run signs afresh.
sign() {
  local out
  out=$(/usr/bin/python3 - "$URL" "$1" "$2" <<'PY'
import sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
import os
url, target, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = AWSRequest(method="POST", url=url + "/", data=body.encode(),
                 headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target})
SigV4Auth(Credentials(os.environ["KEYWATCH_ADMIN_ACCESS_KEY_ID"], os.environ["KEYWATCH_ADMIN_SECRET_ACCESS_KEY"]),
          "kms", "us-east-1").add_auth(req)
print(req.headers["X-Amz-Date"] + "\t" + req.headers["Authorization"])
PY
  ) || die "could not sign the benchmark request (needs Debian's python3-boto3)"
  export KW_DATE="${out%%$'\t'*}" KW_AUTH="${out#*$'\t'}"
}
json_field() { # json_field <name>  (stdin: a flat JSON object with string values)
  sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"
}

KEY_ID=$(kms CreateKey '{"Description":"kms-bench"}' | sed -n 's/.*"KeyId":"\([^"]*\)".*/\1/p')
[ -n "$KEY_ID" ] || die "CreateKey returned no KeyId"
PLAINTEXT_B64=$(head -c 100 /dev/urandom | base64 -w0)
ENCRYPT_BODY="{\"KeyId\":\"$KEY_ID\",\"Plaintext\":\"$PLAINTEXT_B64\"}"
CIPHERTEXT=$(kms Encrypt "$ENCRYPT_BODY" | json_field CiphertextBlob)
[ -n "$CIPHERTEXT" ] || die "Encrypt returned no CiphertextBlob"
DECRYPT_BODY="{\"CiphertextBlob\":\"$CIPHERTEXT\"}"
[ "$(kms Decrypt "$DECRYPT_BODY" | json_field Plaintext)" = "$PLAINTEXT_B64" ] || die "Decrypt did not return the plaintext"
log "key $KEY_ID; plaintext 100 bytes; ciphertext $(printf '%s' "$CIPHERTEXT" | base64 -d | wc -c) bytes"

# --- load

# CPU accounting, so a run on a busy machine says so: the server's CPU time (from /proc), wrk's
# (bash's `time`), and the whole machine's busy time (from /proc/stat), all in clock ticks or seconds.
CLK_TCK=$(getconf CLK_TCK)
NPROC=$(nproc)
server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
machine_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }

# run_wrk <name> <seconds> <lua script> [KW_TARGET] [KW_BODY]
#   -> wrk's output in $WORK/<name>.txt, CPU figures in $WORK/<name>.cpu ("server wrk machine" seconds)
run_wrk() {
  local name=$1 seconds=$2 script=$3 target=${4:-} body=${5:-}
  local s0 m0 s1 m1 TIMEFORMAT='%U %S'
  [ -n "$target" ] && sign "$target" "$body"
  s0=$(server_cpu_ticks) m0=$(machine_busy_ticks)
  { time KW_TARGET=$target KW_BODY=$body timeout $((seconds + 60)) \
      wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency -s "$script" "$URL" >"$WORK/$name.txt" 2>&1 \
      ; } 2>"$WORK/$name.time" || { cat "$WORK/$name.txt" >&2; die "wrk failed for $name"; }
  s1=$(server_cpu_ticks) m1=$(machine_busy_ticks)
  awk -v s=$((s1 - s0)) -v m=$((m1 - m0)) -v hz="$CLK_TCK" '{printf "%.2f %.2f %.2f\n", s / hz, $1 + $2, m / hz}' \
    "$WORK/$name.time" >"$WORK/$name.cpu"
}

# to_ms <wrk duration like 812.00us, 1.23ms, 1.01s>
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else printf "%s", v }'
}

# parse <name>: sets OPS, P50, P99, REQUESTS, NON2XX, SOCKET_ERRORS from $WORK/<name>.txt
parse() {
  local f="$WORK/$1.txt"
  OPS=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f")
  P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")
  P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")
  REQUESTS=$(awk '/requests in/ {print $1}' "$f")
  NON2XX=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$f")
  NON2XX=${NON2XX:-0}
  SOCKET_ERRORS=$(awk '/Socket errors:/ {gsub(",", ""); print "connect " $4 ", read " $6 ", write " $8 ", timeout " $10}' "$f")
  SOCKET_ERRORS=${SOCKET_ERRORS:-none}
  # CPU per operation (server, wrk, in microseconds) and the share of the machine used by other processes.
  read -r SERVER_CPU WRK_CPU MACHINE_CPU <"$WORK/$1.cpu"
  SERVER_US=$(awk -v c="$SERVER_CPU" -v n="$REQUESTS" 'BEGIN {printf "%.0f", (n > 0 ? 1e6 * c / n : 0)}')
  WRK_US=$(awk -v c="$WRK_CPU" -v n="$REQUESTS" 'BEGIN {printf "%.0f", (n > 0 ? 1e6 * c / n : 0)}')
  OTHERS_PCT=$(awk -v m="$MACHINE_CPU" -v s="$SERVER_CPU" -v w="$WRK_CPU" -v d="$DURATION" -v p="$NPROC" \
    'BEGIN {o = m - s - w; if (o < 0) o = 0; printf "%.0f", 100 * o / (d * p)}')
}

declare -A R_OPS R_P50 R_P99 R_REQ R_NON2XX R_ERR R_SUS R_WUS R_OTHERS R_WARM
measure() { # measure <name> <lua> [target] [body]
  local name=$1 round=1 prev=0 ops
  shift
  # Warm up until the JIT has settled: two consecutive rounds within 10% of each other.
  while :; do
    run_wrk "$name-warmup" "$WARMUP" "$@"
    ops=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$WORK/$name-warmup.txt")
    log "$name: warmup round $round: $ops ops/s"
    if [ "$round" -ge "$WARMUP_MAX_ROUNDS" ] \
      || awk -v a="$ops" -v b="$prev" 'BEGIN {exit !(b > 0 && a <= 1.1 * b && a >= 0.9 * b)}'; then
      break
    fi
    prev=$ops round=$((round + 1))
  done
  R_WARM[$name]="$round × ${WARMUP} s"
  log "$name: ${DURATION}s measured, $CONNECTIONS connections"
  run_wrk "$name" "$DURATION" "$@"
  parse "$name"
  R_OPS[$name]=$OPS R_P50[$name]=$P50 R_P99[$name]=$P99 R_REQ[$name]=$REQUESTS R_NON2XX[$name]=$NON2XX R_ERR[$name]=$SOCKET_ERRORS
  R_SUS[$name]=$SERVER_US R_WUS[$name]=$WRK_US R_OTHERS[$name]=$OTHERS_PCT
  log "$name: $OPS ops/s, p50 $P50 ms, p99 $P99 ms, non-2xx $NON2XX, socket errors: $SOCKET_ERRORS;" \
    "CPU/op: server ${SERVER_US} us, wrk ${WRK_US} us; other processes used ${OTHERS_PCT}% of the machine"
}

measure encrypt "$BENCH/kms-request.lua" TrentService.Encrypt "$ENCRYPT_BODY"
measure decrypt "$BENCH/kms-request.lua" TrentService.Decrypt "$DECRYPT_BODY"
measure floor "$BENCH/health.lua"

# The server must still be healthy and must have answered everything.
kill -0 "$SERVER_PID" 2>/dev/null || die "server died during the run"

# --- report

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print "n/a" }'; }
ENCRYPT_PCT=$(pct "${R_OPS[encrypt]}" "${R_OPS[floor]}")
DECRYPT_PCT=$(pct "${R_OPS[decrypt]}" "${R_OPS[floor]}")
verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "**missed**"; fi; }
OK_OPS=$(awk -v a="${R_OPS[encrypt]}" -v t=$TARGET_ENCRYPT_OPS 'BEGIN {print (a >= t) ? 1 : 0}')
OK_P99=$(awk -v a="${R_P99[encrypt]}" -v t=$TARGET_ENCRYPT_P99_MS 'BEGIN {print (a <= t) ? 1 : 0}')
OK_PCT=$(awk -v a="$ENCRYPT_PCT" -v t=$TARGET_FLOOR_PERCENT 'BEGIN {print (a >= t) ? 1 : 0}')
ALL_2XX=1
for n in encrypt decrypt floor; do
  if [ "${R_NON2XX[$n]}" != 0 ] || [ "${R_ERR[$n]}" != none ]; then ALL_2XX=0; fi
done

CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
JAVA_VERSION=$(java -version 2>&1 | sed 's/^/    /')
WRK_VERSION=$(wrk -v 2>&1 | head -1 || true)
GIT_REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=$(cd "$ROOT" && git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (with local changes)" || true)

mkdir -p "$(dirname "$OUT")"
{
  echo "# keywatch KMS benchmark, $(date -u '+%F %H:%M') UTC"
  echo
  echo "Command: \`bench/kms-bench.sh\` at commit $GIT_REV$GIT_DIRTY."
  echo "wrk, HTTP/1.1 keep-alive, $CONNECTIONS connections, $WRK_THREADS wrk thread(s), load generator on the same machine."
  echo "Per row: warmup rounds of ${WARMUP} s, discarded, until two in a row agree within 10% on ops/s (JIT"
  echo "compilation settled; at most $WARMUP_MAX_ROUNDS rounds), then ${DURATION} s measured."
  echo "Encrypt: 100-byte plaintext under a SYMMETRIC_DEFAULT key, no encryption context."
  echo "Decrypt: the ciphertext of a 100-byte plaintext (KeyId not named). Floor: \`GET /health\`."
  echo
  echo "| | ops/s | p50 ms | p99 ms | requests | non-2xx | socket errors | server CPU µs/op | wrk CPU µs/op | other processes | warmup |"
  echo "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|"
  for n in encrypt decrypt floor; do
    label=$n
    [ "$n" = floor ] && label="floor (GET /health)"
    echo "| $label | ${R_OPS[$n]} | ${R_P50[$n]} | ${R_P99[$n]} | ${R_REQ[$n]} | ${R_NON2XX[$n]} | ${R_ERR[$n]} | ${R_SUS[$n]} | ${R_WUS[$n]} | ${R_OTHERS[$n]}% | ${R_WARM[$n]} |"
  done
  echo
  echo "Encrypt is ${ENCRYPT_PCT}% of the floor; Decrypt ${DECRYPT_PCT}%."
  echo
  echo "CPU columns: CPU time per request of the server process and of wrk; \"other processes\" is the share"
  echo "of all $NPROC CPUs used by anything else during the measured run (0% on an idle machine; more"
  echo "means the numbers above are lower than the machine can do). Load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Targets (issue 2): Encrypt ≥ $TARGET_ENCRYPT_OPS ops/s: $(verdict "$OK_OPS");"
  echo "Encrypt p99 ≤ $TARGET_ENCRYPT_P99_MS ms: $(verdict "$OK_P99"); Encrypt ≥ $TARGET_FLOOR_PERCENT% of the floor: $(verdict "$OK_PCT");"
  echo "every request answered 2xx: $(verdict "$ALL_2XX")."
  echo
  echo "## Machine"
  echo
  echo "- CPUs: $(nproc) × $CPU_MODEL"
  echo "- memory: $MEM"
  echo "- kernel: $(uname -sr)"
  echo "- server JVM flags: ${JAVA_OPTS:-(none)}"
  echo "- $WRK_VERSION"
  echo "- java -version:"
  echo
  echo "$JAVA_VERSION"
  echo
  echo "## wrk output (measured runs)"
  for n in encrypt decrypt floor; do
    echo
    echo "### $n"
    echo
    sed 's/^/    /' "$WORK/$n.txt"
  done
} >"$OUT"

cat "$OUT"
log "report written to $OUT"
if [ "$ALL_2XX" != 1 ]; then
  log "some requests failed (see non-2xx and socket errors above)"
  exit 3
fi
