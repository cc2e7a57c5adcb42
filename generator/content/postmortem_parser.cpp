#include "content/postmortem_parser.hpp"

#include <algorithm>
#include <cstdlib>

#include "content/action_item_parser.hpp"
#include "content/frontmatter.hpp"
#include "content/yaml_fields.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

// Ids become folder names (at most 255 bytes on most file systems) and URLs people paste.
constexpr size_t k_max_id_length = 100;

const std::vector<std::string> k_statuses = {"draft", "in-review", "published"};
const std::vector<std::string> k_detections = {"alert", "customer", "internal", "other"};
const std::vector<std::string> k_visibilities = {"internal", "public"};
const std::vector<std::string> k_keys = {
    "id",          "title",   "date",        "status",   "severity",     "services",
    "category",    "tags",    "summary",     "detected", "mitigated",    "resolved",
    "detection",   "authors", "facilitator", "related",  "action_items", "no_action_items_reason",
    "lint_ignore", "aliases", "visibility"};

// Top-level names of the site's own pages and files: an alias path may not start with one.
// (`/postmortems/<old-id>/` is allowed: it is the same as the alias `<old-id>`.)
const std::vector<std::string> k_reserved = {
    "index.html",      "404.html", "assets",      "api",          "search",      "services",
    "categories",      "tags",     "owners",      "action-items", "insights",    "about",
    "teams",           "digest",   "postmortems", "feed.xml",     "sitemap.xml", "action-items.csv",
    "action-items.ics"};

// The redirect page's path for an alias, or nullopt with `why` set.
std::optional<std::string> alias_path(const std::string& written, std::string& why) {
    if (is_safe_id(written)) return "postmortems/" + written + "/index.html";
    if (written.empty() || written[0] != '/') {
        why = "alias `" + written + "` is neither a post-mortem id nor a path from the site's root";
        return std::nullopt;
    }
    std::vector<std::string> segments;
    for (size_t start = 1; start <= written.size();) {
        size_t end = std::min(written.find('/', start), written.size());
        segments.push_back(written.substr(start, end - start));
        start = end + 1;
    }
    bool folder = segments.back().empty();  // `/incidents/checkout/`
    if (folder) segments.pop_back();
    if (segments.empty()) {
        why = "alias `/` is the home page";
        return std::nullopt;
    }
    for (size_t i = 0; i < segments.size(); ++i)
        if (!is_safe_id(segments[i]) &&
            !(segments[i] == "index.html" && i + 1 == segments.size())) {
            why = "alias `" + written + "` has the path segment `" + segments[i] +
                  "`; segments are letters, digits, `.`, `_` and `-`";
            return std::nullopt;
        }
    if (segments.size() == 2 && segments[0] == "postmortems")
        return "postmortems/" + segments[1] + "/index.html";
    if (std::find(k_reserved.begin(), k_reserved.end(), segments[0]) != k_reserved.end()) {
        why = "alias `" + written + "` is inside `/" + segments[0] +
              "`, where the site makes its own pages";
        return std::nullopt;
    }
    std::string path = join(segments, "/");
    bool page = !folder && path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0;
    return page ? path : path + "/index.html";
}

bool is_number(const std::string& s) {
    if (s.empty()) return false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && s.find_first_of("xXpPnN") == std::string::npos;
}

// Custom fields: each validated by its declared type; absent ones are left out.
void read_fields(YamlFields& f, const std::vector<FieldDef>& defs, PostMortem& pm) {
    for (const auto& def : defs) {
        if (!f.has(def.key)) {
            if (def.required && pm.status == "published")
                f.error(f.pos(),
                        "a published post-mortem needs `" + def.key + "` (" + def.label + ")",
                        "schema.required", "it is a required field in hindsight.yaml's `fields`");
            continue;
        }
        FieldValue value{def.key, {}};
        if (def.type == "list") {
            value.values = f.string_list(def.key);
        } else if (def.type == "enum") {
            if (auto v = f.one_of(def.key, def.values, false, "schema.field"))
                value.values.push_back(*v);
        } else if (def.type == "date") {
            if (auto d = f.date(def.key)) value.values.push_back(format_date(*d));
        } else if (auto v = f.string(def.key)) {
            std::string text = trim(*v);
            if (def.type == "number" && !is_number(text))
                f.error(f.pos(def.key), "`" + def.key + "` must be a number", "schema.field",
                        "write digits, e.g. 1250 or 3.5, without units (the label says them)");
            else if (def.type == "url" && !starts_with(text, "https://") &&
                     !starts_with(text, "http://"))
                f.error(f.pos(def.key), "`" + def.key + "` must be an http(s) URL", "schema.field",
                        "e.g. https://docs.example.com/incident-review");
            else
                value.values.push_back(text);
        }
        if (!value.values.empty()) pm.fields.push_back(std::move(value));
    }
}

