#pragma once
// Paths as the run compares files.
#include <string>
#include <string_view>

namespace policylint::util {

// A file's key: its path made absolute against the working directory and
// lexically normal (no symlinks resolved, nothing read), so that "a.json",
// "./a.json", "dir/../a.json" and "/repo/a.json" name one file wherever the
// run meets them (inputs as typed, a configuration's paths under its absolute
// root, Terraform's file() references).
std::string path_key(std::string_view path);

}  // namespace policylint::util
