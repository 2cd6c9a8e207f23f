#include "policylint/report.hpp"

namespace policylint {}  // namespace policylint
