#pragma once
// JavaScript's own-property order, which JSON.stringify follows: keys that are array indices
// ("0", "9", "10"; canonical, below 2^32 - 1) first in numeric order, then the others in the
// order they were added.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hs::search {

std::optional<uint32_t> array_index(std::string_view key);

// Reorders items, given in insertion order, as an object with their keys would list them.
template <class It, class KeyOf>
void sort_as_js_keys(It begin, It end, KeyOf key_of) {
    auto numeric_end = std::stable_partition(
        begin, end, [&](const auto& item) { return array_index(key_of(item)).has_value(); });
    std::stable_sort(begin, numeric_end, [&](const auto& a, const auto& b) {
        return *array_index(key_of(a)) < *array_index(key_of(b));
    });
}

}  // namespace hs::search
