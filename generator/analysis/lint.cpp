#include "analysis/lint.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "util/parallel.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

struct Phrase {
    const char* text;  // lower case; matched at word boundaries
    const char* rule;
    const char* suggestion;
};

const std::vector<Phrase> k_phrases = {
    {"human error", "blameless.human-error",
     "describe the conditions that made the action reasonable at the time (tooling, alerts, load, "
     "documentation), not the person"},
    {"'s fault", "blameless.fault", "say what the system allowed, not whose fault it was"},
    {"at fault", "blameless.fault", "say what the system allowed, not who was at fault"},
    {"should have known", "blameless.hindsight",
     "say what information was missing or hard to find at the time"},
    {"should have noticed", "blameless.hindsight", "say what would have made it noticeable"},
    {"careless", "blameless.careless", "describe the missing safeguard instead"},
    {"negligent", "blameless.careless", "describe the missing safeguard instead"},
    {"negligence", "blameless.careless", "describe the missing safeguard instead"},
    {"sloppy", "blameless.careless", "describe the missing safeguard instead"},
    {"incompetent", "blameless.careless", "describe the missing safeguard instead"},
    {"blame", "blameless.blame", "post-mortems look for conditions, not culprits"},
};

bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Positions of `needle` in a lower-case line at word boundaries.
std::vector<size_t> find_words(std::string_view lower_line, std::string_view needle) {
    std::vector<size_t> out;
    for (size_t at = lower_line.find(needle); at != std::string_view::npos;
         at = lower_line.find(needle, at + 1)) {
        bool starts = at == 0 || !word_char(lower_line[at - 1]) || !word_char(needle[0]);
        size_t end = at + needle.size();
        bool ends = end >= lower_line.size() || !word_char(lower_line[end]);
        if (starts && ends) out.push_back(at);
    }
    return out;
}

// The line with `code spans` blanked out, so their text is never linted.
void blank_code_spans(std::string& line) {
    bool in_code = false;
    for (char& c : line) {
        if (c == '`')
            in_code = !in_code;
        else if (in_code)
            c = ' ';
    }
}

// The verbs that make "<verb> by <person>" name a person as the cause.
constexpr std::string_view k_cause_verbs[] = {"caused by ", "broken by ", "triggered by ",
                                              "mistake by "};

// Blaming language in a post-mortem's Markdown; `people` in lower case. The body is lowered
// once and each line read in place: a line is copied only when it has a code span to blank.
void blameless(const std::string& path, int first_line, std::string_view markdown,
               const std::vector<std::string>& people, DiagnosticSink& sink) {
    const std::string lowered = to_lower(markdown);
    std::string spanless;
    bool in_fence = false;
    int line_no = first_line;
    size_t start = 0;
    while (start <= markdown.size()) {
        size_t end = markdown.find('\n', start);
        if (end == std::string_view::npos) end = markdown.size();
        std::string_view line = markdown.substr(start, end - start);
        size_t first = line.find_first_not_of(" \t\r\n");
        std::string_view trimmed = first == std::string_view::npos ? "" : line.substr(first);
        if (starts_with(trimmed, "```") || starts_with(trimmed, "~~~")) {
            in_fence = !in_fence;
        } else if (!in_fence) {
            std::string_view lower = std::string_view(lowered).substr(start, end - start);
            if (lower.find('`') != std::string_view::npos) {
                spanless.assign(lower);
                blank_code_spans(spanless);
                lower = spanless;
            }
            for (const auto& phrase : k_phrases)
                for (size_t at : find_words(lower, phrase.text)) {
                    size_t from = at;  // "X's fault": point at the name
                    if (phrase.text[0] == '\'')
                        while (from > 0 && word_char(lower[from - 1]))
                            --from;
                    sink.warning({path, line_no, int(from) + 1},
                                 "blaming language: \"" +
                                     std::string(line.substr(
                                         from, at + std::string_view(phrase.text).size() - from)) +
                                     "\"",
                                 phrase.rule, phrase.suggestion);
                }
            // "caused by ana": each verb where it starts a word, then the people after it.
            for (std::string_view verb : k_cause_verbs)
                for (size_t at = lower.find(verb); at != std::string_view::npos;
                     at = lower.find(verb, at + 1)) {
                    if (at > 0 && word_char(lower[at - 1])) continue;
                    std::string_view rest = lower.substr(at + verb.size());
                    for (const auto& person : people) {
                        if (!starts_with(rest, person)) continue;
                        size_t after = at + verb.size() + person.size();
                        if (after < lower.size() && word_char(lower[after])) continue;
                        sink.warning(
                            {path, line_no, int(at) + 1},
                            "names a person as the cause: \"" +
                                std::string(line.substr(at, after - at)) + "\"",
                            "blameless.person-cause",
                            "name the action and the conditions around it (\"a deploy during "
                            "the freeze window, which the pipeline allowed\"), not the person");
                    }
                }
        }
        start = end + 1;
        ++line_no;
    }
}

std::vector<std::string> lower_all(const std::vector<std::string>& people) {
    std::vector<std::string> out;
    out.reserve(people.size());
    for (const auto& person : people)
        out.push_back(to_lower(person));
    return out;
}

