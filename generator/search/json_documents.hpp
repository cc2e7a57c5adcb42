#pragma once
// Documents given as JSON, read the way lunr's builder.add reads a JavaScript object: a field is
// `doc[name]` converted with String() (arrays element by element), the ref is String(doc[ref]).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/index.hpp"

namespace hs::search {

struct JsonInput {
    std::string ref = "id";
    std::string boost_field;  // a numeric property passed as builder.add(doc, {boost}); "" = none
};

struct JsonDocuments {
    std::vector<Document> documents;
    std::vector<std::string> errors;  // "document 3: …", one per problem
};

// String(value) in JavaScript: numbers as Number#toString, arrays joined with ",", objects as
// "[object Object]", null as "" inside arrays.
std::string js_string(const nlohmann::json& value);

JsonDocuments documents_from_json(nlohmann::json docs, const IndexOptions& options,
                                  const JsonInput& input);

// The same from JSON text, a top-level array whose elements are parsed on up to `jobs` threads.
// Text that is not JSON throws what nlohmann::json::parse(text) throws, with its line and column.
JsonDocuments documents_from_json_text(const std::string& text, const IndexOptions& options,
                                       const JsonInput& input, unsigned jobs);

}  // namespace hs::search
