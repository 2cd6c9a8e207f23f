#!/bin/sh
# Runs each libFuzzer target in turn for SECONDS (default 900) with a seed
# corpus made from testdata/. Usage: fuzz/run-all.sh BUILD_DIR [SECONDS] [WORK_DIR]
# Crashes, leaks and timeouts are written as WORK_DIR/<target>/crash-* etc.
set -eu
build=$1
seconds=${2:-900}
work=${3:-$(mktemp -d)}
src=$(cd "$(dirname "$0")/.." && pwd)
for target in ${FUZZ_TARGETS:-json lint embedded output terraform yaml}; do
  mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
  find "$src/testdata" -type f -size -64k | while read -r f; do
    cp "$f" "$work/$target/corpus/$(printf '%s' "$f" | md5sum | cut -c1-16)"
  done
  echo "== fuzz_$target for ${seconds}s, corpus $work/$target/corpus"
  nice "$build/fuzz/fuzz_$target" "$work/$target/corpus" -dict="$src/fuzz/policy.dict" \
    -max_total_time="$seconds" -timeout=${FUZZ_TIMEOUT:-60} -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$work/$target/artifacts/" >"$work/$target/log.txt" 2>&1 || echo "fuzz_$target stopped: see $work/$target/log.txt"
  tail -n 15 "$work/$target/log.txt"
done
