#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "util/memory.hpp"

#ifdef HINDSIGHT_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

using namespace hs;

namespace {
void* volatile g_kept;  // so the allocations below are not optimised away
}

TEST_SUITE("util::memory") {
    TEST_CASE("freed memory is given back") {
        {
            std::vector<std::string> many(20000, std::string(200, 'x'));
            g_kept = many.data();
        }
        CHECK(release_free_memory());
    }

#ifdef HINDSIGHT_JEMALLOC
    TEST_CASE("malloc and new are jemalloc's for the whole process") {
        CHECK(std::string(allocator_name()) == "jemalloc");
        // jemalloc counts what each thread allocated through it; if the C library's malloc
        // answered these calls (jemalloc linked after it), the count would not move.
        auto allocated = [] {
            std::uint64_t n = 0;
            size_t size = sizeof n;
            REQUIRE(mallctl("thread.allocated", &n, &size, nullptr, 0) == 0);
            return n;
        };
        constexpr std::uint64_t k_size = 1 << 20;
        std::uint64_t before = allocated();
        void* raw = std::malloc(k_size);
        g_kept = raw;
        CHECK(allocated() >= before + k_size);
        auto array = std::make_unique<char[]>(k_size);
        g_kept = array.get();
        CHECK(allocated() >= before + 2 * k_size);
        std::free(raw);
    }
#else
    TEST_CASE("a build without jemalloc says so") {
        CHECK(std::string(allocator_name()) == "libc");
    }
#endif
}
