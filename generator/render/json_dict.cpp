#include "render/json_dict.hpp"

namespace hs {

void fill_dictionary(ctemplate::TemplateDictionary& dict, const nlohmann::json& view) {
    for (const auto& [key, value] : view.items()) {
        switch (value.type()) {
            case nlohmann::json::value_t::string:
                // `">name": "template"`: {{>name}} in this section expands that template of the
                // theme (a partial, such as findings.html) with this section's other values
                // (ctemplate's includes do not look values up in the dictionary around them).
                if (!key.empty() && key[0] == '>') {
                    auto* include = dict.AddIncludeDictionary(key.substr(1));
                    include->SetFilename(value.get_ref<const std::string&>());
                    nlohmann::json rest = view;
                    rest.erase(key);
                    fill_dictionary(*include, rest);
                } else
                    dict.SetValue(key, value.get_ref<const std::string&>());
                break;
            case nlohmann::json::value_t::number_integer:
            case nlohmann::json::value_t::number_unsigned:
            case nlohmann::json::value_t::number_float:
                dict.SetValue(key, value.dump());
                break;
            case nlohmann::json::value_t::boolean:
                if (value.get<bool>()) dict.ShowSection(key);
                break;
            case nlohmann::json::value_t::object:
                fill_dictionary(*dict.AddSectionDictionary(key), value);
                break;
            case nlohmann::json::value_t::array:
                if (value.empty()) dict.ShowSection(key + "_empty");
                for (const auto& element : value) {
                    auto* section = dict.AddSectionDictionary(key);
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
