#include "content/config_parser.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "content/postmortem_parser.hpp"
#include "content/yaml_fields.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

const std::vector<std::string> k_config_keys = {
    "title",    "description", "base_url", "severities",  "categories",  "tracker",
    "policy",   "as_of",       "theme",    "markdown",    "insights",    "required_sections",
    "per_page", "attachments", "repo_url", "repo_branch", "repo_folder", "edit_url",
    "fields",   "public"};
const std::vector<std::string> k_policy_keys = {
    "stale",         "grace_days",         "verify_within_days",
    "max_due_days",  "review_within_days", "review_every_days",
    "require_ticket"};
const std::vector<std::string> k_service_keys = {"id", "name", "team", "tier", "description"};

std::optional<YamlFields> mapping(YamlFields& parent, const std::string& key,
                                  const YamlOrigin& origin, DiagnosticSink& sink) {
    if (!parent.has(key)) return std::nullopt;
    auto node = parent.node(key);
    if (!node.IsMap()) {
        parent.error(parent.pos(key), "`" + key + "` must be a mapping, not " + yaml_kind(node),
                     "config.type", "write `" + key + ": { name: value, ... }`");
        return std::nullopt;
    }
    return YamlFields(node, origin, sink, "`" + key + "` settings");
}

void read_policy(YamlFields& p, Policy& policy) {
    p.warn_unknown_keys(k_policy_keys);
    policy.stale =
        p.one_of("stale", {"fail", "warn"}, false, "config.value").value_or(policy.stale);
    for (auto [key, target] : {std::pair{"grace_days", &policy.grace_days},
                               {"verify_within_days", &policy.verify_within_days},
                               {"max_due_days", &policy.max_due_days},
                               {"review_within_days", &policy.review_within_days}}) {
        if (auto v = p.integer(key)) {
            if (*v < 0)
                p.error(p.pos(key), std::string("`") + key + "` must not be negative",
                        "config.value");
            else
                *target = *v;
        }
    }
    if (auto v = p.integer("review_every_days")) policy.review_every_days = *v;
    policy.require_ticket = p.boolean("require_ticket").value_or(policy.require_ticket);
}

// Severities are shown as text; categories become URLs, so they must be slugs.
std::vector<std::string> read_vocabulary(YamlFields& f, const std::string& key, bool slugs,
                                         std::vector<std::string> fallback) {
    if (!f.has(key)) return fallback;
    auto items = f.positioned_list(key);
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (auto& item : items) {
        if (slugs ? !is_slug(item.value) : !is_safe_id(item.value))
            f.error(item.pos, "`" + item.value + "` cannot be used in `" + key + "`",
                    "config.value",
                    slugs ? "use lower-case words joined by hyphens"
                          : "use letters, digits, `.`, `_`, `-`");
        else if (!seen.insert(item.value).second)
            f.error(item.pos, "`" + item.value + "` is listed twice in `" + key + "`",
                    "config.value");
        else
            out.push_back(item.value);
    }
    if (out.empty() && items.size() == 0)
        f.error(f.pos(key), "`" + key + "` must not be empty", "config.value");
    return out;
}

bool is_web_url(std::string_view s) {
    return (starts_with(s, "https://") || starts_with(s, "http://")) &&
           s.find_first_of(" \"'<>\\") == std::string_view::npos;
}

// `fields:` — custom front-matter keys: `key: { type: enum, label: ..., values: [...] }`.
void read_fields(YamlFields& f, const YamlOrigin& origin, DiagnosticSink& sink, Config& config) {
    static const std::vector<std::string> k_types = {"string", "number", "date",
                                                     "list",   "url",    "enum"};
    if (!f.has("fields")) return;
    YAML::Node map = f.node("fields");
    if (!map.IsMap()) {
        f.error(f.pos("fields"), "`fields` must be a mapping of keys to their definitions",
                "config.type",
                "e.g. fields: { customer_impact: { type: enum, values: [none, major] } }");
        return;
    }
    for (const auto& entry : map) {
        std::string key = entry.first.Scalar();
        SourcePos at = origin.at(entry.first);
        const auto& builtin = postmortem_keys();
        if (std::find(builtin.begin(), builtin.end(), key) != builtin.end()) {
            sink.error(at, "`" + key + "` is a field Hindsight defines", "config.value",
                       "give the custom field another name");
            continue;
        }
        if (key.empty() || key[0] < 'a' || key[0] > 'z' ||
            key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
            sink.error(at, "field name `" + key + "` is not lower-case letters, digits and `_`",
                       "config.value", "e.g. customer_impact");
            continue;
        }
        if (!entry.second.IsMap()) {
            sink.error(at, "field `" + key + "` needs a definition: `{ type: ..., label: ... }`",
                       "config.type");
            continue;
        }
        YamlFields d(entry.second, origin, sink, "field definition");
        d.warn_unknown_keys({"type", "label", "values", "required", "internal"});
        FieldDef def;
        def.key = key;
        def.type = d.one_of("type", k_types, true, "config.value").value_or("");
        def.label = d.string("label").value_or(key);
        def.values = d.string_list("values");
        def.required = d.boolean("required").value_or(false);
        def.internal = d.boolean("internal").value_or(false);
        if (def.type == "enum" && def.values.empty())
            d.error(d.pos(), "enum field `" + key + "` lists no `values`", "config.value",
                    "e.g. values: [none, minor, major]");
        if (!def.type.empty()) config.fields.push_back(std::move(def));
    }
}

