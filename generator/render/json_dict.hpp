#pragma once
// The adapter between views (JSON) and ctemplate's dictionaries.
#include <cstring>  // ctemplate/str_ref.h uses strlen without including it

#include <ctemplate/template_dictionary.h>

#include <nlohmann/json.hpp>

namespace hs {

// Fills `dict` from a JSON object:
// - a string or number `k` becomes the variable {{k}};
// - `true` shows the section {{#k}}…{{/k}} once; `false` and null leave it hidden;
// - an object shows {{#k}} once, with its fields inside;
// - an array shows {{#k}} once per element (an element that is not an object is {{value}});
//   an empty array shows {{#k_empty}} instead, since ctemplate has no inverted sections.
// Sections see the variables of the sections around them.
void fill_dictionary(ctemplate::TemplateDictionary& dict, const nlohmann::json& view);

}  // namespace hs
