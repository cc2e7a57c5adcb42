#include "render/json_dict.hpp"

#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace hs {
namespace {

// A variable or section name, hashed and recorded in ctemplate's table of names once. ctemplate
// knows names by their hash; a name given as a plain string is hashed again and, for its Dump(),
// looked up and recorded in a global table behind a lock at every use, which was nearly half the
// time of filling a dictionary. A name given as a StaticTemplateString whose initializer has run
// (the way ctemplate's generated .varnames.h files give them) is neither. Views use a few hundred
// names; each is made once per process and kept for good, since ctemplate's table keeps a pointer
// to its text.
ctemplate::TemplateString name(const std::string& key) {
    thread_local std::unordered_map<std::string_view, const ctemplate::StaticTemplateString*> seen;
    if (auto it = seen.find(key); it != seen.end()) return *it->second;
    static std::mutex mutex;
    static auto* names = new std::map<std::string, ctemplate::StaticTemplateString, std::less<>>;
    std::lock_guard lock(mutex);
    auto [it, added] = names->try_emplace(key);
    if (added) {
        it->second = ctemplate::StaticTemplateString{{it->first.data(), it->first.size(), 0}};
        ctemplate::StaticTemplateStringInitializer hash_and_record(&it->second);
    }
    seen.emplace(it->first, &it->second);
    return it->second;
}

}  // namespace

void fill_dictionary(ctemplate::TemplateDictionary& dict, const nlohmann::json& view) {
    for (const auto& [key, value] : view.items()) {
        switch (value.type()) {
            case nlohmann::json::value_t::string:
                // `">name": "template"`: {{>name}} in this section expands that template of the
                // theme (a partial, such as findings.html) with this section's other values
                // (ctemplate's includes do not look values up in the dictionary around them).
                if (!key.empty() && key[0] == '>') {
                    auto* include = dict.AddIncludeDictionary(name(key.substr(1)));
                    include->SetFilename(value.get_ref<const std::string&>());
                    nlohmann::json rest = view;
                    rest.erase(key);
                    fill_dictionary(*include, rest);
                } else
                    dict.SetValue(name(key), value.get_ref<const std::string&>());
                break;
            case nlohmann::json::value_t::number_integer:
            case nlohmann::json::value_t::number_unsigned:
            case nlohmann::json::value_t::number_float:
                dict.SetValue(name(key), value.dump());
                break;
            case nlohmann::json::value_t::boolean:
                if (value.get<bool>()) dict.ShowSection(name(key));
                break;
            case nlohmann::json::value_t::object:
                fill_dictionary(*dict.AddSectionDictionary(name(key)), value);
                break;
            case nlohmann::json::value_t::array:
                if (value.empty()) dict.ShowSection(name(key + "_empty"));
                for (const auto& element : value) {
                    auto* section = dict.AddSectionDictionary(name(key));
                    if (element.is_object())
                        fill_dictionary(*section, element);
                    else
                        fill_dictionary(*section, nlohmann::json{{"value", element}});
                }
                break;
            default:
                break;
        }
    }
}

}  // namespace hs
