#!/usr/bin/env bash
# Builds the Debian package from a release build (cpack -G DEB), unpacks it
# into a scratch root with dpkg -x (no root needed, nothing touches the
# system), checks its control fields and contents, and runs the installed
# binary: --version, a lint, and the pre-commit hook test with the installed
# binary and hook file.
# Usage: tests/package/run.sh BUILD_DIR
# Needs dpkg-deb (dpkg), dpkg-shlibdeps (dpkg-dev), pre-commit and git.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
fail() { echo "package test: FAILED: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$build" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack"; }

version=$(sed -n 's/^#define POLICYLINT_VERSION "\(.*\)"$/\1/p' "$build/lib/include/policylint/version.hpp")
arch=$(dpkg --print-architecture)
deb="$tmp/out/policylint_${version}_${arch}.deb"
[ -f "$deb" ] || { ls "$tmp/out"; fail "no $(basename "$deb")"; }

# Control fields.
[ "$(dpkg-deb -f "$deb" Package)" = policylint ] || fail "Package field"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version field"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "Architecture field"

# Contents: the tool, the rule pages, the hook file; no library files.
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/contents"
for f in /usr/bin/policylint /usr/share/policylint/pre-commit-hooks.yaml /usr/share/doc/policylint/README.md \
  /usr/share/doc/policylint/rules/grammar/effect-invalid.md /usr/share/doc/policylint/rules/README.md; do
  grep -qx "$f" "$tmp/contents" || fail "$f is not in the package"
done
if grep -E '^/usr/(include|lib)/' "$tmp/contents"; then fail "library files in the package"; fi
pages=$(grep -c '^/usr/share/doc/policylint/rules/.*\.md$' "$tmp/contents")
expected=$(cd "$src/rules" && find . -name '*.md' | wc -l)
[ "$pages" -eq "$expected" ] || fail "$pages rule pages in the package, $expected in rules/"

# Installed into a scratch root.
root="$tmp/root"
dpkg -x "$deb" "$root"
cli="$root/usr/bin/policylint"
[ -x "$cli" ] || fail "$cli is not executable"
# The shared libraries the program needs are the package's dependencies: none
# for the fully static release build, libc6 for a build that links it.
if readelf -d "$cli" | grep -q "(NEEDED)"; then
  dpkg-deb -f "$deb" Depends | grep -q libc6 || fail "Depends has no libc6: $(dpkg-deb -f "$deb" Depends)"
else
  [ -z "$(dpkg-deb -f "$deb" Depends)" ] || fail "a static program with Depends: $(dpkg-deb -f "$deb" Depends)"
fi
"$cli" --version | grep -qF "$version" || fail "--version does not print $version"
set +e
"$cli" "$src/testdata/grammar/effect-invalid/bad-lowercase.json" >"$tmp/lint" 2>&1
status=$?
set -e
[ "$status" -eq 1 ] || { cat "$tmp/lint"; fail "lint exit status $status, expected 1"; }
grep -q "grammar/effect-invalid" "$tmp/lint" || { cat "$tmp/lint"; fail "the installed binary missed the finding"; }

# The pre-commit hook, as a user of the package runs it.
POLICYLINT_HOOKS_FILE="$root/usr/share/policylint/pre-commit-hooks.yaml" \
  bash "$src/tests/pre-commit/run.sh" --bin "$root/usr/bin" || fail "pre-commit hook with the installed binary"
echo "package test: passed ($(basename "$deb"), $(wc -l <"$tmp/contents") entries)"
