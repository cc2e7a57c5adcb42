#include "search/js_json.hpp"

#include <cmath>

#include "search/js_number.hpp"

namespace hs::search {
namespace {

constexpr int64_t k_exact_integer = int64_t(1) << 53;

}  // namespace

void append_js_string(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out.push_back('"');
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (u < 0x20) {
                    out += "\\u00";
                    out.push_back(k_hex[u >> 4]);
                    out.push_back(k_hex[u & 0xF]);
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

void dump_js(std::string& out, const nlohmann::ordered_json& value) {
    using Type = nlohmann::ordered_json::value_t;
    switch (value.type()) {
        case Type::null:
            out += "null";
            break;
        case Type::boolean:
            out += value.get<bool>() ? "true" : "false";
            break;
        case Type::number_integer: {
            auto n = value.get<int64_t>();  // JavaScript holds integers beyond 2^53 as doubles
            if (n > k_exact_integer || n < -k_exact_integer)
                append_js_number(out, double(n));
            else
                out += std::to_string(n);
            break;
        }
        case Type::number_unsigned: {
            auto n = value.get<uint64_t>();
            if (n > uint64_t(k_exact_integer))
                append_js_number(out, double(n));
            else
                out += std::to_string(n);
            break;
        }
        case Type::number_float: {
            double d = value.get<double>();
            if (std::isfinite(d))
                append_js_number(out, d);
            else
                out += "null";
            break;
        }
        case Type::string:
            append_js_string(out, value.get_ref<const std::string&>());
            break;
        case Type::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& item : value) {
                if (!first) out.push_back(',');
                first = false;
                dump_js(out, item);
            }
            out.push_back(']');
            break;
        }
        case Type::object: {
            out.push_back('{');
            bool first = true;
            for (const auto& [key, item] : value.items()) {
                if (!first) out.push_back(',');
                first = false;
                append_js_string(out, key);
                out.push_back(':');
                dump_js(out, item);
            }
            out.push_back('}');
            break;
        }
        default:
            out += "null";
            break;  // binary and discarded values have no JSON text
    }
}

std::string dump_js(const nlohmann::ordered_json& value) {
    std::string out;
    dump_js(out, value);
    return out;
}

}  // namespace hs::search