// `public:` — what `build --public` makes (README › The public build).
void read_public(YamlFields& p, Config& config) {
    p.warn_unknown_keys({"title", "description", "base_url", "internal_sections", "hide"});
    PublicConfig& pub = config.public_site;
    pub.title = p.string("title").value_or("");
    pub.description = p.string("description").value_or("");
    pub.base_url = p.string("base_url").value_or("");
    if (!pub.base_url.empty() && !is_base_url(pub.base_url))
        p.error(p.pos("base_url"), "`public.base_url` must start with `/` or `https://`",
                "config.value",
                "where the public site is served, e.g. https://status.example.com/");
    if (!pub.base_url.empty() && pub.base_url.back() != '/') pub.base_url += '/';
    pub.internal_sections = p.string_list("internal_sections");
    for (const auto& item : p.positioned_list("hide")) {
        if (item.value == "tags")
            pub.hide_tags = true;
        else if (item.value == "action-items")
            pub.hide_action_items = true;
        else
            p.error(item.pos, "`public.hide` has `" + item.value + "`", "config.value",
                    "it may list `tags` and `action-items`");
    }
}

void read_repository(YamlFields& f, Config& config) {
    config.repo_url = f.string("repo_url").value_or("");
    while (!config.repo_url.empty() && config.repo_url.back() == '/')
        config.repo_url.pop_back();
    if (!config.repo_url.empty() && !is_web_url(config.repo_url))
        f.error(f.pos("repo_url"), "`repo_url` must be an https:// URL", "config.value",
                "the repository's page, e.g. https://github.com/acme/postmortems");
    config.repo_branch = f.string("repo_branch").value_or(config.repo_branch);
    if (config.repo_branch.empty() ||
        config.repo_branch.find_first_of(" \"'<>\\?#") != std::string::npos)
        f.error(f.pos("repo_branch"), "`repo_branch` is not a branch name", "config.value",
                "e.g. main");
    config.repo_folder = trim(f.string("repo_folder").value_or(""));
    while (!config.repo_folder.empty() && config.repo_folder.back() == '/')
        config.repo_folder.pop_back();
    if (starts_with(config.repo_folder, "/") || config.repo_folder.find("..") != std::string::npos)
        f.error(f.pos("repo_folder"), "`repo_folder` must be a path inside the repository",
                "config.value", "e.g. docs/postmortems, without a leading `/`");
    config.edit_url = f.string("edit_url").value_or("");
    if (!config.edit_url.empty() &&
        (!is_web_url(config.edit_url) || config.edit_url.find("{path}") == std::string::npos))
        f.error(f.pos("edit_url"), "`edit_url` must be an https:// URL with a `{path}` placeholder",
                "config.value", "e.g. https://git.example.com/acme/kb/_edit/main/{path}");
}

}  // namespace

