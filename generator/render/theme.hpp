#pragma once
// A theme: ctemplate templates (HTML auto-escaping on) and static files. The default theme is
// compiled in; a knowledge base's themes/<name>/ replaces it file by file.
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "diag/diagnostic.hpp"

namespace ctemplate {
class TemplateCache;
}

namespace hs {

namespace fs = std::filesystem;

class Theme {
  public:
    // `kb_root`/themes/`name`/ overrides the built-in files when it exists; a theme other than
    // "default" must exist. Template syntax errors are reported; the result is then nullopt.
    static std::optional<Theme> load(const fs::path& kb_root, const std::string& name,
                                     DiagnosticSink& sink);
    // From files given directly (path → bytes). `origins` names where a file came from in
    // messages (path → file relative to the knowledge base); others are the built-in theme's.
    static std::optional<Theme> from_files(std::map<std::string, std::string> files,
                                           DiagnosticSink& sink,
                                           const std::map<std::string, std::string>& origins = {});

    Theme(Theme&&) noexcept;
    Theme& operator=(Theme&&) noexcept;
    ~Theme();

    // Expands templates/<name>.html with `view`. Thread-safe. Throws if the template is missing.
    std::string render(const std::string& name, const nlohmann::json& view) const;
    // static/** files, keyed by their path under static/.
    const std::map<std::string, std::string>& static_files() const { return m_static; }
    bool has_template(const std::string& name) const;
    // Any other file of the theme by its path (e.g. "new.md", the post-mortem template).
    std::optional<std::string> file(const std::string& path) const;

  private:
    Theme();
    std::unique_ptr<ctemplate::TemplateCache> m_cache;
    std::map<std::string, std::string> m_static;
    std::map<std::string, std::string> m_template_paths;  // name → theme file, for messages
    std::map<std::string, std::string> m_files;           // everything else, by path
};

}  // namespace hs
