// The memory of the rule families' per-document data (rules/doc_memory.hpp):
// taken from the thread's block while a scope is open, given back at once
// when the last scope closes, from the heap otherwise.
#include <catch2/catch.hpp>
#include <cstdint>
#include <numeric>

#include "../../lib/src/rules/doc_memory.hpp"

using policylint::rules::DocScope;
using policylint::rules::DocVector;

namespace {

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

}  // namespace

TEST_CASE("doc memory: vectors of one scope share a block and leave it to the next scope", "[rules][memory]") {
  std::uintptr_t first = 0, second = 0;
  {
    DocScope scope;
    DocVector<std::uint64_t> a(10, 1);
    DocVector<std::uint64_t> b(10, 2);
    first = address(a.data());
    second = address(b.data());
    // One after the other in the block: no call to the heap between them.
    CHECK(second == first + 10 * sizeof(std::uint64_t));
    CHECK(std::accumulate(a.begin(), a.end(), std::uint64_t{0}) == 10);
    CHECK(std::accumulate(b.begin(), b.end(), std::uint64_t{0}) == 20);
  }
  {
    // The block is empty again: the next document starts where the last did.
    DocScope scope;
    DocVector<std::uint64_t> c(3, 7);
    CHECK(address(c.data()) == first);
  }
}

TEST_CASE("doc memory: a large document's blocks are freed, the first one kept", "[rules][memory]") {
  std::uintptr_t first = 0;
  {
    DocScope scope;
    DocVector<char> small(16, 'x');
    first = address(small.data());
    // Past the first block: more blocks, each twice the last.
    DocVector<std::uint32_t> big;
    for (std::uint32_t i = 0; i < 200000; ++i) big.push_back(i);
    CHECK(big[123456] == 123456);
    CHECK(small[15] == 'x');
  }
  DocScope scope;
  DocVector<char> again(16, 'y');
  CHECK(address(again.data()) == first);
}

TEST_CASE("doc memory: an inner scope gives nothing back while an outer one is open", "[rules][memory]") {
  DocScope outer;
  DocVector<std::uint64_t> kept(4, 9);
  std::uintptr_t inner_at = 0;
  {
    DocScope inner;
    DocVector<std::uint64_t> v(4, 5);
    inner_at = address(v.data());
  }
  DocVector<std::uint64_t> after(4, 6);
  CHECK(address(after.data()) != inner_at);
  CHECK(kept == DocVector<std::uint64_t>(4, 9));
}

TEST_CASE("doc memory: without a scope, and across its opening, vectors use the heap", "[rules][memory]") {
  DocVector<int> outside(5, 1);  // no scope open: from the heap
  std::uintptr_t heap_at = address(outside.data());
  {
    DocScope scope;
    DocVector<int> inside(5, 2);
    CHECK(address(inside.data()) != heap_at);
    // Grown inside the scope: its new room comes from the block, and the
    // heap room it leaves is freed to the heap (a sanitizer build checks).
    outside.resize(1000, 3);
    CHECK(outside[0] == 1);
    CHECK(outside[999] == 3);
    outside = DocVector<int>();  // done with it before the scope closes
  }
  DocVector<int> later(5, 4);
  CHECK(later[4] == 4);
}
