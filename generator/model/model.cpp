// The model is plain data (and the digest of shared text); this file keeps it a library of its
// own so the layering is enforced by the linker.
#include "model/model.hpp"

namespace hs {

const SharedText::Text& SharedText::empty() {
    static const Text none{""};
    return none;
}

const FieldDef* Config::field(const std::string& key) const {
    for (const auto& def : fields)
        if (def.key == key) return &def;
    return nullptr;
}

const Digest& SharedText::digest() const {
    const Text& text = m_text ? *m_text : empty();
    std::call_once(text.hashed, [&] { text.digest = Hasher().add(text.bytes).finish(); });
    return text.digest;
}

}  // namespace hs
