#include "util/path.hpp"

#include <filesystem>
#include <system_error>

namespace policylint::util {

std::string path_key(std::string_view path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p{std::string(path)};
  fs::path a = fs::absolute(p, ec);
  return (ec ? p : a).lexically_normal().generic_string();
}

}  // namespace policylint::util
