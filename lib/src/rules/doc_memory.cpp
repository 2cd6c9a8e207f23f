#include "doc_memory.hpp"

#include <cassert>
#include <limits>

#include "policylint/json.hpp"

namespace policylint::rules {

namespace {

// The first block's size: the families' data of a document of a few hundred
// statements. The arena takes its blocks from, and gives them back to, the
// thread's cache of arena blocks (json/parse.cpp), so the next document
// finds them there.
constexpr std::size_t kFirstBlock = 64 * 1024;

// The thread's state: plain values, so that reading it costs no guard. The
// arena lives in room of its own while a scope is open.
struct State {
  unsigned depth = 0;  // open DocScopes
  json::detail::Arena* arena = nullptr;
  alignas(json::detail::Arena) std::byte room[sizeof(json::detail::Arena)] = {};
};
constinit thread_local State state;

}  // namespace

namespace doc_memory {

void* allocate(std::size_t bytes, std::size_t align) {
  // (A vector never asks this much; the arena's sums cannot overflow.)
  if (bytes > std::numeric_limits<std::size_t>::max() / 4) throw std::bad_alloc();
  if (state.arena != nullptr) return state.arena->allocate(bytes, align);
  if (align > alignof(std::max_align_t)) return ::operator new(bytes, std::align_val_t(align));
  return ::operator new(bytes);
}

void deallocate(void* p, std::size_t, std::size_t align) noexcept {
  // The arena's room comes back when the last scope closes.
  if (p == nullptr || (state.arena != nullptr && state.arena->owns(p))) return;
  if (align > alignof(std::max_align_t))
    ::operator delete(p, std::align_val_t(align));
  else
    ::operator delete(p);
}

}  // namespace doc_memory

DocScope::DocScope() {
  if (state.depth++ == 0) state.arena = new (state.room) json::detail::Arena(kFirstBlock);
}

DocScope::~DocScope() {
  assert(state.depth > 0);  // closed on the thread that opened it
  if (--state.depth == 0) {
    state.arena->~Arena();
    state.arena = nullptr;
  }
}

}  // namespace policylint::rules
