#include "policylint/eval.hpp"

namespace policylint::eval {}  // namespace policylint::eval
