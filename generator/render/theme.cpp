#include "render/theme.hpp"

#include <cstring>  // ctemplate/str_ref.h uses strlen without including it

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>

#include <stdexcept>

#include "render/embedded_theme.hpp"
#include "render/json_dict.hpp"
#include "util/files.hpp"

namespace hs {
namespace {

const std::string k_templates = "templates/";
const std::string k_static = "static/";
const std::string k_suffix = ".html";

}  // namespace

Theme::Theme() : m_cache(std::make_unique<ctemplate::TemplateCache>()) {}
Theme::Theme(Theme&&) noexcept = default;
Theme& Theme::operator=(Theme&&) noexcept = default;
Theme::~Theme() = default;

std::optional<Theme> Theme::load(const fs::path& kb_root, const std::string& name,
                                 DiagnosticSink& sink) {
    std::map<std::string, std::string> files, origins;
    for (const auto& f : embedded_theme())
        files[std::string(f.path)] = std::string(f.bytes);
    fs::path dir = kb_root / "themes" / name;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) {
        for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
             it.increment(ec)) {
            if (!it->is_regular_file(ec)) continue;  // a dangling link or a loop: nothing to read
            std::string rel = it->path().lexically_relative(dir).generic_string();
            origins[rel] = "themes/" + name + "/" + rel;
            // Theme files are published (static/ as assets/): one that links outside the theme
            // would put whatever it points at, .git/config say, on the public site.
            FencedRead read = read_fenced(it->path(), kb_root, fs::path("themes") / name);
            if (read.bytes)
                files[rel] = std::move(*read.bytes);
            else if (read.outside)
                sink.error({origins[rel], 0, 0},
                           "leads outside themes/" + name + " through a symlink (to " +
                               read.real.string() + ")",
                           "file.symlink",
                           "copy the file into the theme instead; nothing outside it is published");
            else
                sink.error({origins[rel], 0, 0}, "cannot read theme file", "theme.read");
        }
    } else if (name != "default") {
        sink.error({"hindsight.yaml", 0, 0}, "theme `" + name + "` not found", "config.theme",
                   "create themes/" + name + "/ or remove `theme:` to use the built-in theme");
        return std::nullopt;
    }
    return from_files(std::move(files), sink, origins);
}

std::optional<Theme> Theme::from_files(std::map<std::string, std::string> files,
                                       DiagnosticSink& sink,
                                       const std::map<std::string, std::string>& origins) {
    Theme theme;
    bool ok = true;
    for (auto& [path, bytes] : files) {
        auto origin = origins.find(path);
        std::string where = origin != origins.end() ? origin->second : "(built-in theme) " + path;
        if (path.rfind(k_static, 0) == 0) {
            theme.m_static[path.substr(k_static.size())] = std::move(bytes);
        } else if (path.rfind(k_templates, 0) == 0 && path.size() > k_suffix.size() &&
                   path.compare(path.size() - k_suffix.size(), k_suffix.size(), k_suffix) == 0) {
            std::string name =
                path.substr(k_templates.size(), path.size() - k_templates.size() - k_suffix.size());
            if (bytes.rfind("{{%AUTOESCAPE", 0) != 0) {
                sink.error({where, 1, 1}, "the template does not turn on auto-escaping",
                           "theme.autoescape",
                           "start the file with {{%AUTOESCAPE context=\"HTML\"}} so content is "
                           "escaped for where it appears");
                ok = false;
            } else if (!theme.m_cache->StringToTemplateCache(name, bytes,
                                                             ctemplate::STRIP_BLANK_LINES)) {
                sink.error({where, 0, 0}, "the template does not parse", "theme.syntax",
                           "check that every {{#section}} has its {{/section}} and that the file "
                           "starts with {{%AUTOESCAPE context=\"HTML\"}}");
                ok = false;
            }
            theme.m_template_paths[name] = path;
        } else {
            theme.m_files[path] = std::move(bytes);
        }
    }
    if (!ok) return std::nullopt;
    theme.m_cache->Freeze();
    return theme;
}

std::optional<std::string> Theme::file(const std::string& path) const {
    auto it = m_files.find(path);
    if (it == m_files.end()) return std::nullopt;
    return it->second;
}

bool Theme::has_template(const std::string& name) const {
    return m_template_paths.count(name) > 0;
}

std::string Theme::render(const std::string& name, const nlohmann::json& view) const {
    if (!has_template(name))
        throw std::runtime_error("the theme has no template " + name + k_suffix);
    ctemplate::TemplateDictionary dict(name);
    fill_dictionary(dict, view);
    std::string out;
    if (!m_cache->ExpandWithData(name, ctemplate::STRIP_BLANK_LINES, &dict, nullptr, &out))
        throw std::runtime_error("cannot expand template " + name + k_suffix);
    return out;
}

}  // namespace hs
