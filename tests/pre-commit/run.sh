#!/usr/bin/env bash
# Runs the real pre-commit program with this repository's .pre-commit-hooks.yaml
# in a temporary git repository: a commit of a bad policy is blocked, the
# fixed policy is committed.
# Usage: tests/pre-commit/run.sh [BUILD_DIR]   (default build/release)
#        tests/pre-commit/run.sh --bin DIR      (an installed policylint in DIR)
# POLICYLINT_HOOKS_FILE names the hook file (default: this repository's
# .pre-commit-hooks.yaml; the package test passes the installed copy).
# Needs pre-commit (Debian package pre-commit) and git; no network.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${1:-}" = --bin ]; then
  cli="$(cd "${2:?--bin needs a directory}" && pwd)/policylint"
else
  build=$(cd "${1:-$src/build/release}" && pwd)
  cli="$build/tools/policylint/policylint"
fi
hooks_file="${POLICYLINT_HOOKS_FILE:-$src/.pre-commit-hooks.yaml}"
[ -x "$cli" ] || { echo "pre-commit test: $cli not built" >&2; exit 2; }
command -v pre-commit >/dev/null || { echo "pre-commit test: pre-commit not installed (apt-get install -y pre-commit)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH="$(dirname "$cli"):$PATH" PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp/home"
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global protocol.file.allow always

# The hook repository: just the hooks file, committed.
mkdir "$tmp/hooks"
cp "$hooks_file" "$tmp/hooks/.pre-commit-hooks.yaml"
git -C "$tmp/hooks" init -q
git -C "$tmp/hooks" add .pre-commit-hooks.yaml
git -C "$tmp/hooks" commit -qm hooks
rev=$(git -C "$tmp/hooks" rev-parse HEAD)

# The project using it.
proj="$tmp/project"
mkdir "$proj"
cd "$proj"
git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $tmp/hooks
    rev: $rev
    hooks:
      - id: policylint
YAML
git add .pre-commit-config.yaml
git commit -qm config --no-verify
pre-commit install >/dev/null

fail() { echo "pre-commit test: FAILED: $*" >&2; exit 1; }

# A package.json is not a policy: committed without complaint.
printf '{"name": "demo", "version": "1.0.0"}\n' > package.json
git add package.json
git commit -qm "package.json" > "$tmp/log0" 2>&1 || { cat "$tmp/log0"; fail "a non-policy JSON file was blocked"; }

# A bad policy ("allow" is not a valid Effect) must be blocked.
cat > policy.json <<'JSON'
{
  "Version": "1",
  "Statement": [
    {"Effect": "allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:acme-app-logs/*"]}
  ]
}
JSON
git add policy.json
if git commit -qm "bad policy" > "$tmp/log1" 2>&1; then
  cat "$tmp/log1"
  fail "the commit of a bad policy was allowed"
fi
grep -q "grammar/effect-invalid" "$tmp/log1" || { cat "$tmp/log1"; fail "the hook output does not name the rule"; }
[ -z "$(git log --format=%s | grep 'bad policy' || true)" ] || fail "the bad commit exists"

# The fixed policy goes through.
sed -i 's/"allow"/"Allow"/' policy.json
git add policy.json
git commit -qm "good policy" > "$tmp/log2" 2>&1 || { cat "$tmp/log2"; fail "the commit of a good policy was blocked"; }
git log --format=%s > "$tmp/log3"; grep -q "good policy" "$tmp/log3" || fail "the good commit is missing"
echo "pre-commit test: passed (bad policy blocked, good policy committed)"
