#pragma once
// Everything the analysis stage learns about a knowledge base, for the render stage.
#include <vector>

#include "analysis/action_items.hpp"
#include "analysis/attachments.hpp"
#include "analysis/insights.hpp"
#include "analysis/similarity.hpp"
#include "analysis/taxonomy.hpp"
#include "markdown/markdown.hpp"

namespace hs {

struct Analysis {
    Taxonomies taxonomies;
    Bodies bodies;                               // per post-mortem
    Attachments attachments;                     // per post-mortem
    std::vector<std::vector<size_t>> backlinks;  // per post-mortem: who links to it
    SimilarIncidents similar;                    // per post-mortem
    Insights insights;
    std::vector<Stale> stale;
};

}  // namespace hs
