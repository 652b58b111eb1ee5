#!/usr/bin/env bash
# Benchmarks the verdict service on loopback: gate decisions against a
# store of ORGS organisations, then evidence submissions.
#
#   bench/verdict-service.sh                 # ORGS=10000, 15 s of gate load per connection count, 10 s of submissions
#   ORGS=1000 GATE_SECONDS=5 CONNS="8 16" RATE=3000 bench/verdict-service.sh
#
# It builds mamori and bench/loadgen, seeds a fresh database, starts
# "mamori serve", warms it up, drives the load, stops the server with
# SIGTERM and verifies the ledger. The load generator shares the
# machine's cores with the server. Before and after the gate load it
# prints the machine's speed (loadgen speed): on a shared VM it moves
# from minute to minute, and the figures move with it.
set -euo pipefail
cd "$(dirname "$0")/.."
ORGS=${ORGS:-10000}
GATE_SECONDS=${GATE_SECONDS:-15}
SUBMIT_SECONDS=${SUBMIT_SECONDS:-10}
CONNS=${CONNS:-6 8 10}
SUBMIT_CONNS=${SUBMIT_CONNS:-8}
RATE=${RATE:-5000}
PORT=${PORT:-18181}

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/mamori" ./cmd/mamori
go build -o "$work/loadgen" ./bench/loadgen

"$work/mamori" key create --out "$work/server" >/dev/null
"$work/loadgen" seed -db "$work/mamori.db" -orgs "$ORGS" -key "$work/server.key"
gate=$("$work/mamori" token create --db "$work/mamori.db" --role gate --subject bench-gate 2>/dev/null)
admin=$("$work/mamori" token create --db "$work/mamori.db" --role admin --subject bench-admin 2>/dev/null)

"$work/mamori" serve --db "$work/mamori.db" --key "$work/server.key" --addr "127.0.0.1:$PORT" \
	>"$work/serve.out" 2>"$work/serve.log" &
server=$!
url="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
	curl -fs "$url/readyz" >/dev/null 2>&1 && break
	sleep 0.1
done

# before FILE: the server's commit metrics and CPU time, and the
# machine's CPU times, for after FILE to report what changed during a
# run: the recorder's commits (decisions per commit, the share that took
# over 1, 5 and 25 ms: slow commits are a slow disk), the server's CPU
# time per decision (user and system; less sensitive than throughput to
# what other machines take) and the share of CPU time the hypervisor
# gave to other machines (steal).
before() {
	{
		curl -fs "$url/metrics" | grep -E '^mamori_gate_(commit_duration_seconds_(bucket|count)|decisions_total)'
		awk '{ print "server_cpu_ticks", $14 + $15 }' "/proc/$server/stat"
		head -1 /proc/stat
	} >"$1"
}
after() {
	before "$1.after"
	awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { if ($1 == "cpu") { for (i = 2; i <= NF; i++) c0[i] = $i } else a[$1] = $2; next }
		$1 == "cpu" { for (i = 2; i <= NF; i++) { d = $i - c0[i]; all += d; if (i == 9) steal = d } next }
		{ d = $2 - a[$1] }
		$1 ~ /^mamori_gate_decisions_total/ { dec += d }
		$1 == "server_cpu_ticks" { ticks = d }
		$1 ~ /_count$/ { n = d }
		$1 ~ /le="0.001"/ { b1 = d }
		$1 ~ /le="0.005"/ { b5 = d }
		$1 ~ /le="0.025"/ { b25 = d }
		END {
			if (n > 0) printf "  commits: %d, %.1f decisions each; over 1 ms %.1f%%, over 5 ms %.2f%%, over 25 ms %.2f%%;", n, dec / n, (n - b1) * 100 / n, (n - b5) * 100 / n, (n - b25) * 100 / n
			if (dec > 0) printf " server CPU %.0f µs per decision;", ticks * 1e6 / hz / dec
			printf " CPU steal %.1f%%\n", (all > 0 ? steal * 100 / all : 0)
		}' "$1" "$1.after"
}

