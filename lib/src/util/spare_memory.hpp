#pragma once
// Allocators for objects each document makes and drops (its rule facts, its
// policy's arena): the thread keeps the last one's block for the next
// document's, one call to malloc and one to free fewer per document (and,
// for blocks larger than the allocator's per-thread caches take, as the
// facts are, none of its slower paths).
#include <cstddef>
#include <new>

namespace policylint::util {

// An allocator with no state of its own: Memory's static allocate(bytes,
// align) and deallocate(p, bytes, align) give and take the room.
template <typename T, typename Memory>
struct StatelessAlloc {
  using value_type = T;
  StatelessAlloc() = default;
  template <typename U>
  StatelessAlloc(const StatelessAlloc<U, Memory>&) noexcept {}  // NOLINT: implicit, as allocators are
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(Memory::allocate(n * sizeof(T), alignof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { Memory::deallocate(p, n * sizeof(T), alignof(T)); }
  template <typename U>
  bool operator==(const StatelessAlloc<U, Memory>&) const noexcept {
    return true;
  }
};

// The heap, with one block per thread and Tag kept when it is freed: the
// next request of the same size takes it back. A block may be freed on
// another thread than the one that took it (any thread may keep or free a
// heap block).
template <typename Tag>
struct SpareBlockMemory {
  static void* allocate(std::size_t bytes, std::size_t align) {
    if (align > __STDCPP_DEFAULT_NEW_ALIGNMENT__) return ::operator new(bytes, std::align_val_t(align));
    if (gone_) return ::operator new(bytes);
    Spare& s = spare_;
    if (s.p != nullptr && s.bytes == bytes) {
      void* p = s.p;
      s.p = nullptr;
      return p;
    }
    return ::operator new(bytes);
  }
  static void deallocate(void* p, std::size_t bytes, std::size_t align) noexcept {
    if (align > __STDCPP_DEFAULT_NEW_ALIGNMENT__) return ::operator delete(p, std::align_val_t(align));
    if (gone_) return ::operator delete(p);
    Spare& s = spare_;
    if (s.p == nullptr) {
      s.p = p;
      s.bytes = bytes;
      return;
    }
    ::operator delete(p);
  }

private:
  struct Spare {
    void* p = nullptr;
    std::size_t bytes = 0;
    ~Spare() {
      ::operator delete(p);
      p = nullptr;
      gone_ = true;  // an object freed later on this thread (a static one, at exit) goes to the heap
    }
  };
  static thread_local Spare spare_;
  static constinit thread_local bool gone_;
};

template <typename Tag>
thread_local typename SpareBlockMemory<Tag>::Spare SpareBlockMemory<Tag>::spare_;
template <typename Tag>
constinit thread_local bool SpareBlockMemory<Tag>::gone_ = false;

}  // namespace policylint::util
