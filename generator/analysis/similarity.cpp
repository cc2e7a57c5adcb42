#include "analysis/similarity.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "util/parallel.hpp"

namespace hs {
namespace {

constexpr size_t k_top_terms = 24;
constexpr double k_min_score = 2.0;
// Services and tags do not grow with the knowledge base, so their post-mortem lists do: each
// post-mortem draws candidates only from the k_neighbours nearest in time on either side of it
// in each list, and from words in at most k_max_word_frequency post-mortems. The work per
// post-mortem is then bounded, and the whole grows linearly.
constexpr size_t k_neighbours = 64;
constexpr int k_max_word_frequency = 200;

const std::set<std::string_view> k_stop_words = {
    "the",     "and",   "for",   "that",  "this",   "with", "was",  "were", "are",   "but",
    "not",     "from",  "have",  "had",   "has",    "its",  "into", "when", "which", "what",
    "who",     "our",   "they",  "their", "there",  "then", "than", "been", "also",  "only",
    "all",     "any",   "can",   "did",   "does",   "out",  "one",  "two",  "more",  "after",
    "before",  "while", "would", "could", "should", "each", "some", "over", "under", "about",
    "because", "did",   "why",   "how",   "per"};

using TermVector = std::vector<std::pair<std::uint32_t, double>>;  // word ids, sorted by word

std::map<std::string, int> word_counts(const PostMortem& pm) {
    std::map<std::string, int> counts;
    std::string word;
    auto flush = [&] {
        if (word.size() >= 3 && !k_stop_words.count(word) &&
            !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
            ++counts[word];
        word.clear();
    };
    for (const std::string* text : {&pm.title, &pm.summary, &pm.body.str()}) {
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
// Each post-mortem's word counts, from the memo when its text is the same; words are given ids
// in the memo's table (new ones one thread at a time, after counting).
std::vector<std::shared_ptr<const WordCounts>> count_words(const Site& site, unsigned jobs,
                                                           SimilarMemo& memo) {
    const auto& pms = site.postmortems;
    std::vector<std::shared_ptr<const WordCounts>> counts(pms.size());
    std::vector<Digest> keys(pms.size());
    std::vector<std::map<std::string, int>> fresh(pms.size());
    parallel_for(pms.size(), jobs, [&](size_t i) {
        keys[i] = Hasher().add(pms[i].title).add(pms[i].summary).add(pms[i].body.digest()).finish();
        counts[i] = memo.counts.find(pms[i].pos.path, keys[i]);
        if (!counts[i]) fresh[i] = word_counts(pms[i]);
    });
    for (size_t i = 0; i < pms.size(); ++i) {
        if (counts[i]) continue;
        WordCounts c;
        for (const auto& [word, n] : fresh[i]) {
            auto [it, added] = memo.ids.emplace(word, std::uint32_t(memo.words.size()));
            if (added) memo.words.push_back(word);
            c.emplace_back(it->second, std::uint32_t(n));
        }
        counts[i] = memo.counts.put(pms[i].pos.path, keys[i], std::move(c));
    }
    memo.counts.sweep();
    return counts;
}

// Each post-mortem's most distinctive words, weighted by tf-idf and normalized to length 1.
std::vector<TermVector> top_terms(const Site& site, unsigned jobs, SimilarMemo& memo) {
    auto counts = count_words(site, jobs, memo);
    const auto& words = memo.words;
    std::vector<int> document_frequency(words.size(), 0);
    for (const auto& c : counts)
        for (const auto& [w, n] : *c)
            ++document_frequency[w];
    double n_docs = double(site.postmortems.size());
    // A word in more than one post-mortem in twenty says little about likeness, and its long
    // posting list would make every post-mortem a candidate of every other.
    int max_frequency =
        std::min(k_max_word_frequency, std::max(20, int(site.postmortems.size() / 20)));
    std::vector<TermVector> vectors(counts.size());
    parallel_for(counts.size(), jobs, [&](size_t i) {
        TermVector v;
        for (const auto& [w, n] : *counts[i]) {
            int df = document_frequency[w];
            double idf = std::log(n_docs / df);
            if (idf > 0 && df <= max_frequency) v.emplace_back(w, (1 + std::log(double(n))) * idf);
        }
        // Ties and the final order go by the word itself, never by its id, so the result does
        // not depend on the order words were first seen in.
        std::sort(v.begin(), v.end(), [&](auto& a, auto& b) {
            return a.second != b.second ? a.second > b.second : words[a.first] < words[b.first];
        });
        if (v.size() > k_top_terms) v.resize(k_top_terms);
        double norm = 0;
        for (auto& [w, x] : v)
            norm += x * x;
        norm = std::sqrt(norm);
        for (auto& [w, x] : v)
            x /= norm;
        std::sort(v.begin(), v.end(), [&](auto& a, auto& b) {
            return words[a.first] != words[b.first] ? words[a.first] < words[b.first]
                                                    : a.second < b.second;
        });
        vectors[i] = std::move(v);
    });
    return vectors;
}

}  // namespace

std::vector<std::vector<SimilarIncident>> find_similar(const Site& site,
                                                       const Taxonomies& taxonomies, size_t limit,
                                                       unsigned jobs, SimilarMemo* memo) {
    const auto& pms = site.postmortems;
    SimilarMemo cold;
    auto vectors = top_terms(site, jobs, memo ? *memo : cold);
    std::vector<std::vector<std::pair<size_t, double>>> by_term((memo ? *memo : cold).words.size());
    for (size_t i = 0; i < pms.size(); ++i)
        for (const auto& [w, x] : vectors[i])
            by_term[w].emplace_back(i, x);

    // Scores accumulate in a dense array (one per thread) while walking the postings of each
    // shared service, tag and word, so each candidate costs one addition per thing it shares.
    std::vector<std::vector<SimilarIncident>> out(pms.size());
    struct Scratch {
        std::vector<double> score;
        std::vector<size_t> touched;
        std::vector<SimilarIncident> candidates;
    };
    const unsigned threads = unsigned(std::max<size_t>(1, std::min<size_t>(jobs, pms.size())));
    std::vector<Scratch> scratch(threads);
    // Post-mortems in blocks, one block per thread, so each thread keeps its own scratch.
    parallel_for(threads, threads, [&](size_t t) {
        auto& score = scratch[t].score;  // not a structured binding: clang 14 cannot capture one
        auto& touched = scratch[t].touched;
        auto& best = scratch[t].candidates;  // out[i] gets only the few kept
        score.assign(pms.size(), 0.0);
        auto add = [&](size_t j, double x) {
            if (score[j] == 0.0) touched.push_back(j);
            score[j] += x;
        };
        auto add_near = [&](const std::vector<size_t>& list, size_t i, double x) {
            auto at = size_t(std::lower_bound(list.begin(), list.end(), i) - list.begin());
            size_t from = at > k_neighbours ? at - k_neighbours : 0;
            size_t to = std::min(list.size(), at + k_neighbours + 1);
            for (size_t k = from; k < to; ++k)
                add(list[k], x);
        };
        for (size_t i = t; i < pms.size(); i += threads) {
            touched.clear();
            for (const auto& s : pms[i].services)
                add_near(taxonomies.services.at(s), i, 3.0);
            for (const auto& tag : pms[i].tags)
                add_near(taxonomies.tags.at(tag), i, 1.0);
            for (const auto& [w, x] : vectors[i])
                for (const auto& [j, y] : by_term[w])
                    add(j, 6.0 * x * y);

            best.clear();
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
            out[i].assign(best.begin(), best.begin() + long(keep));
        }
    });
    return out;
}

}  // namespace hs
