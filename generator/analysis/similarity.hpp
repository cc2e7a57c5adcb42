#pragma once
// "Similar incidents": for each post-mortem, the others most like it.
//
// score = 3 × shared services + 2 × same category + 1 × shared tags + 6 × text similarity
// where text similarity is the cosine of the two post-mortems' 24 most distinctive words
// (tf-idf over title, summary and body; words in more than 1 in 20 post-mortems, and at least
// 20 but at most 200, do not count). Candidates come from inverted indexes over services,
// tags and those words, so no pair of full texts is ever compared; a service's or tag's list
// contributes only the 64 post-mortems nearest in time on either side, so the work grows with
// the number of post-mortems, not its square.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/taxonomy.hpp"
#include "util/file_memo.hpp"

namespace hs {

// Word counts of each post-mortem, kept between compiles (serve): counting is most of the work,
// and it depends on the post-mortem's own text only. Words have ids in `words`.
using WordCounts = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // word id → count
struct SimilarMemo {
    std::vector<std::string> words;                      // by id; only ever grows
    std::unordered_map<std::string, std::uint32_t> ids;  // word → id
    FileMemo<WordCounts> counts;                         // by post-mortem file
    std::vector<std::uint32_t> rank;  // by id: the word's place in the sorted list of `words`
};

struct SimilarIncident {
    size_t postmortem;
    double score;
};

// Each post-mortem's similar incidents: up to `limit`, best first (ties: newer first); a
// candidate needs a score of at least 2 (say, one shared service and a little text) to count.
// Scored when first asked for (thread-safe), so `serve` shows a save without scoring every
// post-mortem, and a build scores them while it makes their pages, on every core. It keeps a
// reference to the site, which must outlive it; copies share one set of answers.
class SimilarIncidents {
  public:
    SimilarIncidents();  // none
    size_t size() const;
    const std::vector<SimilarIncident>& operator[](size_t postmortem) const;

  private:
    struct Impl;
    explicit SimilarIncidents(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m;
    friend SimilarIncidents find_similar(const Site& site, const Taxonomies& taxonomies,
                                         size_t limit, unsigned jobs, SimilarMemo* memo);
};

// The words of every post-mortem weighed against the others; the scores come when asked for.
SimilarIncidents find_similar(const Site& site, const Taxonomies& taxonomies, size_t limit = 5,
                              unsigned jobs = 1, SimilarMemo* memo = nullptr);

}  // namespace hs
