#include "render/feeds.hpp"

#include "render/exports.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

constexpr size_t k_feed_entries = 20;

bool absolute(const std::string& url) {
    return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

std::string page_url(const Config& config, std::string path) {
    if (path.size() >= 10 && path.compare(path.size() - 10, 10, "index.html") == 0)
        path.resize(path.size() - 10);
    return config.base_url + path;
}

// The last thing known to have happened to the incident.
Timestamp updated(const PostMortem& pm) {
    for (const auto* t : {&pm.resolved, &pm.mitigated, &pm.detected})
        if (*t) return **t;
    return pm.date;
}

}  // namespace

std::string atom_feed(const Site& site, const std::vector<size_t>& members,
                      const std::string& title, const std::string& self, Days as_of) {
    const Config& config = site.config;
    std::vector<size_t> entries;
    for (size_t i : members)
        if (site.postmortems[i].status == "published" && entries.size() < k_feed_entries)
            entries.push_back(i);
    Timestamp feed_updated{Seconds{as_of}, false};
    if (!entries.empty()) {
        feed_updated = updated(site.postmortems[entries.front()]);
        for (size_t i : entries)
            feed_updated = std::max(feed_updated, updated(site.postmortems[i]));
    }
    std::string feed_id = absolute(config.base_url)
                              ? page_url(config, self)
                              : "urn:hindsight:" + slugify(config.title) + ":feed:" + self;
    std::string out =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
        "xmlns=\"http://www.w3.org/2005/Atom\">\n";
    out += "  <title>" + xml_escape(title) + "</title>\n";
    out += "  <id>" + xml_escape(feed_id) + "</id>\n";
    out += "  <updated>" + format_iso(feed_updated) + "</updated>\n";
    out += "  <link rel=\"self\" href=\"" + xml_escape(page_url(config, self)) + "\"/>\n";
    out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(config.base_url) +
           "\"/>\n";
    out += "  <author><name>" + xml_escape(config.title) + "</name></author>\n";
    out += "  <generator>Hindsight</generator>\n";
    for (size_t i : entries) {
        const PostMortem& pm = site.postmortems[i];
        std::string url = postmortem_url(config, pm);
        out += "  <entry>\n";
        out += "    <title>" + xml_escape(pm.id + ": " + pm.title) + "</title>\n";
        out += "    <id>" +
               xml_escape(absolute(url)
                              ? url
                              : "urn:hindsight:" + slugify(config.title) + ":postmortem:" + pm.id) +
               "</id>\n";
        out +=
            "    <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(url) + "\"/>\n";
        out += "    <published>" + format_iso(pm.date) + "</published>\n";
        out += "    <updated>" + format_iso(updated(pm)) + "</updated>\n";
        for (const auto& author : pm.authors)
            out += "    <author><name>" + xml_escape(author) + "</name></author>\n";
        out += "    <category term=\"" + xml_escape(pm.severity) + "\" label=\"Severity\"/>\n";
        out += "    <category term=\"" + xml_escape(pm.category) + "\" label=\"Category\"/>\n";
        for (const auto& s : pm.services)
            out += "    <category term=\"" + xml_escape(s) + "\" label=\"Service\"/>\n";
        if (!pm.summary.empty()) out += "    <summary>" + xml_escape(pm.summary) + "</summary>\n";
        out += "  </entry>\n";
    }
    return out + "</feed>\n";
}

std::string sitemap(const Config& config, const std::vector<std::string>& paths) {
    std::string out =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const auto& path : paths) {
        if (path == "404.html" || path.size() < 5 || path.compare(path.size() - 5, 5, ".html") != 0)
            continue;
        out += "  <url><loc>" + xml_escape(page_url(config, path)) + "</loc></url>\n";
    }
    return out + "</urlset>\n";
}

}  // namespace hs
