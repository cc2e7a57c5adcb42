#pragma once
// Checks that every post-mortem named in `related` exists.
#include "analysis/taxonomy.hpp"
#include "diag/diagnostic.hpp"

namespace hs {

void check_references(const Site& site, const Taxonomies& taxonomies, DiagnosticSink& sink);

}  // namespace hs
