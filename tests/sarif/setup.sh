#!/usr/bin/env bash
# Installs the SARIF validators the tests use into BUILD_DIR/sarif-tools:
#   @microsoft/sarif-multitool  (sarif-multitool validate --rule-kind "Sarif;Gh")
#   @microsoft/jest-sarif       (ships the SARIF 2.1.0 JSON schema and ajv)
# Usage: tests/sarif/setup.sh [BUILD_DIR]   (default build/release)
# Without these tools the SARIF test falls back to its own structural check.
set -euo pipefail
build_dir=${1:-build/release}
tools="$build_dir/sarif-tools"
mkdir -p "$tools"
if [ ! -f "$tools/package.json" ]; then
  printf '{"name": "policylint-sarif-tools", "private": true}\n' > "$tools/package.json"
fi
npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
  @microsoft/sarif-multitool@5.7.0 @microsoft/jest-sarif@1.0.0-beta.0
# The multitool is a self-contained binary; its postinstall only marks it executable.
chmod u+x "$tools"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true
echo "SARIF tools installed in $tools"
