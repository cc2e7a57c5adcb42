#include "output/link_check.hpp"

#include <map>
#include <optional>
#include <set>

#include "util/parallel.hpp"

namespace hs {
namespace {

// The values of `attribute="…"` in `html`, entities as written.
std::vector<std::string> attribute_values(const std::string& html, const std::string& attribute) {
    std::vector<std::string> out;
    std::string needle = " " + attribute + "=\"";
    for (size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
        size_t start = at + needle.size(), end = html.find('"', start);
        if (end == std::string::npos) break;
        out.push_back(html.substr(start, end - start));
    }
    return out;
}

std::string decode_amp(std::string s) {
    for (size_t at; (at = s.find("&amp;")) != std::string::npos;)
        s.replace(at, 5, "&");
    return s;
}

// `base`'s folder joined with `rel`, with `.` and `..` resolved; nullopt if it leaves the site.
std::optional<std::string> resolve(const std::string& page, const std::string& rel) {
    std::vector<std::string> parts;
    size_t slash = page.rfind('/');
    std::string folder = slash == std::string::npos ? "" : page.substr(0, slash);
    std::string joined = folder.empty() ? rel : folder + "/" + rel;
    size_t start = 0;
    while (start <= joined.size()) {
        size_t end = joined.find('/', start);
        if (end == std::string::npos) end = joined.size();
        std::string part = joined.substr(start, end - start);
        if (part == "..") {
            if (parts.empty()) return std::nullopt;
            parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : "/") + p;
    if (rel.empty() || rel.back() == '/')
        out += (out.empty() ? "" : "/") + std::string("index.html");
    return out;
}

bool external(const std::string& url) {
    if (url.rfind("//", 0) == 0 || url.rfind("/", 0) == 0) return true;  // depends on base_url
    size_t colon = url.find(':'), slash = url.find('/');
    return colon != std::string::npos && (slash == std::string::npos || colon < slash);
}

}  // namespace

std::vector<BrokenLink> check_links(const SiteFiles& site, unsigned jobs) {
    std::vector<const std::pair<const std::string, std::string>*> pages;
    for (const auto& entry : site.files) {
        const std::string& page = entry.first;
        if (page.size() >= 5 && page.compare(page.size() - 5, 5, ".html") == 0)
            pages.push_back(&entry);
    }
    // Each page's element ids, for links with a #fragment; every page is scanned once, by
    // whichever thread checks it.
    std::map<std::string, size_t> page_index;
    for (size_t i = 0; i < pages.size(); ++i)
        page_index.emplace(pages[i]->first, i);
    std::vector<std::set<std::string>> ids(pages.size());
    parallel_for(pages.size(), jobs, [&](size_t i) {
        auto values = attribute_values(pages[i]->second, "id");
        ids[i] = std::set<std::string>(values.begin(), values.end());
    });
    std::vector<std::vector<BrokenLink>> found(pages.size());  // by page, so the order is fixed
    parallel_for(pages.size(), jobs, [&](size_t i) {
        const auto& [page, html] = *pages[i];
        if (page == "404.html") return;  // links from base_url, checked by its golden test
        for (const char* attribute : {"href", "src"}) {
            for (const auto& written : attribute_values(html, attribute)) {
                std::string url = decode_amp(written);
                if (url.empty() || external(url)) continue;
                size_t hash = url.find('#');
                std::string path = url.substr(0, std::min(hash, url.find('?')));
                std::string fragment = hash == std::string::npos ? "" : url.substr(hash + 1);
                std::string target = page;
                if (!path.empty()) {
                    auto resolved = resolve(page, path);
                    if (!resolved || !site.files.count(*resolved)) {
                        found[i].push_back({page, written, "no such page"});
                        continue;
                    }
                    target = *resolved;
                }
                if (fragment.empty()) continue;
                auto it = page_index.find(target);  // only .html pages have ids to check
                if (it != page_index.end() && !ids[it->second].count(fragment))
                    found[i].push_back(
                        {page, written, "no element with id `" + fragment + "` there"});
            }
        }
    });
    std::vector<BrokenLink> broken;
    for (auto& list : found)
        for (auto& b : list)
            broken.push_back(std::move(b));
    return broken;
}

}  // namespace hs
