#pragma once
// Number#toString for doubles, as JSON.stringify and String(n) print them: integers without a
// fraction, the shortest digits that read back to the same double, exponents only below 1e-6
// and from 1e21 (nlohmann's dump switches earlier and writes `2.0`, `1e-07`).
#include <string>

namespace hs::search {

std::string js_number(double value);  // "NaN", "Infinity" for those; "0" for -0
void append_js_number(std::string& out, double value);

}  // namespace hs::search
