#pragma once
// Text kept compressed until it is read (zstd, Debian's libzstd). A rendered body's HTML and
// words are most of what `serve` and the build cache hold (some 19 KB a post-mortem, 190 MB at
// 10,000), yet after a save or an edit only the few pages made again read them; the rest are
// known by their digest.
#include <cstdint>
#include <string>
#include <string_view>

#include "util/hash.hpp"

namespace hs {

class PackedText {
  public:
    PackedText() = default;
    explicit PackedText(std::string_view text);

    // The text (unpacked on each call). Throws std::runtime_error if the packed bytes do not
    // unpack to the text's digest (a damaged cache; its archive's digest should tell first).
    std::string str() const;
    std::size_t size() const { return m_size; }  // of the text, not of what is kept
    bool empty() const { return m_size == 0; }
    const Digest& digest() const { return m_digest; }  // of the text

    // What is kept, to save and load it (pipeline/memo_store.cpp).
    const std::string& packed() const { return m_packed; }
    static PackedText from_packed(std::string packed, std::uint64_t size, Digest digest);

    // Same text: the digest stands for the bytes (util/hash.hpp).
    friend bool operator==(const PackedText& a, const PackedText& b) {
        return a.m_size == b.m_size && a.m_digest == b.m_digest;
    }

  private:
    std::string m_packed;
    std::uint64_t m_size = 0;
    Digest m_digest = hs::digest({});
};

}  // namespace hs
