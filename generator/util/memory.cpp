#include "util/memory.hpp"

#ifdef HINDSIGHT_JEMALLOC
#include <jemalloc/jemalloc.h>
#else
#include <malloc.h>
#endif

namespace hs {

void release_free_memory() {
#ifdef HINDSIGHT_JEMALLOC
    // Every arena's unused pages, whichever thread they belong to.
    static_assert(MALLCTL_ARENAS_ALL == 4096, "the purge below names every arena by its number");
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
#else
    ::malloc_trim(0);
#endif
}

}  // namespace hs