void parse_config(const std::string& path, std::string_view text, Config& config,
                  DiagnosticSink& sink) {
    YamlOrigin origin{path, 1};
    if (!require_utf8(path, text, sink)) return;
    auto root = load_yaml(std::string(text), origin, sink);
    if (!root) return;
    if (root->IsNull()) return;  // an empty config means all defaults
    if (!root->IsMap()) {
        sink.error({path, 1, 1}, "hindsight.yaml must be a mapping of settings", "config.type");
        return;
    }
    YamlFields f(*root, origin, sink, "configuration");
    f.warn_unknown_keys(k_config_keys);
    config.title = f.string("title").value_or(config.title);
    config.description = f.string("description").value_or(config.description);
    config.base_url = f.string("base_url").value_or(config.base_url);
    if (!is_base_url(config.base_url))
        f.error(f.pos("base_url"), "`base_url` must start with `/` or `https://`", "config.value",
                "e.g. `/` for a domain of its own, `/postmortems/` or "
                "`https://acme.github.io/postmortems/` for a GitHub Pages project site");
    if (config.base_url.empty() || config.base_url.back() != '/') config.base_url += '/';
    config.severities = read_vocabulary(f, "severities", false, config.severities);
    config.categories = read_vocabulary(f, "categories", true, config.categories);
    if (auto tracker = mapping(f, "tracker", origin, sink)) {
        tracker->warn_unknown_keys({"url", "pattern", "snapshot"});
        config.tracker_url = tracker->string("url").value_or("");
        if (!config.tracker_url.empty() && config.tracker_url.find("{ticket}") == std::string::npos)
            tracker->error(tracker->pos("url"), "`tracker.url` has no `{ticket}` placeholder",
                           "config.value", "e.g. https://tracker.example/browse/{ticket}");
        config.tracker_pattern = tracker->string("pattern").value_or("");
        try {
            std::regex check(config.tracker_pattern);
        } catch (const std::regex_error& e) {
            tracker->error(
                tracker->pos("pattern"),
                "`tracker.pattern` is not a valid regular expression: " + std::string(e.what()),
                "config.value", "e.g. `[A-Z]+-[0-9]+` for Jira keys, `#[0-9]+` for issues");
            config.tracker_pattern.clear();
        }
        config.tracker_snapshot = tracker->string("snapshot").value_or("");
        config.tracker_snapshot_pos = tracker->pos("snapshot");
    }
    if (auto policy = mapping(f, "policy", origin, sink)) read_policy(*policy, config.policy);
    read_repository(f, config);
    read_fields(f, origin, sink, config);
    config.as_of = f.date("as_of");
    config.as_of_pos = f.pos("as_of");
    config.theme = f.string("theme").value_or(config.theme);
    if (!is_safe_id(config.theme))
        f.error(f.pos("theme"), "theme `" + config.theme + "` is not a folder name",
                "config.value");
    if (auto per_page = f.integer("per_page")) {
        if (*per_page < 10)
            f.error(f.pos("per_page"), "`per_page` must be at least 10", "config.value",
                    "lists show this many post-mortems a page; the default is 50");
        else
            config.per_page = int(*per_page);
    }
    if (auto insights = mapping(f, "insights", origin, sink)) {
        insights->warn_unknown_keys(
            {"recurrence_count", "recurrence_window_days", "fix_window_days"});
        for (auto [key, target] : {std::pair{"recurrence_count", &config.recurrence_count},
                                   {"recurrence_window_days", &config.recurrence_window_days},
                                   {"fix_window_days", &config.fix_window_days}})
            if (auto v = insights->integer(key)) {
                if (*v < 1)
                    insights->error(insights->pos(key),
                                    std::string("`") + key + "` must be at least 1",
                                    "config.value");
                else
                    *target = *v;
            }
    }
    if (auto sections = mapping(f, "required_sections", origin, sink)) {
        // Listing a severity replaces its defaults; `default` covers the ones not listed.
        std::vector<std::string> keys = config.severities;
        keys.push_back("default");
        sections->warn_unknown_keys(keys);
        for (const auto& key : keys)
            if (sections->has(key)) config.required_sections[key] = sections->string_list(key);
    }
    if (auto pub = mapping(f, "public", origin, sink)) read_public(*pub, config);
    if (auto markdown = mapping(f, "markdown", origin, sink)) {
        markdown->warn_unknown_keys({"raw_html"});
        config.raw_html = markdown->boolean("raw_html").value_or(false);
    }
    if (auto attachments = mapping(f, "attachments", origin, sink)) {
        attachments->warn_unknown_keys({"warn_size_mb"});
        if (auto mb = attachments->integer("warn_size_mb")) {
            if (*mb < 1)
                attachments->error(attachments->pos("warn_size_mb"),
                                   "`attachments.warn_size_mb` must be at least 1", "config.value",
                                   "a file linked from a post-mortem larger than this many MB "
                                   "gets a warning; the default is 5");
            else
                config.attachment_warn_bytes = std::int64_t(*mb) * 1024 * 1024;
        }
    }
}

std::vector<Service> parse_services(const std::string& path, std::string_view text,
                                    DiagnosticSink& sink) {
    std::vector<Service> services;
    YamlOrigin origin{path, 1};
    if (!require_utf8(path, text, sink)) return services;
    auto root = load_yaml(std::string(text), origin, sink);
    if (!root || root->IsNull()) return services;
    if (!root->IsSequence()) {
        sink.error({path, 1, 1}, "services.yaml must be a list of services", "services.type",
                   "write `- { id: payments-api, name: Payments API, team: payments, tier: 1 }`");
        return services;
    }
    std::set<std::string> seen;
    for (const auto& entry : *root) {
        if (!entry.IsMap()) {
            sink.error(origin.at(entry), "each service must be a mapping, not " + yaml_kind(entry),
                       "services.type");
            continue;
        }
        YamlFields f(entry, origin, sink, "service");
        f.warn_unknown_keys(k_service_keys);
        Service s;
        s.pos = f.pos();
        s.id = f.string("id", true).value_or("");
        s.name = f.string("name").value_or(s.id);
        s.team = f.string("team").value_or("");
        s.tier = f.integer("tier").value_or(0);
        s.description = f.string("description").value_or("");
        if (!s.id.empty() && !is_safe_id(s.id)) {
            f.error(f.pos("id"), "service id `" + s.id + "` is not a safe slug", "services.id",
                    "use letters, digits, `.`, `_` and `-`; the id is the service page's URL");
            continue;
        }
        if (!s.id.empty() && !seen.insert(to_lower(s.id)).second) {
            f.error(f.pos("id"), "service `" + s.id + "` is defined twice", "services.duplicate");
            continue;
        }
        if (f.errors() == 0) services.push_back(std::move(s));
    }
    return services;
}

}  // namespace hs
