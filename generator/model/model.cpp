// The model is plain data (and the digest of shared text); this file keeps it a library of its
// own so the layering is enforced by the linker.
#include "model/model.hpp"

namespace hs {

const PackedText& SharedText::empty() {
    static const PackedText none;
    return none;
}

const FieldDef* Config::field(const std::string& key) const {
    for (const auto& def : fields)
        if (def.key == key) return &def;
    return nullptr;
}

}  // namespace hs
