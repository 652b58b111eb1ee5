#!/usr/bin/env bash
# Converts every workbook mamori generates to PDF with LibreOffice
# (headless), to prove that each opens and prints, and renders the first
# pages of each to PNG for a look.
#
#   scripts/print-check.sh [OUTDIR]      (default: a new temporary directory)
#
# Without LibreOffice (soffice) it says so and exits 0. On Debian:
#   apt-get install libreoffice-calc poppler-utils fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null; then
  echo "print-check: LibreOffice (soffice) is not installed; nothing checked"
  exit 0
fi
out=${1:-$(mktemp -d)}
mkdir -p "$out/xlsx" "$out/pdf" "$out/png"

go build -o "$out/mamori" ./cmd/mamori
m="$out/mamori"

# Every workbook: gap reports for each example in both languages, the
# self-assessment and supply-chain templates and the example supply-chain
# report in both languages, and site checklists where the command exists.
for ex in examples/*/; do
  [ -f "$ex/organization.yaml" ] || continue # not an evidence set (the supply chain)
  name=$(basename "$ex")
  for lang in ja en; do
    "$m" report gap "$ex" --lang "$lang" -o "$out/xlsx/gap-$name-$lang.xlsx" || [ $? -eq 1 ]
  done
done
for lang in ja en; do
  "$m" template self-assessment --lang "$lang" -o "$out/xlsx/self-assessment-$lang.xlsx"
  "$m" template supply-chain --lang "$lang" -o "$out/xlsx/supply-chain-template-$lang.xlsx"
  "$m" supply-chain check examples/supply-chain/chain.yaml --verdicts examples/supply-chain/verdicts \
    --lang "$lang" -o "$out/xlsx/supply-chain-$lang.xlsx" >/dev/null || [ $? -eq 1 ]
done
if "$m" checklist --help >/dev/null 2>&1; then
  for ex in examples/*/; do
    [ -f "$ex/organization.yaml" ] || continue
    name=$(basename "$ex")
    site=$(sed -n 's/^ *- *id: *//p; s/^ *id: *//p' "$ex"/organization.yaml | sed -n 2p)
    "$m" checklist site "$ex" --site "$site" -o "$out/xlsx/checklist-$name.xlsx" || echo "print-check: no checklist for $name"
  done
fi

# LibreOffice wants a writable profile of its own.
export HOME="$out/home"
status=0
for f in "$out"/xlsx/*.xlsx; do
  base=$(basename "$f" .xlsx)
  if ! soffice --headless --norestore --convert-to pdf --outdir "$out/pdf" "$f" >/dev/null 2>&1 || [ ! -s "$out/pdf/$base.pdf" ]; then
    echo "FAIL $base: LibreOffice could not convert it"
    status=1
    continue
  fi
  pages=$(pdfinfo "$out/pdf/$base.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
  pdftoppm -png -r 60 -l 2 "$out/pdf/$base.pdf" "$out/png/$base" 2>/dev/null || true
  echo "ok   $base: ${pages:-?} pages"
done
echo "PDFs in $out/pdf, first pages as PNG in $out/png"
exit $status
