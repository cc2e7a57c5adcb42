#pragma once
// JSON.stringify's text for a JSON value: compact, numbers as JavaScript prints them (js_number),
// only `"`, `\` and control characters escaped, non-finite numbers as null.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace hs::search {

std::string dump_js(const nlohmann::ordered_json& value);
void dump_js(std::string& out, const nlohmann::ordered_json& value);
void append_js_string(std::string& out, std::string_view text);

}  // namespace hs::search
