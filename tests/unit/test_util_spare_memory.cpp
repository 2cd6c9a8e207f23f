// The thread's spare block (util/spare_memory.hpp): a block freed is kept for
// the next request of its size; another size, or a second block, goes to the
// heap.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "../../lib/src/util/spare_memory.hpp"

// Each test its own tag: its own spare block, whatever the others left.
template <typename Tag>
using SpareOf = policylint::util::SpareBlockMemory<Tag>;

TEST_CASE("spare memory: a freed block is taken again by the next request of its size", "[util][memory]") {
  using Spare = SpareOf<struct SizeTag>;
  void* a = Spare::allocate(300, 8);
  std::memset(a, 1, 300);
  Spare::deallocate(a, 300, 8);
  // The heap's next block of that size is another one: the thread keeps a
  // (a heap that had it back would hand it out first).
  void* other = ::operator new(300);
  CHECK(other != a);
  void* b = Spare::allocate(300, 8);
  CHECK(b == a);
  ::operator delete(other);
  // Another size does not take it, and a second freed block is not kept.
  void* c = Spare::allocate(200, 8);
  CHECK(c != b);
  Spare::deallocate(b, 300, 8);
  Spare::deallocate(c, 200, 8);  // the spare is taken: c goes to the heap
  void* d = Spare::allocate(200, 8);
  void* e = Spare::allocate(300, 8);
  CHECK(e == b);
  Spare::deallocate(d, 200, 8);
  Spare::deallocate(e, 300, 8);
}

TEST_CASE("spare memory: each thread keeps its own block, and blocks may be freed on another thread",
          "[util][memory]") {
  using Spare = SpareOf<struct ThreadTag>;
  void* mine = Spare::allocate(64, 8);
  Spare::deallocate(mine, 64, 8);
  void* theirs = nullptr;
  std::thread t([&] { theirs = Spare::allocate(64, 8); });  // its own spare is empty: from the heap
  t.join();
  CHECK(theirs != mine);
  Spare::deallocate(theirs, 64, 8);  // freed here: this thread already keeps one, so to the heap
  CHECK(Spare::allocate(64, 8) == mine);
  Spare::deallocate(mine, 64, 8);
}

TEST_CASE("spare memory: as a shared_ptr's allocator, the next object takes the last one's block", "[util][memory]") {
  using Alloc = policylint::util::StatelessAlloc<std::uint64_t, policylint::util::SpareBlockMemory<struct SharedTag>>;
  const std::uint64_t* first = nullptr;
  {
    auto p = std::allocate_shared<std::uint64_t>(Alloc{}, 41);
    first = p.get();
  }
  // Blocks of every small size from the heap first: none is the kept one.
  std::vector<void*> heap;
  heap.reserve(16);  // before: the list's own growth would free small blocks again
  for (std::size_t size = 8; size <= 128; size += 8) heap.push_back(::operator new(size));
  auto q = std::allocate_shared<std::uint64_t>(Alloc{}, 42);
  CHECK(q.get() == first);
  CHECK(*q == 42);
  for (void* p : heap) ::operator delete(p);
}
