#include "content/yaml_fields.hpp"

#include <yaml-cpp/eventhandler.h>

#include <cstdio>
#include <sstream>
#include <string_view>

#include <map>

#include "util/strings.hpp"

namespace hs {

SourcePos YamlOrigin::at(const YAML::Mark& mark) const {
    if (mark.is_null()) return {path, first_line, 1};
    return {path, first_line + mark.line, mark.column + 1};
}

namespace {

// Where each YAML document starts; ignores everything else.
struct DocumentStarts : YAML::EventHandler {
    std::vector<YAML::Mark> marks;
    void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// A line that starts with `---` or `...`: it may start or end a YAML document.
bool has_document_marker(std::string_view text) {
    for (size_t at = 0; at < text.size();) {
        std::string_view line = text.substr(at, text.find('\n', at) - at);
        if (line.rfind("---", 0) == 0 || line.rfind("...", 0) == 0) return true;
        at += line.size() + 1;
    }
    return false;
}

}  // namespace

bool require_utf8(const std::string& path, std::string_view text, DiagnosticSink& sink) {
    if (auto bad = find_invalid_utf8(text)) {
        auto lc = line_col_at(text, *bad);
        sink.error({path, lc.line, lc.col}, "the file is not valid UTF-8", "file.encoding",
                   "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)");
        return false;
    }
    if (auto bad = find_control_character(text)) {
        auto lc = line_col_at(text, *bad);
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X",
                      unsigned(static_cast<unsigned char>(text[*bad])));
        sink.error({path, lc.line, lc.col},
                   std::string("the file has a control character (") + code + ")", "file.control",
                   "remove it: pages, feeds and the search index cannot carry it (tabs and line "
                   "breaks are fine)");
        return false;
    }
    return true;
}

std::optional<YAML::Node> load_yaml(const std::string& text, const YamlOrigin& origin,
                                    DiagnosticSink& sink) {
    try {
        YAML::Node node = YAML::Load(text);
        // yaml-cpp loads the first document and silently drops the rest: the keys after a `...`
        // or `---` line, or whatever follows a root written in flow style (`{a: b}` then
        // `c: d`). A root block mapping runs to the end of the text unless such a line ends it
        // (anything else at its left margin continues it or is a syntax error), so only then is
        // the text read a second time, counting documents. The count is a bounded loop, because
        // yaml-cpp 0.7's LoadAll never ends on some inputs (`, {a: b}`: found by fuzzing).
        bool whole =
            node.IsMap() && node.Style() == YAML::EmitterStyle::Block && !has_document_marker(text);
        if (whole) return node;
        std::istringstream in(text);
        YAML::Parser parser(in);
        DocumentStarts starts;
        for (int i = 0; i < 2 && parser.HandleNextDocument(starts); ++i) {
        }
        if (starts.marks.size() > 1) {
            sink.error(origin.at(starts.marks[1]),
                       "a second YAML document starts here; its keys would be lost",
                       "yaml.documents",
                       "remove the `...` or `---` line above it: the block is one document");
            return std::nullopt;
        }
        return node;
    } catch (const YAML::Exception& e) {
        sink.error(origin.at(e.mark), "invalid YAML: " + e.msg, "yaml.syntax",
                   "check indentation, a missing `:` after a key, and quote values that contain "
                   "`: ` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`");
        return std::nullopt;
    }
}

std::string yaml_kind(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Scalar:
            return "a single value";
        default:
            return "empty";
    }
}

YamlFields::YamlFields(const YAML::Node& map, const YamlOrigin& origin, DiagnosticSink& sink,
                       std::string what)
    : m_map(map), m_origin(origin), m_sink(sink), m_what(std::move(what)) {
    // yaml-cpp keeps the first of two equal keys and drops the second without a word, so a
    // second `severity:` would never be checked.
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : m_map) {
        if (!kv.first.IsScalar()) continue;
        auto [it, inserted] = seen.emplace(kv.first.Scalar(), kv.first.Mark());
        if (!inserted)
            error(m_origin.at(kv.first),
                  "`" + kv.first.Scalar() + "` is given twice in the " + m_what +
                      " (first at line " + std::to_string(m_origin.at(it->second).line) + ")",
                  "yaml.duplicate-key", "keep one of the two; YAML would silently use the first");
    }
}

bool YamlFields::has(const std::string& key) const {
    auto v = m_map[key];
    return v.IsDefined() && !v.IsNull();
}

YAML::Node YamlFields::node(const std::string& key) const {
    return m_map[key];
}

SourcePos YamlFields::pos(const std::string& key) const {
    auto v = m_map[key];
    return v.IsDefined() ? m_origin.at(v) : pos();
}

void YamlFields::error(const SourcePos& at, std::string message, std::string rule,
                       std::string hint) {
    ++m_errors;
    m_sink.error(at, std::move(message), std::move(rule), std::move(hint));
}

void YamlFields::report_missing(const std::string& key) {
    error(pos(), "missing required field `" + key + "` in the " + m_what, "schema.required",
          "add `" + key + ": ...` to the " + m_what);
}