// Blaming language in the body and the required sections of one post-mortem.
void lint_one(const Site& site, const PostMortem& pm, const RenderedMarkdown& body,
              const std::vector<std::string>& lower_people, DiagnosticSink& sink) {
    blameless(pm.pos.path, pm.body_line, pm.body.str(), lower_people, sink);
    if (pm.status != "published" || pm.severity.empty()) return;  // its own errors first
    std::vector<std::string> missing;
    for (const auto& name : required_sections(site.config, pm.severity)) {
        auto it = std::find_if(body.sections.begin(), body.sections.end(), [&](const Section& s) {
            return to_lower(s.title) == to_lower(name);
        });
        if (it == body.sections.end())
            missing.push_back(name);
        else if (!it->has_content)
            sink.warning({pm.pos.path, pm.body_line + it->line - 1, 1},
                         "the `## " + name + "` section is empty", "sections.empty",
                         "answer the section's question, or say why it does not apply");
    }
    if (!missing.empty())
        sink.warning({pm.pos.path, pm.body_line, 1},
                     "missing " + std::string(missing.size() == 1 ? "section" : "sections") + ": " +
                         join(missing, ", "),
                     "sections.missing",
                     "a published " + pm.severity + " post-mortem has `## ` sections " +
                         join(required_sections(site.config, pm.severity), ", ") +
                         " (see `required_sections` in hindsight.yaml)");
}

}  // namespace

std::vector<std::string> required_sections(const Config& config, const std::string& severity) {
    auto it = config.required_sections.find(severity);
    if (it == config.required_sections.end()) it = config.required_sections.find("default");
    return it == config.required_sections.end() ? std::vector<std::string>{} : it->second;
}

void lint_blameless(const std::string& path, int first_line, std::string_view markdown,
                    const std::vector<std::string>& people, DiagnosticSink& sink) {
    blameless(path, first_line, markdown, lower_all(people), sink);
}

void lint_postmortems(const Site& site, const Bodies& bodies, DiagnosticSink& sink, unsigned jobs,
                      LintMemo* memo) {
    // A typo in lint_ignore would silence nothing and say nothing.
    static const std::vector<std::string> k_rules = {"sections",
                                                     "sections.missing",
                                                     "sections.empty",
                                                     "blameless",
                                                     "blameless.human-error",
                                                     "blameless.fault",
                                                     "blameless.hindsight",
                                                     "blameless.careless",
                                                     "blameless.blame",
                                                     "blameless.person-cause",
                                                     "item",
                                                     "item.vague",
                                                     "item.owner-team",
                                                     "item.done-when",
                                                     "item.verify",
                                                     "item.owner-slug",
                                                     "link",
                                                     "link.self",
                                                     "link.duplicate",
                                                     "link.root-relative"};
    for (const auto& pm : site.postmortems)
        for (const auto& rule : pm.lint_ignore)
            if (std::find(k_rules.begin(), k_rules.end(), rule) == k_rules.end()) {
                std::string hint = "warning rules (or prefixes) are: " + join(k_rules, ", ");
                if (auto near = closest_match(rule, k_rules))
                    hint = "did you mean `" + *near + "`?";
                sink.warning({pm.pos.path, 1, 1},
                             "`lint_ignore` names an unknown rule `" + rule + "`",
                             "lint.unknown-rule", hint);
            }
    std::set<std::string> people_set;
    for (const auto& pm : site.postmortems) {
        people_set.insert(pm.authors.begin(), pm.authors.end());
        people_set.insert(pm.facilitator.begin(), pm.facilitator.end());
        for (const auto& item : pm.action_items)
            if (!item.owner.empty()) people_set.insert(item.owner);
    }
    std::vector<std::string> people(people_set.begin(), people_set.end());
    const std::vector<std::string> lower_people = lower_all(people);
    Hasher people_hash;
    for (const auto& person : people)
        people_hash.add(person);
    Digest people_key = people_hash.finish();
    // The sections each severity requires, hashed once per severity rather than per file.
    std::map<std::string, Digest, std::less<>> sections_keys;
    for (const auto& pm : site.postmortems)
        if (memo && !sections_keys.count(pm.severity)) {
            Hasher h;
            for (const auto& name : required_sections(site.config, pm.severity))
                h.add(name);
            sections_keys.emplace(pm.severity, h.finish());
        }
    size_t n = std::min(site.postmortems.size(), bodies.size());
    parallel_for(n, jobs, [&](size_t i) {  // the sink sorts what it gets
        const PostMortem& pm = site.postmortems[i];
        if (!memo) {
            lint_one(site, pm, *bodies[i], lower_people, sink);
            return;
        }
        Hasher h;
        h.add(pm.body.digest()).add_number(std::uint64_t(pm.body_line)).add(pm.status);
        h.add(pm.severity).add(people_key).add(sections_keys.at(pm.severity));
        for (const auto& s : bodies[i]->sections)
            h.add(s.title).add_number(std::uint64_t(s.line)).add_number(s.has_content);
        Digest key = h.finish();
        auto kept = memo->find(pm.pos.path, key);
        if (!kept) {
            DiagnosticSink own;
            lint_one(site, pm, *bodies[i], lower_people, own);
            kept = memo->put(pm.pos.path, key, own.sorted());
        }
        sink.add_all(*kept);
    });
    if (memo) memo->sweep();
}

}  // namespace hs
