#include "output/link_check.hpp"

#include <map>
#include <optional>
#include <set>

#include "util/parallel.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

// The values of ` id="…"`, ` href="…"` and ` src="…"` in `html`, entities as written, each in
// page order. One pass that stops at each `="`: a search for ` href="` stops at every space.
struct LinkAttributes {
    std::vector<std::string> id, href, src;
};
LinkAttributes link_attributes(const std::string& html) {
    LinkAttributes out;
    auto named = [&](size_t eq, std::string_view name) {
        return eq > name.size() && html[eq - name.size() - 1] == ' ' &&
               html.compare(eq - name.size(), name.size(), name) == 0;
    };
    for (size_t eq = html.find("=\""); eq != std::string::npos; eq = html.find("=\"", eq + 2)) {
        std::vector<std::string>* into = named(eq, "id")     ? &out.id
                                         : named(eq, "href") ? &out.href
                                         : named(eq, "src")  ? &out.src
                                                             : nullptr;
        if (!into) continue;
        size_t start = eq + 2, end = html.find('"', start);
        if (end == std::string::npos) break;
        into->push_back(html.substr(start, end - start));
        eq = end - 1;  // a value holds no `"`, so no attribute starts inside it
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

bool is_html(const std::string& path) {
    return path.size() >= 5 && path.compare(path.size() - 5, 5, ".html") == 0;
}

}  // namespace

LinkChecker::LinkChecker(std::vector<std::string> paths) {
    for (auto& p : paths)
        m_paths.insert(std::move(p));
}

void LinkChecker::add(const std::string& page, const std::string& bytes) {
    if (!is_html(page)) return;
    auto attributes = link_attributes(bytes);
    std::set<std::string> ids(attributes.id.begin(), attributes.id.end());
    std::vector<BrokenLink> broken;
    std::vector<Pending> pending;
    if (page != "404.html")  // links from base_url, checked by its golden test
        for (const auto* values : {&attributes.href, &attributes.src}) {
            for (const auto& written : *values) {
                std::string url = decode_amp(written);
                if (url.empty() || external(url)) continue;
                size_t hash = url.find('#');
                std::string path = url.substr(0, std::min(hash, url.find('?')));
                path = percent_decode(path).value_or(path);  // my%20graph.png: "my graph.png"
                std::string fragment = hash == std::string::npos ? "" : url.substr(hash + 1);
                std::string target = page;
                if (!path.empty()) {
                    auto resolved = resolve(page, path);
                    if (!resolved || !m_paths.count(*resolved)) {
                        broken.push_back({page, written, "no such page"});
                        continue;
                    }
                    target = *resolved;
                }
                if (fragment.empty() || !is_html(target)) continue;
                if (target == page) {
                    if (!ids.count(fragment))
                        broken.push_back(
                            {page, written, "no element with id `" + fragment + "` there"});
                } else {
                    pending.push_back({written, target, fragment, broken.size()});
                }
            }
        }
    std::lock_guard lock(m_mutex);
    auto& seen = m_pages[page];
    seen.ids = std::move(ids);
    seen.broken = std::move(broken);
    seen.pending = std::move(pending);
}

std::vector<BrokenLink> LinkChecker::broken() const {
    std::lock_guard lock(m_mutex);
    std::vector<BrokenLink> out;
    for (const auto& [page, seen] : m_pages) {  // in page order, and in order within a page
        std::vector<BrokenLink> all = seen.broken;
        size_t shift = 0;
        for (const auto& p : seen.pending) {
            auto target = m_pages.find(p.target);
            if (target != m_pages.end() && target->second.ids.count(p.fragment)) continue;
            all.insert(all.begin() + long(p.before + shift),
                       {page, p.written, "no element with id `" + p.fragment + "` there"});
            ++shift;
        }
        out.insert(out.end(), all.begin(), all.end());
    }
    return out;
}

std::set<std::string> LinkChecker::unseen_targets() const {
    std::lock_guard lock(m_mutex);
    std::set<std::string> out;
    for (const auto& [page, seen] : m_pages)
        for (const auto& p : seen.pending)
            if (!m_pages.count(p.target)) out.insert(p.target);
    return out;
}

std::vector<BrokenLink> check_links(const SiteFiles& site, unsigned jobs) {
    std::vector<std::string> paths;
    std::vector<const std::pair<const std::string, std::string>*> entries;
    for (const auto& entry : site.files) {
        paths.push_back(entry.first);
        entries.push_back(&entry);
    }
    LinkChecker checker(std::move(paths));
    parallel_for(entries.size(), jobs,
                 [&](size_t i) { checker.add(entries[i]->first, entries[i]->second); });
    return checker.broken();
}

}  // namespace hs
