#include "policylint/catalog.hpp"

namespace policylint::catalog {

const Catalog& get() {
  static const Catalog c = Catalog::load();
  return c;
}

Catalog Catalog::load() { return Catalog{}; }

}  // namespace policylint::catalog
