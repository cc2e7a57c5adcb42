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
#include <vector>

#include "analysis/taxonomy.hpp"

namespace hs {

struct SimilarIncident {
    size_t postmortem;
    double score;
};

// Up to `limit` per post-mortem, best first (ties: newer first); a candidate needs a score of
// at least 2 (say, one shared service and a little text) to count as similar.
std::vector<std::vector<SimilarIncident>> find_similar(const Site& site,
                                                       const Taxonomies& taxonomies,
                                                       size_t limit = 5, unsigned jobs = 1);

}  // namespace hs
