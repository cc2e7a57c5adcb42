#pragma once
// The Unicode data JavaScript's toLowerCase needs, generated from Node.js itself
// (tests/lunr/gen_unicode_tables.js). Each table is sorted by code point.
#include <cstddef>
#include <cstdint>

namespace hs::search {

// Code points first, first + stride, … up to last lower-case to themselves plus delta.
struct LowerRange {
    char32_t first;
    char32_t last;
    int32_t delta;
    uint8_t stride;
};

// A code point whose lower case is more than one code point (U+0130 → i + U+0307).
struct SpecialLower {
    char32_t code_point;
    const char32_t* lower;
};

struct CodeRange {
    char32_t first;
    char32_t last;
};

extern const LowerRange k_lower_ranges[];
extern const size_t k_lower_range_count;
extern const SpecialLower k_special_lower[];
extern const size_t k_special_lower_count;
extern const CodeRange k_cased[];
extern const size_t k_cased_count;
extern const CodeRange k_case_ignorable[];
extern const size_t k_case_ignorable_count;

}  // namespace hs::search
