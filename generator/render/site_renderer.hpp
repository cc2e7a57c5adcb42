#pragma once
// Every page of the site, rendered in memory.
#include "analysis/analysis.hpp"
#include "output/site_files.hpp"
#include "render/theme.hpp"

namespace hs {

// Renders on `jobs` threads; the result does not depend on `jobs`. Throws on a theme failure.
SiteFiles render_site(const Site& site, const Analysis& analysis, const Theme& theme, Days as_of,
                      unsigned jobs);

}  // namespace hs
