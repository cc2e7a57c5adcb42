#include "output/link_check.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_set>

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

std::string decode_amp(std::string_view s) {
    std::string out(s);
    for (size_t at; (at = out.find("&amp;")) != std::string::npos;)
        out.replace(at, 5, "&");
    return out;
}

// `page`'s folder joined with `rel` into `out`, with `.` and `..` resolved; false if it leaves
// the site. Pages' own paths are clean (no `.`, `..` or empty parts). Into a buffer the caller
// keeps: a string for each part of each link was a third of the link check.
bool resolve(std::string_view page, std::string_view rel, std::string& out) {
    size_t slash = page.rfind('/');
    out.assign(slash == std::string_view::npos ? std::string_view() : page.substr(0, slash));
    for (size_t start = 0; start <= rel.size();) {
        size_t end = std::min(rel.find('/', start), rel.size());
        std::string_view part = rel.substr(start, end - start);
        if (part == "..") {
            if (out.empty()) return false;
            size_t cut = out.rfind('/');
            out.resize(cut == std::string::npos ? 0 : cut);
        } else if (!part.empty() && part != ".") {
            if (!out.empty()) out += '/';
            out += part;
        }
        start = end + 1;
    }
    if (rel.empty() || rel.back() == '/') {
        if (!out.empty()) out += '/';
        out += "index.html";
    }
    return true;
}

bool external(std::string_view url) {
    if (url.starts_with('/')) return true;  // `/x` and `//host/x` depend on base_url
    size_t colon = url.find(':'), slash = url.find('/');
    return colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash);
}

bool is_html(std::string_view path) {
    return path.ends_with(".html");
}

}  // namespace

LinkChecker::LinkChecker(std::vector<std::string> paths) {
    for (auto& p : paths)
        m_paths.insert(std::move(p));
}

void LinkChecker::add(const std::string& page, const std::string& bytes) {
    if (!is_html(page)) return;
    auto attributes = link_attributes(bytes);
    std::unordered_set<std::string> ids(attributes.id.begin(), attributes.id.end());
    std::vector<BrokenLink> broken;
    std::vector<Pending> pending;
    std::string resolved;    // kept from link to link
    if (page != "404.html")  // links from base_url, checked by its golden test
        for (const auto* values : {&attributes.href, &attributes.src}) {
            for (const auto& written : *values) {
                std::string amp_decoded;
                std::string_view url = written;
                if (url.find('&') != std::string_view::npos) url = amp_decoded = decode_amp(url);
                if (url.empty() || external(url)) continue;
                size_t hash = url.find('#');
                std::string_view path = url.substr(0, std::min(hash, url.find('?')));
                std::optional<std::string> decoded;  // my%20graph.png: "my graph.png"
                if (path.find('%') != std::string_view::npos && (decoded = percent_decode(path)))
                    path = *decoded;
                std::string_view fragment =
                    hash == std::string_view::npos ? std::string_view() : url.substr(hash + 1);
                std::string_view target = page;
                if (!path.empty()) {
                    if (!resolve(page, path, resolved) || !m_paths.count(resolved)) {
                        broken.push_back({page, written, "no such page"});
                        continue;
                    }
                    target = resolved;
                }
                if (fragment.empty() || !is_html(target)) continue;
                if (target == page) {
                    if (!ids.count(std::string(fragment)))
                        broken.push_back(
                            {page, written,
                             "no element with id `" + std::string(fragment) + "` there"});
                } else {
                    pending.push_back(
                        {written, std::string(target), std::string(fragment), broken.size()});
                }
            }
        }
    std::vector<std::string_view> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    Hasher ids_digest;
    for (std::string_view id : sorted)
        ids_digest.add(id);
    std::lock_guard lock(m_mutex);
    auto& seen = m_pages[page];
    seen.ids_digest = ids_digest.finish();
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

std::map<std::string, Digest> LinkChecker::id_digests() const {
    std::lock_guard lock(m_mutex);
    std::map<std::string, Digest> out;
    for (const auto& [page, seen] : m_pages)
        out.emplace_hint(out.end(), page, seen.ids_digest);
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
