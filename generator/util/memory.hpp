#pragma once
// The process's allocator. Builds link jemalloc (Debian's libjemalloc-dev) in place of the C
// library's malloc, for every library in the process: a build makes tens of millions of short
// strings and JSON nodes on every core, and at 10,000 post-mortems a cold build took about a
// sixth less CPU with it, and `serve` held less (README › Performance, *The allocator*).
// Sanitizer and fuzzing builds keep the C library's malloc, which their runtimes replace
// (cmake -DHINDSIGHT_ALLOCATOR=libc does too).

namespace hs {

// "jemalloc" or "libc".
const char* allocator_name();

// Gives the memory that freed allocations leave behind back to the system, so an idle server
// holds what it uses and no more. False if the allocator refused.
bool release_free_memory();

}  // namespace hs