void read_aliases(YamlFields& f, PostMortem& pm) {
    for (auto& item : f.positioned_list("aliases")) {
        std::string why;
        if (auto path = alias_path(trim(item.value), why))
            pm.aliases.push_back({item.value, *path, item.pos});
        else
            f.error(item.pos, why, "schema.alias",
                    "write an earlier id (`PM-17`) or the old page's path from the site's root "
                    "(`/incidents/2024-checkout/`); a redirect page is made there");
    }
}

void read_services(YamlFields& f, const Vocabulary& vocabulary, PostMortem& pm) {
    auto list = f.positioned_list("services", true);
    if (f.has("services") && f.node("services").IsSequence() && list.empty())
        f.error(f.pos("services"), "`services` is empty", "schema.required",
                "name at least one service id from content/services.yaml");
    for (auto& item : list) {
        bool known = false;
        for (const auto& s : vocabulary.services)
            known = known || s == item.value;
        if (known) {
            pm.services.push_back(item.value);
            continue;
        }
        std::string hint =
            "add it to content/services.yaml, or use one of: " + join(vocabulary.services, ", ");
        if (auto near = closest_match(item.value, vocabulary.services))
            hint = "did you mean `" + *near + "`? Otherwise " + hint;
        f.error(item.pos, "unknown service `" + item.value + "`", "schema.service", hint);
    }
}

void read_tags(YamlFields& f, PostMortem& pm) {
    for (auto& item : f.positioned_list("tags")) {
        if (is_slug(item.value) && item.value.size() <= k_max_id_length) {
            pm.tags.push_back(item.value);
            continue;
        }
        if (is_slug(item.value)) {
            f.error(item.pos,
                    "tag is longer than " + std::to_string(k_max_id_length) + " characters",
                    "schema.tag", "tags name pages: a word or two joined by hyphens");
            continue;
        }
        std::string slug = slugify(item.value);
        f.error(item.pos, "tag `" + item.value + "` is not a slug", "schema.tag",
                "tags are lower-case words joined by hyphens" +
                    (is_slug(slug) ? ": write `" + slug + "`" : std::string()));
    }
}

// detected, mitigated and resolved must not go backwards from the incident's start.
void check_time_order(YamlFields& f, const PostMortem& pm) {
    const Timestamp* previous = &pm.date;
    std::string previous_key = "date";
    for (auto [key, value] : {std::pair{"detected", &pm.detected},
                              {"mitigated", &pm.mitigated},
                              {"resolved", &pm.resolved}}) {
        if (!*value) continue;
        if ((*value)->instant < previous->instant)
            f.error(f.pos(key), std::string("`") + key + "` is before `" + previous_key + "`",
                    "schema.time-order",
                    "times go forward: date ≤ detected ≤ mitigated ≤ resolved (all UTC)");
        previous = &**value;
        previous_key = key;
    }
}

}  // namespace

const std::vector<std::string>& postmortem_keys() {
    return k_keys;
}

