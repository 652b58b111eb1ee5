#!/usr/bin/env bash
# A soak of the verdict service on loopback: SOAK (10m) of gate decisions
# (GATE_RATE, 1,000/s) and evidence submissions (SUBMIT_RATE, 10/s) at a
# steady rate together, after a minute of the same load to warm up,
# against a store of ORGS (10,000) organisations. It reports each minute
# and at the end: requests, errors, p50 and p99 of each kind, and the
# server's resident memory (RSS) at the start and the end of the run.
#
#   bench/soak.sh
#   SOAK=2m GATE_RATE=500 SUBMIT_RATE=5 bench/soak.sh
#
# It builds mamori and bench/loadgen, seeds a fresh database, starts
# "mamori serve", asks once for every organisation, runs the load, stops
# the server with SIGTERM and verifies the ledger against the checkpoints
# the server signed. The load generator shares the machine's cores with
# the server; the machine's load and its busiest processes are printed
# before and after, since on a shared machine they are part of the result.
set -euo pipefail
cd "$(dirname "$0")/.."
ORGS=${ORGS:-10000}
SOAK=${SOAK:-10m}
WARMUP=${WARMUP:-1m}
GATE_RATE=${GATE_RATE:-1000}
SUBMIT_RATE=${SUBMIT_RATE:-10}
FORMAT=${FORMAT:-yaml}
PORT=${PORT:-18182}

work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/mamori" ./cmd/mamori
go build -o "$work/loadgen" ./bench/loadgen

machine() {
	echo "== the machine $1: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
	ps -eo pcpu=,rss=,comm= --sort=-pcpu | head -8 | awk '{ printf "  %5s%% CPU %8.0f MiB  %s\n", $1, $2 / 1024, $3 }'
}

"$work/mamori" key create --out "$work/server" >/dev/null
"$work/loadgen" seed -db "$work/mamori.db" -orgs "$ORGS" -key "$work/server.key"
gate=$("$work/mamori" token create --db "$work/mamori.db" --role gate --subject soak-gate 2>/dev/null)
admin=$("$work/mamori" token create --db "$work/mamori.db" --role admin --subject soak-admin 2>/dev/null)

"$work/mamori" serve --db "$work/mamori.db" --key "$work/server.key" --addr "127.0.0.1:$PORT" \
	--checkpoint-every 1m >"$work/serve.out" 2>"$work/serve.log" &
server=$!
url="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
	curl -fs "$url/readyz" >/dev/null 2>&1 && break
	sleep 0.1
done
echo "== server: GOGC=${GOGC:-} GOMAXPROCS=${GOMAXPROCS:-} GOMEMLIMIT=${GOMEMLIMIT:-} (empty: what mamori serve sets)"
machine before
echo "== cold: every organisation's first membership and exchange decision"
"$work/loadgen" gate -sweep -url "$url" -token "$gate" -orgs "$ORGS" -c 10
"$work/loadgen" soak -url "$url" -gate-token "$gate" -submit-token "$admin" -orgs "$ORGS" -rate "$GATE_RATE" \
	-submit-rate "$SUBMIT_RATE" -format "$FORMAT" -warmup "$WARMUP" -d "$SOAK" -pid "$server"
machine after

kill -TERM "$server"
wait "$server" || true
server=
echo "== $(grep -c 'level=INFO msg=checkpoint' "$work/serve.log") checkpoints signed at the interval and on shutdown; errors logged: $(grep -c 'level=ERROR' "$work/serve.log" || true)"
checkpoints=()
for f in "$work/mamori.db.checkpoints"/*.checkpoint; do checkpoints+=(--checkpoint "$f"); done
echo "== audit verify, against every checkpoint"
/usr/bin/time -f "audit verify: %e s, max RSS %M KB" "$work/mamori" audit verify --db "$work/mamori.db" \
	--key "$work/server.pub" "${checkpoints[@]}"