bool YamlFields::scalar_or_report(const std::string& key, const YAML::Node& value,
                                  const char* expected) {
    if (value.IsScalar()) return true;
    std::string hint = value.IsSequence() ? "write one value, not a list: `" + key + ": value`"
                                          : "write `" + key + ": value` on one line";
    error(m_origin.at(value), "`" + key + "` must be " + expected + ", not " + yaml_kind(value),
          "schema.type", hint);
    return false;
}

std::optional<std::string> YamlFields::string(const std::string& key, bool required) {
    if (!has(key)) {
        if (required) report_missing(key);
        return std::nullopt;
    }
    auto v = node(key);
    if (!scalar_or_report(key, v, "a string")) return std::nullopt;
    // Escapes like "\0" or "\x01" make control characters that the file itself did not have.
    if (find_control_character(v.Scalar())) {
        error(pos(key), "`" + key + "` has a control character", "schema.control",
              "remove the escape (\\0, \\x01, ...): pages and feeds cannot carry it");
        return std::nullopt;
    }
    return v.Scalar();
}

std::optional<std::string> YamlFields::one_of(const std::string& key,
                                              const std::vector<std::string>& allowed,
                                              bool required, const std::string& rule) {
    auto value = string(key, required);
    if (!value) return std::nullopt;
    for (const auto& a : allowed)
        if (a == *value) return value;
    std::string hint = "use one of: " + join(allowed, ", ");
    if (auto near = closest_match(*value, allowed)) hint = "did you mean `" + *near + "`? " + hint;
    error(pos(key), "unknown " + key + " `" + *value + "`", rule, hint);
    return std::nullopt;
}

std::vector<YamlFields::Item> YamlFields::positioned_list(const std::string& key, bool required) {
    std::vector<Item> out;
    if (!has(key)) {
        if (required) report_missing(key);
        return out;
    }
    auto v = node(key);
    if (!v.IsSequence()) {
        std::string example = v.IsScalar() ? "[" + v.Scalar() + "]" : "[a, b]";
        error(m_origin.at(v), "`" + key + "` must be a list, not " + yaml_kind(v), "schema.type",
              "write a list, e.g. `" + key + ": " + example + "`");
        return out;
    }
    for (const auto& element : v) {
        if (!element.IsScalar()) {
            error(m_origin.at(element),
                  "each entry of `" + key + "` must be a string, not " + yaml_kind(element),
                  "schema.type");
            continue;
        }
        if (find_control_character(element.Scalar())) {
            error(m_origin.at(element), "an entry of `" + key + "` has a control character",
                  "schema.control", "remove the escape (\\0, \\x01, ...)");
            continue;
        }
        out.push_back({element.Scalar(), m_origin.at(element)});
    }
    return out;
}

std::vector<std::string> YamlFields::string_list(const std::string& key, bool required) {
    std::vector<std::string> out;
    for (auto& item : positioned_list(key, required))
        out.push_back(std::move(item.value));
    return out;
}

std::optional<Days> YamlFields::date(const std::string& key, bool required) {
    auto text = string(key, required);
    if (!text) return std::nullopt;
    if (auto d = parse_date(*text)) return d;
    error(pos(key), "`" + key + "` is not a valid date: `" + *text + "`", "schema.date",
          "write a calendar date as YYYY-MM-DD, e.g. 2026-03-14");
    return std::nullopt;
}

std::optional<Timestamp> YamlFields::timestamp(const std::string& key, bool required) {
    auto text = string(key, required);
    if (!text) return std::nullopt;
    if (auto t = parse_timestamp(*text)) return t;
    error(pos(key), "`" + key + "` is not a valid date or time: `" + *text + "`", "schema.date",
          "write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), e.g. 2026-03-14T09:12:00Z");
    return std::nullopt;
}

std::optional<int> YamlFields::integer(const std::string& key) {
    auto text = string(key);
    if (!text) return std::nullopt;
    try {
        size_t used = 0;
        int v = std::stoi(*text, &used);
        if (used == text->size()) return v;
    } catch (const std::exception&) {
    }
    error(pos(key), "`" + key + "` must be a whole number, not `" + *text + "`", "schema.type");
    return std::nullopt;
}

std::optional<bool> YamlFields::boolean(const std::string& key) {
    auto text = string(key);
    if (!text) return std::nullopt;
    if (*text == "true" || *text == "yes") return true;
    if (*text == "false" || *text == "no") return false;
    error(pos(key), "`" + key + "` must be true or false, not `" + *text + "`", "schema.type");
    return std::nullopt;
}

void YamlFields::warn_unknown_keys(const std::vector<std::string>& known) {
    for (const auto& kv : m_map) {
        if (!kv.first.IsScalar()) continue;
        const std::string& key = kv.first.Scalar();
        bool ok = false;
        for (const auto& k : known)
            ok = ok || k == key;
        if (ok) continue;
        std::string hint;
        if (auto near = closest_match(key, known)) hint = "did you mean `" + *near + "`?";
        m_sink.warning(m_origin.at(kv.first), "unknown key `" + key + "` in the " + m_what,
                       "schema.unknown-key", hint);
    }
}

}  // namespace hs