std::optional<PostMortem> parse_postmortem(const std::string& path, std::string_view text,
                                           const Vocabulary& vocabulary, DiagnosticSink& sink) {
    if (!require_utf8(path, text, sink)) return std::nullopt;
    auto fm = split_front_matter(text, path, sink);
    if (!fm) return std::nullopt;
    YamlOrigin origin{path, fm->yaml_line};
    auto root = load_yaml(fm->yaml, origin, sink);
    if (!root) return std::nullopt;
    if (!root->IsMap()) {
        sink.error({path, fm->yaml_line, 1},
                   "the front matter must be a mapping of fields, not " + yaml_kind(*root),
                   "frontmatter.type", "write one `key: value` per line between the `---` lines");
        return std::nullopt;
    }

    YamlFields f(*root, origin, sink, "front matter");
    std::vector<std::string> known = k_keys;
    for (const auto& def : vocabulary.fields)
        known.push_back(def.key);
    f.warn_unknown_keys(known);
    PostMortem pm;
    pm.pos = {path, 1, 1};
    pm.body = std::move(fm->body);
    pm.body_line = fm->body_line;
    pm.source = digest(text);
    pm.front = Hasher().add(fm->yaml).add_number(std::uint64_t(fm->yaml_line)).finish();

    pm.id_pos = f.pos("id");
    if (auto id = f.string("id", true)) {
        if (id->size() > k_max_id_length)
            f.error(f.pos("id"),
                    "id is " + std::to_string(id->size()) + " characters long, more than " +
                        std::to_string(k_max_id_length),
                    "schema.id", "ids name pages and folders: keep them short, e.g. PM-042");
        else if (is_safe_id(*id))
            pm.id = *id;
        else
            f.error(f.pos("id"), "id `" + *id + "` is not a safe slug", "schema.id",
                    "use letters, digits, `.`, `_` and `-`, starting with a letter or digit "
                    "(e.g. PM-042); the id is the page's URL");
    }
    pm.title = f.string("title", true).value_or("");
    if (f.has("title") && f.node("title").IsScalar() && trim(f.node("title").Scalar()).empty())
        f.error(f.pos("title"), "`title` is empty", "schema.required",
                "give the post-mortem a title");
    pm.date_pos = f.pos("date");
    if (auto date = f.timestamp("date", true)) pm.date = *date;
    pm.status = f.one_of("status", k_statuses, true, "schema.status").value_or("");
    pm.is_public = f.one_of("visibility", k_visibilities).value_or("internal") == "public";
    pm.severity = f.one_of("severity", vocabulary.severities, true, "schema.severity").value_or("");
    read_services(f, vocabulary, pm);
    pm.category = f.one_of("category", vocabulary.categories, true, "schema.category").value_or("");
    read_tags(f, pm);
    pm.summary = f.string("summary").value_or("");
    pm.detected = f.timestamp("detected");
    pm.mitigated = f.timestamp("mitigated");
    pm.resolved = f.timestamp("resolved");
    if (f.has("date")) check_time_order(f, pm);
    pm.detection = f.one_of("detection", k_detections).value_or("");
    pm.authors = f.string_list("authors");
    // One facilitator is usual; PRODUCT.md allows a list.
    if (f.has("facilitator") && f.node("facilitator").IsScalar())
        pm.facilitator = {f.node("facilitator").Scalar()};
    else
        pm.facilitator = f.string_list("facilitator");
    for (auto& item : f.positioned_list("related"))
        pm.related.push_back({item.value, item.pos});
    pm.no_action_items_reason = f.string("no_action_items_reason").value_or("");
    pm.lint_ignore = f.string_list("lint_ignore");
    read_aliases(f, pm);
    read_fields(f, vocabulary.fields, pm);

    DiagnosticSink item_sink;
    pm.action_items = parse_action_items(f.node("action_items"), origin, item_sink);
    for (auto& d : item_sink.sorted())
        sink.add(d);
    bool no_items = !f.has("action_items") ||
                    (f.node("action_items").IsSequence() && f.node("action_items").size() == 0);
    if (pm.status == "published" && no_items && pm.no_action_items_reason.empty())
        f.error(f.pos(), "a published post-mortem needs `action_items`", "schema.required",
                "list what will be done, or explain with `no_action_items_reason: ...` why nothing "
                "will");

    // Returned even with errors, so that checks across files (duplicate ids, links) still see
    // it and report everything in one run; the build stops on the errors anyway.
    return pm;
}

}  // namespace hs
