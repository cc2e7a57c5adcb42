#pragma once
// Checks that every post-mortem named in `related` exists, and that aliases do not collide.
#include "analysis/taxonomy.hpp"
#include "diag/diagnostic.hpp"

namespace hs {

void check_references(const Site& site, const Taxonomies& taxonomies, DiagnosticSink& sink);
// Checks that no two aliases, and no alias and post-mortem, claim the same address.
void check_aliases(const Site& site, DiagnosticSink& sink);

}  // namespace hs
