#include "util/hash.hpp"

#include <xxhash.h>

#include <cstring>

namespace hs {

struct Hasher::State {
    XXH3_state_t* xxh = XXH3_createState();
    ~State() { XXH3_freeState(xxh); }
};

std::string Digest::hex() const {
    static const char* const k_digits = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
        out[size_t(15 - i)] = k_digits[(high >> (4 * i)) & 15];
        out[size_t(31 - i)] = k_digits[(low >> (4 * i)) & 15];
    }
    return out;
}

std::optional<Digest> Digest::from_hex(std::string_view hex) {
    if (hex.size() != 32) return std::nullopt;
    Digest out;
    for (size_t i = 0; i < 32; ++i) {
        char c = hex[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0) return std::nullopt;
        std::uint64_t& half = i < 16 ? out.high : out.low;
        half = (half << 4) | std::uint64_t(v);
    }
    return out;
}

Digest digest(std::string_view bytes) {
    XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    return {h.high64, h.low64};
}

Hasher::Hasher() = default;

Hasher::~Hasher() = default;

void Hasher::write(const void* bytes, size_t size) {
    if (!m_state && m_used + size <= k_buffer) {
        if (size) std::memcpy(m_buffer + m_used, bytes, size);  // an empty part may be null
        m_used += size;
        return;
    }
    if (!m_state) {  // the parts outgrow the buffer: stream them, those gathered first
        m_state = std::make_unique<State>();
        if (!m_state->xxh) throw std::bad_alloc();
        XXH3_128bits_reset(m_state->xxh);
        XXH3_128bits_update(m_state->xxh, m_buffer, m_used);
    }
    XXH3_128bits_update(m_state->xxh, bytes, size);
}

Hasher& Hasher::add(std::string_view part) {
    std::uint64_t size = part.size();
    write(&size, sizeof size);
    write(part.data(), part.size());
    return *this;
}

Hasher& Hasher::add(const Digest& part) {
    std::uint64_t words[2] = {part.high, part.low};
    write(words, sizeof words);
    return *this;
}

Hasher& Hasher::add_number(std::uint64_t part) {
    write(&part, sizeof part);
    return *this;
}

Digest Hasher::finish() const {
    // XXH3's digest of bytes streamed is that of the same bytes hashed at once.
    XXH128_hash_t h = m_state ? XXH3_128bits_digest(m_state->xxh) : XXH3_128bits(m_buffer, m_used);
    return {h.high64, h.low64};
}

}  // namespace hs
