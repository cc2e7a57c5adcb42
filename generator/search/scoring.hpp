#pragma once
// lunr's BM25, evaluated operation by operation as lunr.js does (this library is compiled with
// -ffp-contract=off: a fused multiply-add would change rounded weights).
#include <cstdint>

namespace hs::search {

constexpr double k_bm25_k1 = 1.2;
constexpr double k_bm25_b = 0.75;

// lunr.idf: ln(1 + |(N - n + 0.5) / (n + 0.5)|), n counting (field, document) pairs.
double idf(uint64_t documents_with_term, uint64_t document_count);

// A term's weight in one field of one document, rounded as Math.round(w * 1000) / 1000.
// Boosts of 0 count as 1, as lunr's `boost || 1` does.
double field_weight(double idf, uint32_t term_frequency, uint32_t field_length,
                    double average_field_length, double field_boost, double document_boost);

}  // namespace hs::search
