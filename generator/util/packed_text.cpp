#include "util/packed_text.hpp"

#include <zstd.h>

#include <memory>
#include <new>
#include <stdexcept>

namespace hs {
namespace {

// zstd's fastest regular level. At 10,000 post-mortems the bodies' HTML and words, 188 MB, pack
// into about 50 MB (the build cache's memo went from 381 to 242 MB).
constexpr int k_level = 1;

// A context each thread keeps, rather than one made and freed for each of 20,000 small texts
// (what ZSTD_compress does).
struct Contexts {
    std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> pack{ZSTD_createCCtx(), ZSTD_freeCCtx};
    std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> unpack{ZSTD_createDCtx(), ZSTD_freeDCtx};
};
Contexts& contexts() {
    thread_local Contexts c;
    if (!c.pack || !c.unpack) throw std::bad_alloc();  // zstd could not allocate them
    return c;
}

[[noreturn]] void damaged() {
    throw std::runtime_error("a packed text does not unpack to what was packed (a damaged cache?)");
}

}  // namespace

PackedText::PackedText(std::string_view text) : m_size(text.size()), m_digest(hs::digest(text)) {
    if (text.empty()) return;
    m_packed.resize(ZSTD_compressBound(text.size()));
    size_t n = ZSTD_compressCCtx(contexts().pack.get(), m_packed.data(), m_packed.size(),
                                 text.data(), text.size(), k_level);
    if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
    m_packed.resize(n);
    m_packed.shrink_to_fit();  // kept for the life of a build or a server
}

std::string PackedText::str() const {
    std::string text;
    if (m_size > 0) {
        // The frame says how long its text is: a damaged size is not allocated.
        if (ZSTD_getFrameContentSize(m_packed.data(), m_packed.size()) != m_size) damaged();
        text.resize(m_size);
        size_t n = ZSTD_decompressDCtx(contexts().unpack.get(), text.data(), text.size(),
                                       m_packed.data(), m_packed.size());
        if (ZSTD_isError(n) || n != m_size) damaged();
    }
    // Checked against the digest too (some 10 GB/s): a damaged byte may still unpack to the
    // right size.
    if (hs::digest(text) != m_digest) damaged();
    return text;
}

PackedText PackedText::from_packed(std::string packed, std::uint64_t size, Digest digest) {
    PackedText t;
    t.m_packed = std::move(packed);
    t.m_size = size;
    t.m_digest = digest;
    return t;
}

}  // namespace hs
