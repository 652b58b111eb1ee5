#!/usr/bin/env bash
# Throughput of mamori against conftest on the same policies.
#
# Generates N varied evidence files (default 1,000; JSON, or YAML with
# FORMAT=yaml), then assesses them
# all with `mamori assess --batch` and with `conftest test`, which
# queries the same Rego policies through bench/adapter. Prints both
# throughputs and the ratio, and fails if mamori is not at least
# MIN_RATIO (default 5) times faster.
#
#   bench/conftest.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-1000}
min_ratio=${MIN_RATIO:-5}
format=${FORMAT:-json}
conftest_version=v0.71.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building mamori and conftest $conftest_version ..."
go build -o "$work/mamori" ./cmd/mamori
GOBIN="$work/bin" GOFLAGS=-mod=mod go install "github.com/open-policy-agent/conftest@$conftest_version"

echo "generating $n $format evidence files ..."
go run ./bench/gen -n "$n" -format "$format" -o "$work/evidence"

# conftest gets the policies without their tests, plus the adapter.
mkdir -p "$work/policies"
(cd policies && find mamori r2 -name '*.rego' ! -name '*_test.rego' -exec cp --parents {} "$work/policies/" \;)
cp bench/adapter/adapter.rego "$work/policies/"
mkdir -p "$work/data/mamori/params"
cp policies/mamori/params/data.yaml "$work/data/mamori/params/"

now() { date +%s.%N; }

# Alternate the two tools over several rounds and compare medians: this
# machine's speed drifts by tens of percent from minute to minute.
rounds=${ROUNDS:-3}
: > "$work/times"
for r in $(seq "$rounds"); do
  t0=$(now)
  "$work/mamori" assess --batch --output json "$work"/evidence/*."$format" > "$work/mamori.out" || [ $? -eq 1 ]
  t1=$(now)
  "$work/bin/conftest" test --no-color --output json --policy "$work/policies" --data "$work/data" \
    --namespace main "$work"/evidence/*."$format" > "$work/conftest.out" || [ $? -eq 1 ]
  t2=$(now)
  echo "$t0 $t1 $t2" >> "$work/times"

  # Both must have judged every file.
  m=$(grep -c '"mamori":"verdict/v1"' "$work/mamori.out" || true)
  c=$(grep -o '"filename"' "$work/conftest.out" | wc -l)
  if [ "$m" -ne "$n" ] || [ "$c" -ne "$n" ]; then
    echo "incomplete run: mamori judged $m files, conftest $c (want $n)" >&2
    exit 1
  fi
done

awk -v n="$n" -v min="$min_ratio" '
  { m[NR] = $2 - $1; c[NR] = $3 - $2 }
  function median(a, k,   i, j, t) {
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  END {
    for (i = 1; i <= NR; i++) printf "round %d: mamori %.2f s, conftest %.2f s\n", i, m[i], c[i]
    tm = median(m, NR); tc = median(c, NR)
    printf "mamori   %6.2f s  %8.1f evidence files/s (median of %d)\n", tm, n / tm, NR
    printf "conftest %6.2f s  %8.1f evidence files/s (median of %d)\n", tc, n / tc, NR
    printf "ratio    %6.1fx (minimum %s)\n", tc / tm, min
    exit (tc / tm >= min) ? 0 : 1
  }' "$work/times"
