#include "search/json_documents.hpp"

#include <atomic>
#include <cstring>
#include <optional>
#include <string_view>

#include "search/js_number.hpp"
#include "util/parallel.hpp"

namespace hs::search {
namespace {

// A string is moved out of the document, the bulk of its bytes.
FieldValue field_value(nlohmann::json& value) {
    if (value.is_null()) return std::monostate{};
    if (value.is_string()) return std::move(value.get_ref<std::string&>());
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

namespace {

// The i-th element of the documents array: a document, unless it is not an object, and what is
// wrong with it.
std::optional<Document> document_from_json(nlohmann::json& doc, size_t i,
                                           const IndexOptions& options, const JsonInput& input,
                                           std::vector<std::string>& errors) {
    std::string where = "document " + std::to_string(i + 1) + ": ";
    if (!doc.is_object()) {
        errors.push_back(where + "expected an object");
        return std::nullopt;
    }
    Document d;
    auto ref = doc.find(input.ref);
    if (ref == doc.end() || ref->is_null() || ref->is_structured())
        errors.push_back(where + "\"" + input.ref +
                         "\" must be a string or a number, the document's ref");
    else
        d.ref = js_string(*ref);
    if (!input.boost_field.empty()) {
        auto boost = doc.find(input.boost_field);
        if (boost != doc.end() && boost->is_number())
            d.boost = boost->get<double>();
        else if (boost != doc.end() && !boost->is_null())
            errors.push_back(where + "\"" + input.boost_field +
                             "\" must be a number, the document's boost");
    }
    for (const auto& field : options.fields) {
        auto value = doc.find(field.name);
        if (value != doc.end()) d.fields.emplace_back(field.name, field_value(*value));
    }
    return d;
}

// The closing quote of a string whose text starts at `from`: the first quote after an even
// number of backslashes. memchr leaps over the long stretches of a body.
size_t string_end(std::string_view text, size_t from) {
    for (size_t at = from; at < text.size(); ++at) {
        auto* quote =
            static_cast<const char*>(std::memchr(text.data() + at, '"', text.size() - at));
        if (!quote) return std::string_view::npos;
        at = size_t(quote - text.data());
        size_t escapes = 0;
        while (at - escapes > from && text[at - escapes - 1] == '\\')
            ++escapes;
        if (escapes % 2 == 0) return at;
    }
    return std::string_view::npos;
}

bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Where each element of a top-level JSON array starts and ends, found without parsing them:
// strings and nesting are followed, nothing is checked. nullopt when the text does not look like
// an array of values (the caller then parses it whole, for nlohmann's own error).
//
// Each element is then parsed on its own, which must mean what it means inside the array. So the
// text is parsed whole instead when it holds a NUL (nlohmann's lexer ends its input there, so an
// element followed by one would parse) or an element starts with anything but a JSON value (a
// byte order mark there would be skipped).
std::optional<std::vector<std::string_view>> array_elements(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    size_t at = 0;
    auto skip_space = [&] {
        while (at < text.size() && is_json_space(text[at]))
            ++at;
    };
    skip_space();
    if (at == text.size() || text[at] != '[') return std::nullopt;
    ++at;
    std::vector<std::string_view> elements;
    skip_space();
    if (at < text.size() && text[at] == ']') {
        ++at;
    } else {
        for (;;) {
            size_t begin = at;
            int depth = 0;
            for (; at < text.size(); ++at) {
                char c = text[at];
                if (c == '"') {
                    at = string_end(text, at + 1);
                    if (at == std::string_view::npos) return std::nullopt;
                } else if (c == '[' || c == '{') {
                    ++depth;
                } else if (c == ']' || c == '}') {
                    if (depth == 0) break;
                    --depth;
                } else if (c == ',' && depth == 0) {
                    break;
                }
            }
            if (at >= text.size()) return std::nullopt;
            std::string_view element = text.substr(begin, at - begin);
            size_t value = element.find_first_not_of(" \t\n\r");
            if (value == std::string_view::npos ||
                std::string_view("{[\"-0123456789tfn").find(element[value]) ==
                    std::string_view::npos)
                return std::nullopt;
            elements.push_back(element);
            if (text[at++] != ',') {
                if (text[at - 1] != ']') return std::nullopt;
                break;
            }
        }
    }
    skip_space();
    if (at != text.size()) return std::nullopt;
    return elements;
}

}  // namespace

JsonDocuments documents_from_json(nlohmann::json docs, const IndexOptions& options,
                                  const JsonInput& input) {
    JsonDocuments result;
    if (!docs.is_array()) {
        result.errors.push_back("expected a JSON array of documents");
        return result;
    }
    result.documents.reserve(docs.size());
    for (size_t i = 0; i < docs.size(); ++i)
        if (auto d = document_from_json(docs[i], i, options, input, result.errors))
            result.documents.push_back(std::move(*d));
    return result;
}

JsonDocuments documents_from_json_text(const std::string& text, const IndexOptions& options,
                                       const JsonInput& input, unsigned jobs) {
    auto elements = array_elements(text);
    if (!elements) return documents_from_json(nlohmann::json::parse(text), options, input);
    std::vector<std::optional<Document>> documents(elements->size());
    std::vector<std::vector<std::string>> errors(elements->size());
    std::atomic<bool> malformed{false};
    parallel_for(elements->size(), jobs, [&](size_t i) {
        if (malformed) return;
        try {
            auto doc = nlohmann::json::parse((*elements)[i]);
            documents[i] = document_from_json(doc, i, options, input, errors[i]);
        } catch (const nlohmann::json::exception&) {
            malformed = true;  // parsed whole below, for the error's place in the text
        }
    });
    if (malformed) return documents_from_json(nlohmann::json::parse(text), options, input);
    JsonDocuments result;
    result.documents.reserve(documents.size());
    for (size_t i = 0; i < documents.size(); ++i) {
        if (documents[i]) result.documents.push_back(std::move(*documents[i]));
        for (auto& e : errors[i])
            result.errors.push_back(std::move(e));
    }
    return result;
}

}  // namespace hs::search
