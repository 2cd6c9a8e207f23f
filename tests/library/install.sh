#!/usr/bin/env bash
# Installs the library from a build tree into a scratch prefix, builds the
# README's example against it with find_package(policylint) and runs it on a
# fixture: the finding must come out.
set -euo pipefail
build=$1 source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
cmake -S "$source/tests/library" -B "$scratch/build" -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/build" >/dev/null
out=$("$scratch/build/example" "$source/testdata/grammar/effect-invalid/bad-lowercase.json")
echo "$out"
grep -q "grammar/effect-invalid" <<<"$out"
