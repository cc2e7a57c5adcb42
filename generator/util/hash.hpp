#pragma once
// 128-bit content digests (xxHash's XXH3, Debian's libxxhash), for what the build reuses: equal
// digests stand for equal bytes (a chance collision needs about 2^64 different inputs).
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hs {

struct Digest {
    std::uint64_t high = 0, low = 0;
    auto operator<=>(const Digest&) const = default;
    std::string hex() const;  // 32 lowercase hex digits
    // The digest hex() wrote, or nullopt for anything else.
    static std::optional<Digest> from_hex(std::string_view hex);
};

Digest digest(std::string_view bytes);

// A digest of several parts. Each part is added with its length, so ("ab", "c") and ("a", "bc")
// differ. The digest is XXH3's of the parts so written one after another: most hashers take a
// few short parts (a page's key, a file's stamp), so those are gathered here and hashed at once,
// and XXH3's streaming state (allocated, and slower on short parts) is made only for more.
class Hasher {
  public:
    Hasher();
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;
    Hasher& add(std::string_view part);
    Hasher& add(const Digest& part);
    Hasher& add_number(std::uint64_t part);
    Digest finish() const;

  private:
    void write(const void* bytes, size_t size);
    struct State;
    std::unique_ptr<State> m_state;  // null while the parts fit in m_buffer
    static constexpr size_t k_buffer = 240;
    size_t m_used = 0;
    char m_buffer[k_buffer];
};

}  // namespace hs
