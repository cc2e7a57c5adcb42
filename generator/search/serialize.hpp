#pragma once
// lunr.Index#toJSON, and JSON.stringify's exact text for it.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "search/index.hpp"
#include "search/js_json.hpp"

namespace hs::search {

// {"version", "fields", "fieldVectors", "invertedIndex", "pipeline"}, keys in JavaScript's order:
// write_json's text read back, so dump_js(to_json(index)) == serialize(index). For large indexes
// prefer write_json, which never holds the whole document.
nlohmann::ordered_json to_json(const Index& index);

// JSON.stringify(idx) of the index lunr.js would build, streamed term by term.
void write_json(std::ostream& out, const Index& index);
std::string serialize(const Index& index);

}  // namespace hs::search
