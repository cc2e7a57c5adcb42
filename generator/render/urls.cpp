#include "render/urls.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace hs {

std::string paths::digest(std::string_view period) {
    return "digest/" + std::string(period) + "/index.html";
}

std::string paths::postmortem(std::string_view id) {
    return "postmortems/" + std::string(id) + "/index.html";
}

std::string paths::owner(std::string_view slug) {
    return "owners/" + std::string(slug) + "/index.html";
}

std::string paths::term_index(std::string_view kind) {
    return std::string(kind) + "/index.html";
}

std::string paths::term(std::string_view kind, std::string_view term) {
    return std::string(kind) + "/" + std::string(term) + "/index.html";
}

std::string paths::paged(std::string_view first, size_t page) {
    if (page <= 1) return std::string(first);
    std::string folder(first.substr(0, first.rfind('/') + 1));  // "" for a list at the root
    return folder + "page/" + std::to_string(page) + "/index.html";
}

Linker Linker::for_page(std::string_view page_path) {
    std::string root;
    for (size_t depth = size_t(std::count(page_path.begin(), page_path.end(), '/')); depth > 0;
         --depth)
        root += "../";
    return Linker(root);
}

Linker Linker::from_base(std::string base_url) {
    return Linker(std::move(base_url));
}

std::string edit_url(const Config& config, std::string_view file) {
    std::string path = percent_encode_path(config.repo_folder.empty()
                                               ? std::string(file)
                                               : config.repo_folder + "/" + std::string(file));
    if (!config.edit_url.empty()) {
        std::string url = config.edit_url;
        for (size_t at; (at = url.find("{path}")) != std::string::npos;)
            url.replace(at, 6, path);
        return url;
    }
    if (config.repo_url.empty()) return {};
    size_t host = config.repo_url.find("://") + 3;
    std::string host_name = config.repo_url.substr(host, config.repo_url.find('/', host) - host);
    bool gitlab = host_name.find("gitlab") != std::string::npos;
    return config.repo_url + (gitlab ? "/-/edit/" : "/edit/") +
           percent_encode_path(config.repo_branch) + "/" + path;
}

std::string canonical_url(const std::string& base_url, std::string_view site_path) {
    bool absolute = base_url.rfind("https://", 0) == 0 || base_url.rfind("http://", 0) == 0;
    if (!absolute) return {};
    std::string path(site_path);
    if (path.size() >= 10 && path.compare(path.size() - 10, 10, "index.html") == 0)
        path.resize(path.size() - 10);
    return base_url + path;
}

}  // namespace hs
