#include "render/urls.hpp"

#include <algorithm>

namespace hs {

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

std::string canonical_url(const std::string& base_url, std::string_view site_path) {
    bool absolute = base_url.rfind("https://", 0) == 0 || base_url.rfind("http://", 0) == 0;
    if (!absolute) return {};
    std::string path(site_path);
    if (path.size() >= 10 && path.compare(path.size() - 10, 10, "index.html") == 0)
        path.resize(path.size() - 10);
    return base_url + path;
}

}  // namespace hs
