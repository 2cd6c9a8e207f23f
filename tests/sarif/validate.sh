#!/usr/bin/env bash
# Validates SARIF files with the tools tests/sarif/setup.sh installed:
#  1. JSON schema: the official SARIF 2.1.0 schema (from @microsoft/jest-sarif), ajv;
#  2. the SARIF Multitool's own rules and GitHub's ingestion rules
#     (sarif-multitool validate --rule-kind "Sarif;Gh"); any error or warning fails
#     (the Multitool reports only those two levels unless asked for notes).
# Usage: tests/sarif/validate.sh TOOLS_DIR FILE...
# Exit status: 0 valid, 1 invalid, 2 tools missing.
set -uo pipefail
tools=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
[ -d "$tools/node_modules/@microsoft/jest-sarif" ] && [ -x "$multitool" ] || { echo "SARIF tools missing in $tools" >&2; exit 2; }
status=0
NODE_PATH="$tools/node_modules" node "$here/validate-schema.js" "$@" || status=1
for f in "$@"; do
  out=$(mktemp --suffix=.sarif)
  "$multitool" validate --log ForceOverwrite --rule-kind "Sarif;Gh" -o "$out" "$f" >/dev/null 2>&1
  # The multitool reports nothing (and exits 0) for a log it cannot
  # deserialise; the schema check above covers that case.
  node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    let bad = 0;
    for (const run of log.runs || [])
      for (const r of run.results || []) {
        const where = (r.locations || []).map(l => JSON.stringify((l.physicalLocation || {}).region || {})).join(" ");
        console.log(`${process.argv[2]}: ${r.level || "warning"} ${r.ruleId}: ${(r.message || {}).text || ""} ${where}`);
        if ((r.level || "warning") !== "note") bad = 1;
      }
    process.exit(bad);' "$out" "$f" || status=1
  rm -f "$out"
done
exit $status
