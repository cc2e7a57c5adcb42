#pragma once
// Typed, positioned reads of one YAML mapping. Every problem goes to the sink at the position of
// the offending value in the `.md` (or `.yaml`) file; reads never throw.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "util/dates.hpp"

namespace hs {

// Where a YAML document sits in its file, so yaml-cpp's marks become file positions.
struct YamlOrigin {
    SourcePath path;     // shared by every position made from it
    int first_line = 1;  // line of the file where the YAML text starts

    SourcePos at(const YAML::Mark& mark) const;
    SourcePos at(const YAML::Node& node) const { return at(node.Mark()); }
};

// Reports the first byte that is not UTF-8 at its line and column; false if there is one.
bool require_utf8(const std::string& path, std::string_view text, DiagnosticSink& sink);

// Parses YAML text; a syntax error is reported at its position and gives nullopt.
std::optional<YAML::Node> load_yaml(const std::string& text, const YamlOrigin& origin,
                                    DiagnosticSink& sink);

class YamlFields {
  public:
    // `what` names the mapping in messages ("front matter", "action item").
    YamlFields(const YAML::Node& map, const YamlOrigin& origin, DiagnosticSink& sink,
               std::string what);

    bool has(const std::string& key) const;
    YAML::Node node(const std::string& key) const;  // undefined node if absent
    SourcePos pos() const { return m_origin.at(m_map); }
    SourcePos pos(const std::string& key) const;  // the value's position, or the mapping's

    std::optional<std::string> string(const std::string& key, bool required = false);
    // A string from a closed list; an unknown value is an error that suggests the closest.
    std::optional<std::string> one_of(const std::string& key,
                                      const std::vector<std::string>& allowed,
                                      bool required = false,
                                      const std::string& rule = "schema.value");
    // A list of strings; a single string is refused (the hint shows the list form).
    std::vector<std::string> string_list(const std::string& key, bool required = false);
    struct Item {
        std::string value;
        SourcePos pos;
    };
    std::vector<Item> positioned_list(const std::string& key, bool required = false);
    std::optional<Days> date(const std::string& key, bool required = false);
    std::optional<Timestamp> timestamp(const std::string& key, bool required = false);
    std::optional<int> integer(const std::string& key);
    std::optional<bool> boolean(const std::string& key);

    // Warns about keys outside `known`, suggesting the closest known key.
    void warn_unknown_keys(const std::vector<std::string>& known);

    void error(const SourcePos& at, std::string message, std::string rule, std::string hint = {});
    size_t errors() const { return m_errors; }  // reported through this object

  private:
    bool scalar_or_report(const std::string& key, const YAML::Node& value, const char* expected);
    void report_missing(const std::string& key);

    YAML::Node m_map;
    YamlOrigin m_origin;
    DiagnosticSink& m_sink;
    std::string m_what;
    size_t m_errors = 0;
};

std::string yaml_kind(const YAML::Node& node);  // "a list", "a mapping", "a string", "empty"

}  // namespace hs
