#!/usr/bin/env bash
# mamori against conftest, on the same policies, the same files and the
# same cores, pair by pair.
#
# Generates N varied evidence files (default 1,000; JSON, or YAML with
# FORMAT=yaml). conftest queries the same Rego policies through
# bench/adapter, with its file list split across `nproc` processes so
# it uses as many cores as `mamori assess --batch`, which runs a worker
# per core. First both judge every file and their decisions are compared
# file by file (mamori's failing findings against conftest's deny
# messages): the script fails if any differs. Then ROUNDS (default 5)
# rounds each run, back to back under hyperfine (wall and CPU time):
# mamori with its findings cache, conftest, and mamori without the cache
# (MAMORI_FINDINGS_CACHE=off). Each round gives its own ratios, so a
# drift in the machine's speed shows rather than averages away.
#
#   bench/conftest.sh [N]
#
# Needs hyperfine (Debian's package; installed here when run as root)
# and builds conftest from the Go module proxy.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-1000}
rounds=${ROUNDS:-5}
format=${FORMAT:-json}
cores=$(nproc)
conftest_version=v0.71.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y hyperfine >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null; }
  else
    echo "needs hyperfine (apt-get install hyperfine)" >&2
    exit 2
  fi
fi

echo "building mamori and conftest $conftest_version ..."
go build -o "$work/mamori" ./cmd/mamori
go build -o "$work/decisions" ./bench/decisions
GOBIN="$work/bin" GOFLAGS=-mod=mod go install "github.com/open-policy-agent/conftest@$conftest_version"

echo "generating $n $format evidence files ..."
go run ./bench/gen -n "$n" -format "$format" -o "$work/evidence"

# conftest gets the policies without their tests, plus the adapter.
mkdir -p "$work/policies"
(cd policies && find mamori r2 -name '*.rego' ! -name '*_test.rego' -exec cp --parents {} "$work/policies/" \;)
cp bench/adapter/adapter.rego "$work/policies/"
mkdir -p "$work/data/mamori/params"
cp policies/mamori/params/data.yaml "$work/data/mamori/params/"

# conftest's share of the files: one list per core.
ls "$work"/evidence/*."$format" > "$work/files"
per=$(( (n + cores - 1) / cores ))
split -l "$per" -d "$work/files" "$work/part."

cat > "$work/conftest.sh" <<EOF
#!/bin/sh
# conftest over every part in parallel, one process per core; out=DIR
# keeps each part's JSON.
for p in $work/part.*; do
  dest=/dev/null
  [ -n "\${out:-}" ] && dest="\$out/\$(basename \$p).json"
  xargs -n 250 $work/bin/conftest test --no-color --output json --policy $work/policies --data $work/data \
    --namespace main < "\$p" > "\$dest" &
done
wait
EOF
chmod +x "$work/conftest.sh"
cat > "$work/mamori.sh" <<EOF
#!/bin/sh
$work/mamori assess --batch --format json $work/evidence/*.$format > "\${out:-/dev/null}"
exit 0
EOF
chmod +x "$work/mamori.sh"

echo "comparing decisions ..."
mkdir -p "$work/conftest-out"
out="$work/mamori.jsonl" "$work/mamori.sh"
out="$work/conftest-out" "$work/conftest.sh"
"$work/decisions" -mamori "$work/mamori.jsonl" "$work"/conftest-out/*.json
MAMORI_FINDINGS_CACHE=off out="$work/mamori-nocache.jsonl" "$work/mamori.sh"
"$work/decisions" -mamori "$work/mamori-nocache.jsonl" "$work"/conftest-out/*.json

echo "timing $rounds rounds on $cores cores ..."
for r in $(seq "$rounds"); do
  hyperfine --runs 1 --style none -N --export-json "$work/round-$r.json" \
    -n mamori "$work/mamori.sh" \
    -n conftest "$work/conftest.sh" \
    -n mamori-nocache "env MAMORI_FINDINGS_CACHE=off $work/mamori.sh" >/dev/null
done

go run ./bench/pairs -n "$n" -cores "$cores" "$work"/round-*.json
