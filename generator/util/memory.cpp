#include "util/memory.hpp"

#ifdef HINDSIGHT_JEMALLOC
#include <jemalloc/jemalloc.h>
#else
#include <malloc.h>
#endif

namespace hs {

#ifdef HINDSIGHT_JEMALLOC

const char* allocator_name() {
    return "jemalloc";
}

bool release_free_memory() {
    // Every arena's unused pages, whichever thread they belong to.
    static_assert(MALLCTL_ARENAS_ALL == 4096, "the purge below names every arena by its number");
    return mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0) == 0;
}

#else

const char* allocator_name() {
    return "libc";
}

bool release_free_memory() {
    ::malloc_trim(0);  // says whether it released anything, not whether it could
    return true;
}

#endif

}  // namespace hs
