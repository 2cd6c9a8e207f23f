#include "doc_memory.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>

namespace policylint::rules {

namespace {

// A block: its header, then its room.
struct Block {
  Block* previous;
  std::size_t size;  // of the room
  std::byte* room() { return reinterpret_cast<std::byte*>(this + 1); }
};
static_assert(sizeof(Block) % alignof(std::max_align_t) == 0);

// The first block holds the families' data of a document of a few hundred
// statements; it is kept for the thread's next document. Larger documents
// add blocks, each twice the last, freed when the document is done.
constexpr std::size_t kFirstBlock = 64 * 1024;

// The thread's state: plain values, so that reading it costs no guard.
struct State {
  unsigned depth = 0;        // open DocScopes
  Block* last = nullptr;     // the newest block (each one points to the one before)
  std::byte* cur = nullptr;  // the free room of the newest block
  std::size_t left = 0;
};
constinit thread_local State state;

Block* new_block(std::size_t room) {
  auto* b = static_cast<Block*>(::operator new(sizeof(Block) + room));
  b->previous = state.last;
  b->size = room;
  return b;
}

// Frees the thread's blocks when the thread ends (made when the thread's
// first block is).
struct Release {
  ~Release() {
    for (Block* b = state.last; b != nullptr;) {
      Block* previous = b->previous;
      ::operator delete(b);
      b = previous;
    }
    state = State{};
  }
};

bool in_blocks(const void* p) {
  const auto* at = static_cast<const std::byte*>(p);
  for (Block* b = state.last; b != nullptr; b = b->previous)
    if (at >= b->room() && at < b->room() + b->size) return true;
  return false;
}

// Empties the first block and frees the others.
void reset() {
  if (state.last == nullptr) return;
  while (state.last->previous != nullptr) {
    Block* previous = state.last->previous;
    ::operator delete(state.last);
    state.last = previous;
  }
  if (state.last->size > kFirstBlock) {  // the first request was larger: not kept
    ::operator delete(state.last);
    state.last = nullptr;
    state.cur = nullptr;
    state.left = 0;
    return;
  }
  state.cur = state.last->room();
  state.left = state.last->size;
}

}  // namespace

namespace doc_memory {

void* allocate(std::size_t bytes, std::size_t align) {
  // (A vector never asks this much; the sums below cannot overflow.)
  if (bytes > std::numeric_limits<std::size_t>::max() / 4) throw std::bad_alloc();
  if (state.depth == 0) {
    if (align > alignof(std::max_align_t)) return ::operator new(bytes, std::align_val_t(align));
    return ::operator new(bytes);
  }
  std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(state.cur) % align) % align;
  if (state.cur == nullptr || pad + bytes > state.left) {
    if (state.last == nullptr) {
      thread_local Release release;  // frees the blocks when the thread ends
      (void)release;
    }
    const std::size_t room = std::max({kFirstBlock, bytes + align, state.last != nullptr ? 2 * state.last->size : 0});
    state.last = new_block(room);
    state.cur = state.last->room();
    state.left = room;
    pad = (align - reinterpret_cast<std::uintptr_t>(state.cur) % align) % align;
  }
  std::byte* out = state.cur + pad;
  state.cur = out + bytes;
  state.left -= pad + bytes;
  return out;
}

void deallocate(void* p, std::size_t, std::size_t align) noexcept {
  if (p == nullptr || in_blocks(p)) return;  // the block's room comes back when the scope closes
  if (align > alignof(std::max_align_t))
    ::operator delete(p, std::align_val_t(align));
  else
    ::operator delete(p);
}

}  // namespace doc_memory

DocScope::DocScope() { ++state.depth; }

DocScope::~DocScope() {
  assert(state.depth > 0);  // closed on the thread that opened it
  if (--state.depth == 0) reset();
}

}  // namespace policylint::rules
