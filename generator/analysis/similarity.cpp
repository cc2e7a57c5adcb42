#include "analysis/similarity.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace hs {
namespace {

constexpr size_t k_top_terms = 24;
constexpr double k_min_score = 2.0;

const std::set<std::string_view> k_stop_words = {
    "the",     "and",   "for",   "that",  "this",   "with", "was",  "were", "are",   "but",
    "not",     "from",  "have",  "had",   "has",    "its",  "into", "when", "which", "what",
    "who",     "our",   "they",  "their", "there",  "then", "than", "been", "also",  "only",
    "all",     "any",   "can",   "did",   "does",   "out",  "one",  "two",  "more",  "after",
    "before",  "while", "would", "could", "should", "each", "some", "over", "under", "about",
    "because", "did",   "why",   "how",   "per"};

using TermVector = std::vector<std::pair<std::string, double>>;  // sorted by term

std::map<std::string, int> word_counts(const PostMortem& pm) {
    std::map<std::string, int> counts;
    std::string word;
    auto flush = [&] {
        if (word.size() >= 3 && !k_stop_words.count(word) &&
            !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
            ++counts[word];
        word.clear();
    };
    for (const std::string* text : {&pm.title, &pm.summary, &pm.body}) {
        for (char c : *text) {
            if (std::isalnum(static_cast<unsigned char>(c)) ||
                static_cast<unsigned char>(c) >= 0x80)
                word += char(std::tolower(static_cast<unsigned char>(c)));
            else
                flush();
        }
        flush();
    }
    return counts;
}

// Each post-mortem's most distinctive words, weighted by tf-idf and normalized to length 1.
std::vector<TermVector> top_terms(const Site& site) {
    std::vector<std::map<std::string, int>> counts;
    std::unordered_map<std::string, int> document_frequency;
    for (const auto& pm : site.postmortems) {
        counts.push_back(word_counts(pm));
        for (const auto& [w, n] : counts.back())
            ++document_frequency[w];
    }
    double n_docs = double(site.postmortems.size());
    std::vector<TermVector> vectors;
    for (const auto& c : counts) {
        TermVector v;
        for (const auto& [w, n] : c) {
            double idf = std::log(n_docs / document_frequency[w]);
            if (idf > 0) v.emplace_back(w, (1 + std::log(double(n))) * idf);
        }
        std::sort(v.begin(), v.end(), [](auto& a, auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        if (v.size() > k_top_terms) v.resize(k_top_terms);
        double norm = 0;
        for (auto& [w, x] : v)
            norm += x * x;
        norm = std::sqrt(norm);
        for (auto& [w, x] : v)
            x /= norm;
        std::sort(v.begin(), v.end());
        vectors.push_back(std::move(v));
    }
    return vectors;
}

size_t shared(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    size_t n = 0;
    for (const auto& x : a)
        n += std::find(b.begin(), b.end(), x) != b.end();
    return n;
}

}  // namespace

std::vector<std::vector<SimilarIncident>> find_similar(const Site& site,
                                                       const Taxonomies& taxonomies, size_t limit) {
    const auto& pms = site.postmortems;
    auto vectors = top_terms(site);
    std::unordered_map<std::string, std::vector<std::pair<size_t, double>>> by_term;
    for (size_t i = 0; i < pms.size(); ++i)
        for (const auto& [w, x] : vectors[i])
            by_term[w].emplace_back(i, x);

    std::vector<std::vector<SimilarIncident>> out(pms.size());
    std::unordered_map<size_t, double> text;  // candidate → dot product of the term vectors
    for (size_t i = 0; i < pms.size(); ++i) {
        text.clear();
        for (const auto& [w, x] : vectors[i])
            for (const auto& [j, y] : by_term[w])
                if (j != i) text[j] += x * y;
        for (const auto& s : pms[i].services)
            for (size_t j : taxonomies.services.at(s))
                text.try_emplace(j, 0.0);
        for (const auto& t : pms[i].tags)
            for (size_t j : taxonomies.tags.at(t))
                text.try_emplace(j, 0.0);
        text.erase(i);

        auto& best = out[i];
        for (const auto& [j, cosine] : text) {
            double score = 3.0 * double(shared(pms[i].services, pms[j].services)) +
                           2.0 * (pms[i].category == pms[j].category) +
                           1.0 * double(shared(pms[i].tags, pms[j].tags)) + 6.0 * cosine;
            if (score >= k_min_score) best.push_back({j, score});
        }
        // Site order is newest first, so a smaller index wins a tie.
        std::sort(best.begin(), best.end(), [](const SimilarIncident& a, const SimilarIncident& b) {
            return a.score != b.score ? a.score > b.score : a.postmortem < b.postmortem;
        });
        if (best.size() > limit) best.resize(limit);
    }
    return out;
}

}  // namespace hs
