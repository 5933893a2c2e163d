#!/usr/bin/env bash
# checkov and `compliance scan` on the same folders, one after the other on this machine, and the
# ratios between them (ratios hold across machines far better than seconds do).
#
#   benchmarks/vs_checkov.sh /path/to/terragoat /path/to/terraform-aws-eks ...
#
# checkov runs from its own environment (it cannot share ours): COMPLIANCE_CHECKOV_BIN, else the
# one .ci/run installs. Each tool runs REPEAT times (default 3; checkov CHECKOV_REPEAT, default 1,
# it is slow) and the median is kept. first: nothing cached at all, as the first run after an
# installation (the catalog is compiled too); cold: a cache holding only the compiled catalog
# (empty parse, resolved-module and remembered-outcome caches), as every later run on new code;
# warm: the cache that the last cold run filled. All write the full JSON report, as CI would.
set -euo pipefail

checkov=${COMPLIANCE_CHECKOV_BIN:-${TMPDIR:-/tmp}/compliance-checkov-venv/bin/checkov}
compliance=${COMPLIANCE_BIN:-$(command -v compliance || true)}
repeat=${REPEAT:-3}
checkov_repeat=${CHECKOV_REPEAT:-1}
[ $# -gt 0 ] || { echo "usage: $0 DIR..." >&2; exit 2; }
[ -x "$checkov" ] || { echo "no checkov at $checkov (set COMPLIANCE_CHECKOV_BIN)" >&2; exit 2; }
[ -n "$compliance" ] || { echo "no compliance on PATH (set COMPLIANCE_BIN)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() {  # run "$@" quietly, print its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true  # a failing finding exits non-zero; only the time matters here
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, $(uname -sr); $("$checkov" --version 2>/dev/null | head -1 | sed 's/^/checkov /'); $("$compliance" --version)"
echo "date: $(date -u +%Y-%m-%d)"
echo
# the compiled catalog alone, copied into each cold run's cache
mkdir "$work/empty"
"$compliance" scan "$work/empty" --format json -o "$work/seed.json" --quiet --fail-on none \
  --allow-unread --cache-dir "$work/seed" >/dev/null 2>&1 || true
[ -d "$work/seed/compiled" ] || { echo "could not compile the catalog into $work/seed" >&2; exit 2; }
find "$work/seed" -mindepth 1 -maxdepth 1 ! -name compiled ! -name validated -exec rm -rf {} +
echo "| folder | checkov | first run | cold | warm | first ratio | cold ratio | warm ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for dir in "$@"; do
  [ -d "$dir" ] || { echo "not a folder: $dir" >&2; exit 2; }
  theirs=$(for _ in $(seq "$checkov_repeat"); do
             seconds "$checkov" -d "$dir" --quiet --compact -o json --output-file-path "$work/checkov"
           done | median)
  first=() cold=() warm=()
  for _ in $(seq "$repeat"); do
    cache=$(mktemp -d "$work/cache.XXXX")
    first+=("$(seconds "$compliance" scan "$dir" --format json -o "$work/ours.json" --quiet \
                --fail-on none --allow-unread --cache-dir "$cache")")
  done
  for _ in $(seq "$repeat"); do
    cache=$(mktemp -d "$work/cache.XXXX")
    cp -r "$work/seed/." "$cache/"
    cold+=("$(seconds "$compliance" scan "$dir" --format json -o "$work/ours.json" --quiet \
               --fail-on none --allow-unread --cache-dir "$cache")")
  done
  for _ in $(seq "$repeat"); do
    warm+=("$(seconds "$compliance" scan "$dir" --format json -o "$work/ours.json" --quiet \
               --fail-on none --allow-unread --cache-dir "$cache")")
  done
  first_s=$(printf '%s\n' "${first[@]}" | median)
  cold_s=$(printf '%s\n' "${cold[@]}" | median)
  warm_s=$(printf '%s\n' "${warm[@]}" | median)
  awk -v d="$(basename "$dir")" -v t="$theirs" -v f="$first_s" -v c="$cold_s" -v w="$warm_s" 'BEGIN {
    printf "| %s | %.2f s | %.2f s | %.2f s | %.2f s | %.1fx | %.1fx | %.1fx |\n", d, t, f, c, w,
      t / f, t / c, t / w }'
done