# target MIN_RATE: passes a load generator's report through and says
# whether its first line meets the gate target: at least MIN_RATE
# requests per second (5,000, or the open loop's rate less its rounding)
# and a p99 of at most 5 ms.
target() {
	local out first rate p99
	out=$(cat)
	echo "$out"
	first=$(head -1 <<<"$out")
	rate=$(sed -nE 's/.*= ([0-9]+) req\/s.*/\1/p' <<<"$first")
	p99=$(sed -nE 's/.* p99 ([0-9.]+(µs|ms|s)).*/\1/p' <<<"$first")
	[ -n "$rate" ] && [ -n "$p99" ] || return 0
	awk -v rate="$rate" -v min="$1" -v p99="$p99" 'BEGIN {
		ms = p99 + 0
		if (p99 ~ /µs$/) ms /= 1000; else if (p99 !~ /ms$/) ms *= 1000
		printf "  target (at least 5,000/s with p99 at most 5 ms): %s\n", (rate >= min && min >= 4950 && ms <= 5) ? "met" : "missed"
	}'
}

"$work/loadgen" speed
echo "== cold: every organisation's first membership and exchange decision (records read, policies evaluated)"
"$work/loadgen" gate -sweep -url "$url" -token "$gate" -orgs "$ORGS" -c 10
command -v wrk >/dev/null || echo "(wrk not installed: apt-get install wrk; using bench/loadgen, which costs more CPU)"
for conns in $CONNS; do
	echo "== warm: gate decisions for random organisations of $ORGS, $conns connections, ${GATE_SECONDS}s"
	before "$work/metrics"
	if command -v wrk >/dev/null; then
		ORGS=$ORGS GATE_TOKEN=$gate wrk -t1 -c"$conns" -d"${GATE_SECONDS}s" -s bench/gate.lua "$url" | tail -1 | target 5000
	else
		"$work/loadgen" gate -url "$url" -token "$gate" -orgs "$ORGS" -c "$conns" -d "${GATE_SECONDS}s" | target 5000
	fi
	after "$work/metrics"
done
echo "== open loop, the floor: GET /healthz (no records read, nothing signed) at $RATE/s, ${GATE_SECONDS}s"
"$work/loadgen" rate -healthz -url "$url" -rate "$RATE" -c 16 -d "${GATE_SECONDS}s"
echo "== open loop: gate decisions sent at $RATE/s on schedule, whatever the answers (bench/loadgen rate), ${GATE_SECONDS}s"
before "$work/metrics"
"$work/loadgen" rate -url "$url" -token "$gate" -orgs "$ORGS" -rate "$RATE" -c 16 -d "${GATE_SECONDS}s" | target $((RATE * 99 / 100))
after "$work/metrics"
"$work/loadgen" speed
echo "== submissions of examples/kobayashi-electronics, $SUBMIT_CONNS connections, ${SUBMIT_SECONDS}s each: as one JSON document, as its 9 YAML files (multipart), then as the self-assessment workbook filled in with a YAML file of its sites (multipart); each carries a serial number, so that its evidence is new to the server"
# The submission targets: 100/s as JSON, 50/s as YAML, 20/s as workbooks.
for spec in json:100 yaml:50 xlsx:20; do
	format=${spec%%:*} min=${spec#*:}
	"$work/loadgen" submit -format "$format" -url "$url" -token "$admin" -c "$SUBMIT_CONNS" -d "${SUBMIT_SECONDS}s" |
		awk -v min="$min" '{ print } NR == 1 && match($0, /[=] [0-9]+ req\/s/) {
			rate = substr($0, RSTART + 2, RLENGTH - 8) + 0
			printf "  target (at least %d/s): %s\n", min, (rate >= min ? "met" : "missed")
		}'
done

kill -TERM "$server"
wait "$server" || true
echo "== audit verify (the chain, then every record against its entry)"
/usr/bin/time -f "audit verify: %e s, max RSS %M KB" "$work/mamori" audit verify --db "$work/mamori.db" 2>&1 || \
	"$work/mamori" audit verify --db "$work/mamori.db"
