#!/usr/bin/env bash
# Generates ROWS good practices (100,000 by default; deterministic) and imports them through the bulk
# import, published in English and in French where translated, into a fresh embedded database.
# Prints the import's progress and its rate. FORMAT=jsonl for JSON Lines; BATCH=N for the batch size.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-100000}
FORMAT=${FORMAT:-csv}
BATCH=${BATCH:-500}
OUT=$(realpath -m "${BENCHMARK_DIR:-artifacts/import-benchmark}")
PORTAL_BROWSER_TESTS=0 scripts/prerequisites.sh
echo "==> Building"
dotnet build StrongCitiesPortal.sln -c Release --nologo -v quiet
mkdir -p "$OUT"
FILE="$OUT/practices-$ROWS.$FORMAT"
echo "==> Generating $FILE"
dotnet run --project tools/StrongCitiesPortal.PracticeCorpus -c Release --no-build -- --rows "$ROWS" --format "$FORMAT" --out "$FILE"
rm -rf "$OUT/data"
echo "==> Importing into a fresh embedded database ($OUT/data)"
# With GNU time (Debian's 'time' package) the import's peak resident memory is printed at the end.
TIMED=(); [ -x /usr/bin/time ] && TIMED=(/usr/bin/time -f "peak resident memory: %M KB, wall %e s")
ConnectionStrings__Portal="" Portal__Content__DataPath="$OUT/data" \
  "${TIMED[@]}" dotnet src/StrongCitiesPortal.Web/bin/Release/net10.0/StrongCitiesPortal.Web.dll \
  import "$FORMAT" "$FILE" --type goodPractice --parent /practices/ --publish en,fr --batch "$BATCH" --report "$OUT/report.csv"
