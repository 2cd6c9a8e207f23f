#pragma once
// Memory for the data the rule families keep about one document
// (Facts::shared): its vectors take their room from a block the thread keeps
// from one document to the next, and give it all back at once when the
// document's Facts go, instead of a call to malloc and one to free for each
// vector (a document's families make about a dozen of each).
//
// A DocVector allocates from the thread's block while some Facts is alive on
// the thread (a DocScope is open), else from the heap as any vector; freeing
// memory of the block does nothing. So a DocVector stays on its thread and
// must not outlive the Facts it was filled under (the families' own types
// hold them, and a rule's local lists made after it asked for the Facts),
// and one filled on the heap and grown under a scope is gone before the
// scope closes. A scope is closed on the thread that opened it: a Facts is
// released on the thread that made it.
#include <cstddef>
#include <new>
#include <vector>

#include "../util/spare_memory.hpp"

namespace policylint::rules {

namespace doc_memory {

void* allocate(std::size_t bytes, std::size_t align);
void deallocate(void* p, std::size_t bytes, std::size_t align) noexcept;

}  // namespace doc_memory

// While one is alive on a thread, DocVectors of that thread take their room
// from its block; when the last one goes, the block is empty again (and
// blocks a large document added are freed).
class DocScope {
public:
  DocScope();
  ~DocScope();
  DocScope(const DocScope&) = delete;
  DocScope& operator=(const DocScope&) = delete;
};

using util::StatelessAlloc;

// The thread's block (doc_memory::allocate and deallocate).
struct DocMemory {
  static void* allocate(std::size_t bytes, std::size_t align) { return doc_memory::allocate(bytes, align); }
  static void deallocate(void* p, std::size_t bytes, std::size_t align) noexcept {
    doc_memory::deallocate(p, bytes, align);
  }
};

template <typename T>
using DocAlloc = StatelessAlloc<T, DocMemory>;

template <typename T>
using DocVector = std::vector<T, DocAlloc<T>>;

}  // namespace policylint::rules
