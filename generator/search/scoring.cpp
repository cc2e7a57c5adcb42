#include "search/scoring.hpp"

#include <cmath>

#include "search/js_math.hpp"

namespace hs::search {
namespace {

double or_one(double boost) {
    return boost == 0 || std::isnan(boost) ? 1 : boost;
}

}  // namespace

double idf(uint64_t documents_with_term, uint64_t document_count) {
    double n = double(documents_with_term);
    double x = (double(document_count) - n + 0.5) / (n + 0.5);
    return js_log(1 + std::fabs(x));
}

double field_weight(double idf, uint32_t term_frequency, uint32_t field_length,
                    double average_field_length, double field_boost, double document_boost) {
    const double k1 = k_bm25_k1, b = k_bm25_b, tf = term_frequency;
    double score = idf * ((k1 + 1) * tf) /
                   (k1 * (1 - b + b * (double(field_length) / average_field_length)) + tf);
    score *= or_one(field_boost);
    score *= or_one(document_boost);
    return js_round(score * 1000) / 1000;
}

}  // namespace hs::search
