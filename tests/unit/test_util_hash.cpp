// Digests of several parts: the same whether the parts are gathered or streamed, so digests kept
// on disk (the build cache, the memo) stay valid.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "util/hash.hpp"

using namespace hs;

namespace {

// What a Hasher hashes: each part's length (8 bytes, little-endian on the machines we build
// for), then its bytes.
std::string written(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) {
        std::uint64_t size = part.size();
        out.append(reinterpret_cast<const char*>(&size), sizeof size);
        out += part;
    }
    return out;
}

}  // namespace

TEST_SUITE("util::hash") {
    TEST_CASE("a hasher's digest is XXH3's of its parts written out, however long they are") {
        std::mt19937 random(7);
        // Sizes on both sides of the parts a hasher gathers before it streams.
        for (size_t total : {0, 1, 100, 231, 232, 239, 240, 241, 500, 5000, 100000}) {
            CAPTURE(total);
            std::vector<std::string> parts;
            size_t left = total;
            while (left > 0) {
                size_t n = std::min<size_t>(left, random() % 300);
                std::string part(n, '\0');
                for (auto& c : part)
                    c = char(random());
                parts.push_back(part);
                left -= n;
            }
            Hasher h;
            for (const auto& part : parts)
                h.add(part);
            CHECK(h.finish() == digest(written(parts)));
            CHECK(h.finish() == h.finish());  // finish leaves it as it was
        }
    }

    TEST_CASE("at the edge of the gathered bytes: 240 written, 241, and a part that crosses") {
        // Each part writes 8 bytes of length, then itself: 232 + 8 = 240 bytes, one more, and
        // 100 + 8 then 200 + 8 (the second part crosses 240 midway).
        for (const auto& sizes :
             std::vector<std::vector<size_t>>{{232}, {233}, {100, 200}, {0, 0, 208}, {0, 0, 209}}) {
            std::vector<std::string> parts;
            for (size_t n : sizes)
                parts.emplace_back(n, 'x');
            CAPTURE(written(parts).size());
            Hasher h;
            for (const auto& part : parts)
                h.add(part);
            CHECK(h.finish() == digest(written(parts)));
        }
        CHECK(Hasher().add(std::string_view()).finish() == digest(written({""})));
    }

    TEST_CASE("parts are told apart by their lengths; numbers and digests are their bytes") {
        CHECK(Hasher().add("ab").add("c").finish() != Hasher().add("a").add("bc").finish());
        CHECK(Hasher().finish() == digest(""));
        Digest d = digest("x");
        std::uint64_t words[2] = {d.high, d.low};
        std::uint64_t n = 42;
        std::string bytes(reinterpret_cast<const char*>(words), sizeof words);
        bytes.append(reinterpret_cast<const char*>(&n), sizeof n);
        CHECK(Hasher().add(d).add_number(42).finish() == digest(bytes));
        std::string big(1000, 'q');
        Hasher streamed;
        streamed.add(d).add(big).add_number(42);
        std::string all(reinterpret_cast<const char*>(words), sizeof words);
        std::uint64_t size = big.size();
        all.append(reinterpret_cast<const char*>(&size), sizeof size);
        all += big;
        all.append(reinterpret_cast<const char*>(&n), sizeof n);
        CHECK(streamed.finish() == digest(all));
    }
}
