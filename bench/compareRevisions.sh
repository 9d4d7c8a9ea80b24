#!/usr/bin/env bash
# Runs benchmarks on an earlier revision and on this checkout back to back, so a change meant to move no figure can show it did not.
# Usage: bench/compareRevisions.sh REV [bench:name ...]   (default: predictive echo, fairness, browser throughput)
# Each bench's own knobs (BENCH_ROUNDS, BENCH_RUNS, BENCH_OUTPUT_MIB, ...) pass through to both sides.
set -euo pipefail
base=${1:?usage: bench/compareRevisions.sh REV [bench:name ...]}
shift
benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=(bench:predictive-echo bench:fairness bench:browser-throughput)
here=$(git rev-parse --show-toplevel)
other=$(mktemp -d "${TMPDIR:-/tmp}/longhaul-base-XXXXXX")
out=${BENCH_COMPARE_OUT:-$here/bench/results}
git -C "$here" worktree add --detach --force "$other" "$base" >/dev/null
trap 'git -C "$here" worktree remove --force "$other"' EXIT
# Same packages on both sides: a difference in figures then comes from the code alone.
ln -s "$here/node_modules" "$other/node_modules"
mkdir -p "$out"
for bench in "${benches[@]}"; do
  # Earlier revision first, then this one, each given the machine to itself.
  for side in base head; do
    if [ "$side" = base ]; then dir=$other; else dir=$here; fi
    echo "== $bench on $side ($(git -C "$dir" rev-parse --short HEAD))"
    (cd "$dir" && npm run --silent "$bench") 2>&1 | tee "$out/$bench.$side.txt" | grep -v '^\s*$' | tail -40
  done
done
echo "outputs in $out"
