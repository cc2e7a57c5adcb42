#include "search/js_keys.hpp"

namespace hs::search {

std::optional<uint32_t> array_index(std::string_view key) {
    if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return std::nullopt;
    uint64_t value = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + uint64_t(c - '0');
    }
    if (value >= 0xFFFFFFFFull) return std::nullopt;  // 2^32 - 1 is not an array index
    return uint32_t(value);
}

}  // namespace hs::search
