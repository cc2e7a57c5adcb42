#include "analysis/similarity.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>
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

// The words of a post-mortem's title, summary and body (letters, digits and any non-ASCII byte,
// lower-cased), each with its count, sorted by word; short words, stop words and numbers left
// out. The text is lower-cased once and cut into views of it, so a word is copied only once.
std::vector<std::pair<std::string, int>> word_counts(const PostMortem& pm) {
    const std::string body = pm.body.str();
    std::string text;
    text.reserve(pm.title.size() + pm.summary.size() + body.size() + 3);
    for (const std::string* part : {&pm.title, &pm.summary, &body}) {
        for (char c : *part) {
            auto u = static_cast<unsigned char>(c);
            bool letter = (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80;
            text += letter ? c : u >= 'A' && u <= 'Z' ? char(u - 'A' + 'a') : ' ';
        }
        text += ' ';
    }
    std::unordered_map<std::string_view, int> seen;
    seen.reserve(text.size() / 16);
    for (size_t at = 0; at < text.size();) {
        size_t end = text.find(' ', at);
        std::string_view word(text.data() + at, end - at);
        at = end + 1;
        if (word.size() >= 3 &&
            !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
            ++seen[word];
    }
    std::vector<std::pair<std::string, int>> counts;
    for (const auto& [word, n] : seen)
        if (!k_stop_words.count(word)) counts.emplace_back(std::string(word), n);
    std::sort(counts.begin(), counts.end());
    return counts;
}

// Each post-mortem's word counts, from the memo when its text is the same; words are given ids
// in the memo's table (new ones one thread at a time, after counting).
std::vector<std::shared_ptr<const WordCounts>> count_words(const Site& site, unsigned jobs,
                                                           SimilarMemo& memo) {
    const auto& pms = site.postmortems;
    std::vector<std::shared_ptr<const WordCounts>> counts(pms.size());
    std::vector<Digest> keys(pms.size());
    std::vector<std::vector<std::pair<std::string, int>>> fresh(pms.size());
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
    // Words are ordered by their rank, which sorts as the words themselves do, so the sorts
    // below compare numbers, not strings. Ranked again only when new words came.
    if (memo.rank.size() != words.size()) {
        std::vector<std::uint32_t> by_word(words.size());
        std::iota(by_word.begin(), by_word.end(), std::uint32_t(0));
        std::sort(by_word.begin(), by_word.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return words[a] < words[b]; });
        memo.rank.resize(words.size());
        for (size_t r = 0; r < by_word.size(); ++r)
            memo.rank[by_word[r]] = std::uint32_t(r);
    }
    const auto& rank = memo.rank;
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
            return a.second != b.second ? a.second > b.second : rank[a.first] < rank[b.first];
        });
        if (v.size() > k_top_terms) v.resize(k_top_terms);
        double norm = 0;
        for (auto& [w, x] : v)
            norm += x * x;
        norm = std::sqrt(norm);
        for (auto& [w, x] : v)
            x /= norm;
        std::sort(v.begin(), v.end(),
                  [&](auto& a, auto& b) { return rank[a.first] < rank[b.first]; });
        vectors[i] = std::move(v);
    });
    return vectors;
}

}  // namespace

struct SimilarIncidents::Impl {
    const Site& site;
    size_t limit;
    TermIndex services, tags;  // copies: the analysis holding the taxonomies may move
    std::vector<TermVector> vectors;
    std::vector<std::vector<std::pair<size_t, double>>> by_term;  // word → post-mortems, weights
    std::vector<std::vector<SimilarIncident>> found;              // by post-mortem, once scored
    std::unique_ptr<std::once_flag[]> scored;

    Impl(const Site& s, size_t l) : site(s), limit(l) {}

    // Scores accumulate in a dense array (one per thread, kept between calls, all zero between
    // them) while walking the postings of each shared service, tag and word, so each candidate
    // costs one addition per thing it shares.
    std::vector<SimilarIncident> score(size_t i) const {
        const auto& pms = site.postmortems;
        thread_local std::vector<double> score;
        thread_local std::vector<size_t> touched;
        if (score.size() < pms.size()) score.resize(pms.size(), 0.0);
        touched.clear();
        auto add = [&](size_t j, double x) {
            if (score[j] == 0.0) touched.push_back(j);
            score[j] += x;
        };
        auto add_near = [&](const std::vector<size_t>& list, double x) {
            auto at = size_t(std::lower_bound(list.begin(), list.end(), i) - list.begin());
            size_t from = at > k_neighbours ? at - k_neighbours : 0;
            size_t to = std::min(list.size(), at + k_neighbours + 1);
            for (size_t k = from; k < to; ++k)
                add(list[k], x);
        };
        for (const auto& s : pms[i].services)
            add_near(services.at(s), 3.0);
        for (const auto& tag : pms[i].tags)
            add_near(tags.at(tag), 1.0);
        for (const auto& [w, x] : vectors[i])
            for (const auto& [j, y] : by_term[w])
                add(j, 6.0 * x * y);
        thread_local std::vector<SimilarIncident> best;
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
        // A right-sized copy: `best` holds every candidate (hundreds), and 10,000 lists kept at
        // that capacity were 80 MB of a cold build's peak.
        return {best.begin(), best.begin() + long(keep)};
    }
};

SimilarIncidents::SimilarIncidents() = default;

SimilarIncidents::SimilarIncidents(std::shared_ptr<Impl> impl) : m(std::move(impl)) {}

size_t SimilarIncidents::size() const {
    return m ? m->found.size() : 0;
}

const std::vector<SimilarIncident>& SimilarIncidents::operator[](size_t postmortem) const {
    std::call_once(m->scored[postmortem], [&] { m->found[postmortem] = m->score(postmortem); });
    return m->found[postmortem];
}

SimilarIncidents find_similar(const Site& site, const Taxonomies& taxonomies, size_t limit,
                              unsigned jobs, SimilarMemo* memo) {
    const auto& pms = site.postmortems;
    auto impl = std::make_shared<SimilarIncidents::Impl>(site, limit);
    SimilarMemo cold;
    impl->vectors = top_terms(site, jobs, memo ? *memo : cold);
    impl->by_term.resize((memo ? *memo : cold).words.size());
    for (size_t i = 0; i < pms.size(); ++i)
        for (const auto& [w, x] : impl->vectors[i])
            impl->by_term[w].emplace_back(i, x);
    impl->services = taxonomies.services;
    impl->tags = taxonomies.tags;
    impl->found.resize(pms.size());
    impl->scored = std::make_unique<std::once_flag[]>(pms.size());
    return SimilarIncidents(std::move(impl));
}

}  // namespace hs
