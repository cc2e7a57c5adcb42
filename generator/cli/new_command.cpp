// `hindsight new "Title"`: a new post-mortem from the house template, with the next free id.
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "render/theme.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

struct NewArgs {
    CommonArgs common;
    std::string title;
    std::vector<std::string> services;
    std::string severity;
    std::string category;
    bool folder = false;  // <id>-<slug>/index.md, with room for its files
};

// "PM-017" after PM-001…PM-016: the most used prefix, the widest number, plus one.
std::string next_id(const Site& site) {
    std::map<std::string, std::pair<long, size_t>> by_prefix;  // prefix → (max number, width)
    std::map<std::string, size_t> uses;
    for (const auto& pm : site.postmortems) {
        size_t digits = pm.id.size();
        while (digits > 0 && std::isdigit(static_cast<unsigned char>(pm.id[digits - 1])))
            --digits;
        if (digits == pm.id.size() || pm.id.size() - digits > 9) continue;
        std::string prefix = pm.id.substr(0, digits);
        auto& [max, width] = by_prefix[prefix];
        max = std::max(max, std::stol(pm.id.substr(digits)));
        width = std::max(width, pm.id.size() - digits);
        ++uses[prefix];
    }
    if (by_prefix.empty()) return "PM-001";
    std::string prefix = by_prefix.begin()->first;
    for (const auto& [p, n] : uses)
        if (n > uses[prefix]) prefix = p;
    auto [max, width] = by_prefix[prefix];
    std::string number = std::to_string(max + 1);
    if (number.size() < width) number.insert(0, width - number.size(), '0');
    return prefix + number;
}

// A YAML double-quoted scalar.
std::string yaml_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        out += c;
    }
    return out + "\"";
}

std::string fill(std::string text, const std::map<std::string, std::string>& values) {
    for (const auto& [key, value] : values)
        for (size_t at; (at = text.find("{{" + key + "}}")) != std::string::npos;)
            text.replace(at, key.size() + 4, value);
    return text;
}

// A value from a closed list, or a usage error that suggests the closest.
bool known(const std::string& what, const std::string& value,
           const std::vector<std::string>& allowed, std::ostream& err) {
    if (value.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end())
        return true;
    err << "hindsight: error: unknown " << what << " `" << value << "`";
    if (auto near = closest_match(value, allowed)) err << "; did you mean `" << *near << "`?";
    err << ". Use one of: " << join(allowed, ", ") << "\n";
    return false;
}

int run_new(const NewArgs& args, std::ostream& out, std::ostream& err) {
    BuildOptions options;
    if (int code = args.common.apply(options, err)) return code;
    DiagnosticSink sink;
    CompileResult kb = analyse_site(options, sink);  // for the ids and vocabularies in use
    if (kb.status == k_exit_usage) {
        print_text(err, sink.sorted(), args.common.prefix());
        return k_exit_usage;
    }
    const Site& site = kb.site;
    std::vector<std::string> service_ids;
    for (const auto& s : site.services)
        service_ids.push_back(s.id);
    bool ok = known("severity", args.severity, site.config.severities, err) &&
              known("category", args.category, site.config.categories, err);
    for (const auto& s : args.services)
        ok = ok && known("service", s, service_ids, err);
    if (!ok) return k_exit_usage;

    DiagnosticSink theme_sink;
    auto theme = Theme::load(options.root, site.config.theme, theme_sink);
    auto templ = theme ? theme->file("new.md") : std::nullopt;
    if (!templ) {
        print_text(err, theme_sink.sorted(), args.common.prefix());
        err << "hindsight: error: the theme has no new.md template\n";
        return k_exit_usage;
    }
    std::string id = next_id(site);
    // Today, not the knowledge base's pinned as_of: a new post-mortem is about now.
    Days today = options.as_of ? *options.as_of : today_utc();
    std::string text = fill(
        *templ, {{"id", id},
                 {"title", yaml_string(args.title)},
                 {"date", format_date(today)},
                 {"due", format_date(today + std::chrono::days{site.config.policy.max_due_days})},
                 {"severity", args.severity},
                 {"severities", join(site.config.severities, ", ")},
                 {"categories", join(site.config.categories, ", ")},
                 {"category", args.category},
                 {"services", "[" + join(args.services, ", ") + "]"}});
    // At most 48 bytes of the title, cut between words (not `…-opensearch-upgra`).
    std::string whole = slugify(args.title);
    std::string slug = utf8_prefix(whole, 48);
    if (slug.size() < whole.size() && whole[slug.size()] != '-' &&
        slug.find('-') != std::string::npos)
        slug.erase(slug.rfind('-'));
    while (!slug.empty() && slug.back() == '-')
        slug.pop_back();
    std::string name = id + (slug.empty() ? "" : "-" + slug);
    fs::path rel = fs::path("content/postmortems") / std::to_string(year_of(today)) /
                   (args.folder ? fs::path(name) / "index.md" : fs::path(name + ".md"));
    fs::path path = options.root / rel;
    if (fs::exists(path)) {
        err << "hindsight: error: " << path.string() << " exists already\n";
        return k_exit_usage;
    }
    write_file_atomic(path, text);
    out << "Created " << (args.common.prefix() + rel.generic_string()) << " (" << id
        << ", status draft)\n"
        << "Fill in the sections and action items, then run `hindsight check` on it.\n";
    if (args.folder)
        out << "Put its screenshots and graphs in " << args.common.prefix()
            << rel.parent_path().generic_string()
            << "/ and link them by name, e.g. ![error rate](error-rate.png).\n";
    if (args.severity.empty() || args.category.empty() || args.services.empty())
        out << "It still needs: " << (args.services.empty() ? "services " : "")
            << (args.severity.empty() ? "severity " : "")
            << (args.category.empty() ? "category" : "")
            << " (the build refuses it until they are set).\n";
    return k_exit_ok;
}

}  // namespace

CommandRunner add_new_command(CLI::App& app) {
    auto args = std::make_shared<NewArgs>();
    CLI::App* cmd = app.add_subcommand(
        "new", "Start a post-mortem from the house template, with the next free id");
    args->common.add_to(*cmd);
    cmd->add_option("title", args->title, "The incident's title")->required();
    cmd->add_option("--service", args->services,
                    "A service id from content/services.yaml (repeatable)");
    cmd->add_option("--severity", args->severity, "One of the configured severities");
    cmd->add_option("--category", args->category, "One of the configured categories");
    cmd->add_flag("--folder", args->folder,
                  "Make a folder of its own (<id>-<title>/index.md) for the post-mortem and the "
                  "files it links to");
    return [args](std::ostream& out, std::ostream& err) { return run_new(*args, out, err); };
}

}  // namespace hs
