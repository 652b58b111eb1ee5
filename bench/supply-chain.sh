#!/usr/bin/env bash
# Scale of `mamori supply-chain check`: wall time and peak memory on
# synthetic chains (bench/chaingen) of 1,000, 10,000 and 50,000
# suppliers over five tiers (500 contracts per 10,000 suppliers), each
# with one signed verdict per supplier. Every run verifies every
# signature, checks every contract and writes the workbook and the JSON.
#
#   bench/supply-chain.sh [N...]        # default: 1000 10000 50000
#
# Prints N / wall (median of ROUNDS runs, default 3) / max RSS / µs per
# supplier / workbook size, and fails if the 10,000 run takes more than
# MAX_WALL (default 15) seconds or MAX_RSS_MIB (default 1024) MiB. Needs only Go and coreutils; /usr/bin/time (GNU
# time) adds the peak RSS, which is reported as unavailable without it.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
max_wall=${MAX_WALL:-15}
max_rss=${MAX_RSS_MIB:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building mamori and chaingen ..."
go build -o "$work/mamori" ./cmd/mamori
go build -o "$work/chaingen" ./bench/chaingen

gnu_time=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' true >/dev/null 2>&1; then
  gnu_time=/usr/bin/time
else
  echo "(/usr/bin/time not found: wall time from bash, peak RSS unavailable)"
fi

# This machine's speed drifts by tens of percent from minute to minute:
# each size runs ROUNDS times (default 3) and the median wall time and
# the largest peak RSS are reported.
rounds=${ROUNDS:-3}
status=0
printf '%-8s %10s %12s %16s %10s %6s\n' N wall_s max_rss_MiB us_per_supplier xlsx_KiB exit
for n in "${sizes[@]}"; do
  dir="$work/chain-$n"
  "$work/chaingen" -n "$n" -out "$dir" 2> "$work/gen-$n.log"
  cmd=("$work/mamori" supply-chain check "$dir/chain.yaml" --verdicts "$dir/verdicts" -o "$work/chain-$n.xlsx" --format json)
  walls=() rss=0
  for _ in $(seq "$rounds"); do
    rc=0
    if [ -n "$gnu_time" ]; then
      "$gnu_time" -f '%e %M' -o "$work/time-$n" "${cmd[@]}" > "$work/out-$n.json" 2> "$work/err-$n" || rc=$?
      # GNU time writes "Command exited with non-zero status 1" first.
      read -r wall rss_kib < <(tail -n 1 "$work/time-$n")
      rss=$(( rss_kib / 1024 > rss ? rss_kib / 1024 : rss ))
    else
      TIMEFORMAT=%R
      { time "${cmd[@]}" > "$work/out-$n.json" 2> "$work/err-$n"; } 2> "$work/time-$n" || rc=$?
      wall=$(tail -n 1 "$work/time-$n")
      rss=n/a
    fi
    # Exit 1 means a contract is blocked (the generated chains have
    # blocked contracts); 2 is an error.
    if [ "$rc" -gt 1 ]; then
      echo "N=$n: mamori exited $rc" >&2
      cat "$work/gen-$n.log" "$work/err-$n" >&2 || true
      exit 1
    fi
    walls+=("$wall")
  done
  got=$(grep -c '"company":' "$work/out-$n.json" || true)
  if [ "$got" -lt "$n" ]; then
    echo "N=$n: the report lists $got supplier entries, want at least $n" >&2
    exit 1
  fi
  wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
  us=$(awk -v w="$wall" -v n="$n" 'BEGIN { printf "%.1f", w * 1e6 / n }')
  kib=$(( $(wc -c < "$work/chain-$n.xlsx") / 1024 ))
  printf '%-8s %10s %12s %16s %10s %6s   (rounds: %s)\n' "$n" "$wall" "$rss" "$us" "$kib" "$rc" "${walls[*]}"
  if [ "$n" -eq 10000 ]; then
    if awk -v w="$wall" -v m="$max_wall" 'BEGIN { exit !(w > m) }'; then
      echo "N=10000: ${wall}s is over the ${max_wall}s limit" >&2
      status=1
    fi
    if [ "$rss" != n/a ] && [ "$rss" -gt "$max_rss" ]; then
      echo "N=10000: ${rss} MiB is over the ${max_rss} MiB limit" >&2
      status=1
    fi
  fi
done
exit "$status"
