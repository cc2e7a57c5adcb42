#pragma once
// lunr's builder pipeline: trimmer, then stop-word filter, then stemmer. A token is dropped only by
// the stop-word filter; the trimmer may leave "", which lunr indexes as a term.
#include <optional>
#include <string>
#include <string_view>

namespace hs::search {

// lunr.trimmer: strips characters outside [A-Za-z0-9_] from both ends (`café` → `caf`).
std::string_view trim(std::string_view token);
// lunr.stopWordFilter's 119 English words.
bool is_stop_word(std::string_view token);
// The term a token becomes, or nothing when the stop-word filter drops it.
std::optional<std::string> run_pipeline(std::string_view token);

}  // namespace hs::search
