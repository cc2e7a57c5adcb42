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
    // A word in more than one post-mortem in twenty says little about likeness, and its long
    // posting list would make every post-mortem a candidate of every other.
    int max_frequency = std::max(20, int(site.postmortems.size() / 20));
    std::vector<TermVector> vectors;
    for (const auto& c : counts) {
        TermVector v;
        for (const auto& [w, n] : c) {
            int df = document_frequency[w];
            double idf = std::log(n_docs / df);
            if (idf > 0 && df <= max_frequency) v.emplace_back(w, (1 + std::log(double(n))) * idf);
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

    // Scores accumulate in a dense array while walking the postings of each shared service, tag
    // and word, so each candidate costs one addition per thing it shares.
    std::vector<std::vector<SimilarIncident>> out(pms.size());
    std::vector<double> score(pms.size(), 0.0);
    std::vector<size_t> touched;
    auto add = [&](size_t j, double x) {
        if (score[j] == 0.0) touched.push_back(j);
        score[j] += x;
    };
    for (size_t i = 0; i < pms.size(); ++i) {
        touched.clear();
        for (const auto& s : pms[i].services)
            for (size_t j : taxonomies.services.at(s))
                add(j, 3.0);
        for (const auto& t : pms[i].tags)
            for (size_t j : taxonomies.tags.at(t))
                add(j, 1.0);
        for (const auto& [w, x] : vectors[i])
            for (const auto& [j, y] : by_term[w])
                add(j, 6.0 * x * y);

        auto& best = out[i];
        for (size_t j : touched) {
            double total = score[j] + (pms[i].category == pms[j].category ? 2.0 : 0.0);
            score[j] = 0.0;
            if (j != i && total >= k_min_score) best.push_back({j, total});
        }
        // Site order is newest first, so a smaller index wins a tie.
        size_t keep = std::min(limit, best.size());
        std::partial_sort(best.begin(), best.begin() + long(keep), best.end(),
                          [](const SimilarIncident& a, const SimilarIncident& b) {
                              return a.score != b.score ? a.score > b.score
                                                        : a.postmortem < b.postmortem;
                          });
        best.resize(keep);
    }
    return out;
}

}  // namespace hs
