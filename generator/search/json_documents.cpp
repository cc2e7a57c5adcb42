#include "search/json_documents.hpp"

#include "search/js_number.hpp"

namespace hs::search {
namespace {

FieldValue field_value(const nlohmann::json& value) {
    if (value.is_null()) return std::monostate{};
    if (!value.is_array()) return js_string(value);
    // lunr.tokenizer: one token per element, lunr.utils.asString(element): null gives "".
    std::vector<std::string> items;
    items.reserve(value.size());
    for (const auto& item : value)
        items.push_back(item.is_null() ? std::string() : js_string(item));
    return items;
}

}  // namespace

std::string js_string(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::string:
            return value.get<std::string>();
        case nlohmann::json::value_t::boolean:
            return value.get<bool>() ? "true" : "false";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
        case nlohmann::json::value_t::number_float:
            return js_number(value.get<double>());
        case nlohmann::json::value_t::array: {
            std::string joined;
            for (size_t i = 0; i < value.size(); ++i) {
                if (i) joined.push_back(',');
                if (!value[i].is_null()) joined += js_string(value[i]);
            }
            return joined;
        }
        case nlohmann::json::value_t::object:
            return "[object Object]";
        default:
            return "null";
    }
}

JsonDocuments documents_from_json(const nlohmann::json& docs, const IndexOptions& options,
                                  const JsonInput& input) {
    JsonDocuments result;
    if (!docs.is_array()) {
        result.errors.push_back("expected a JSON array of documents");
        return result;
    }
    result.documents.reserve(docs.size());
    for (size_t i = 0; i < docs.size(); ++i) {
        const auto& doc = docs[i];
        std::string where = "document " + std::to_string(i + 1) + ": ";
        if (!doc.is_object()) {
            result.errors.push_back(where + "expected an object");
            continue;
        }
        Document d;
        auto ref = doc.find(input.ref);
        if (ref == doc.end() || ref->is_null() || ref->is_structured())
            result.errors.push_back(where + "\"" + input.ref +
                                    "\" must be a string or a number, the document's ref");
        else
            d.ref = js_string(*ref);
        if (!input.boost_field.empty()) {
            auto boost = doc.find(input.boost_field);
            if (boost != doc.end() && boost->is_number())
                d.boost = boost->get<double>();
            else if (boost != doc.end() && !boost->is_null())
                result.errors.push_back(where + "\"" + input.boost_field +
                                        "\" must be a number, the document's boost");
        }
        for (const auto& field : options.fields) {
            auto value = doc.find(field.name);
            if (value != doc.end()) d.fields.emplace_back(field.name, field_value(*value));
        }
        result.documents.push_back(std::move(d));
    }
    return result;
}

}  // namespace hs::search
