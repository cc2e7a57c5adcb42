#include "render/site_renderer.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "render/exports.hpp"
#include "render/feeds.hpp"
#include "render/search_index.hpp"
#include "render/view_helpers.hpp"
#include "render/views.hpp"
#include "search/index_builder.hpp"
#include "util/files.hpp"
#include "util/parallel.hpp"

namespace hs {
namespace {

// The stop flag of the make_each call whose file this thread is making, if any: the search
// index's builder asks it between documents, so a called-off pass does not go on building an
// index nobody will read (serve, when a newer save comes). Pages made one at a time, as serve
// makes them when asked, have none.
thread_local const std::atomic<bool>* t_stop = nullptr;
// The threads of that make_each call: the search index is built on as many (the other files
// of a build after an edit are few, and would leave a core idle while it is built).
thread_local unsigned t_jobs = 1;

// Sets t_stop and t_jobs for the file being made, and puts the outer ones back, however the
// file ends.
class StopScope {
  public:
    StopScope(const std::atomic<bool>* stop, unsigned jobs)
        : m_outer(std::exchange(t_stop, stop)), m_outer_jobs(std::exchange(t_jobs, jobs)) {}
    ~StopScope() {
        t_stop = m_outer;
        t_jobs = m_outer_jobs;
    }
    StopScope(const StopScope&) = delete;
    StopScope& operator=(const StopScope&) = delete;

  private:
    const std::atomic<bool>* m_outer;
    unsigned m_outer_jobs;
};

// What the keys of pages are made of (SitePlan::keys), per post-mortem.
struct KeyParts {
    // Its file's bytes and path: what its own page shows of it, with its rendered body.
    std::vector<Digest> file;
    // Its front matter and path: everything a row of a list shows of it, given the site (a row
    // shows front matter only: postmortem_row), and everything the exports and the search's
    // metadata read of it. An edit to a body leaves them as they were, and the lists that show
    // it. (On the public site, its file: the public copy of a post-mortem is made from the
    // whole file.)
    std::vector<Digest> front;
    const Digest& row(size_t i) const { return front[i]; }
    // What pages read of it beyond its own file: its similar incidents, backlinks, recurrences,
    // repeat, and the gate's findings about it.
    std::vector<Digest> ties;
    Digest site;         // what every page shows of the whole site
    Digest all_figures;  // the figures of the list of every post-mortem, on each of its pages
};

// The front matter of post-mortems [from, to) in the site's order.
void add_fronts(Hasher& h, const KeyParts& parts, size_t from, size_t to) {
    h.add_number(from).add_number(to);
    for (size_t i = from; i < to; ++i)
        h.add(parts.front[i]);
}

void add_rows(Hasher& h, const KeyParts& parts, const std::vector<size_t>& postmortems) {
    h.add_number(postmortems.size());
    for (size_t i : postmortems)
        h.add(parts.row(i));
}

// What pattern_view shows: its latest incidents, how many there are, its first and last day. A
// busy service's streak can span years: one incident edited long ago must not make every page
// that shows the streak again.
void add_pattern(Hasher& h, const KeyParts& parts, const RecurringPattern& pattern) {
    h.add(pattern.kind).add(pattern.term).add_number(pattern.postmortems.size());
    size_t shown = std::min(pattern.postmortems.size(), k_pattern_rows);
    for (size_t k = pattern.postmortems.size() - shown; k < pattern.postmortems.size(); ++k)
        h.add(parts.row(pattern.postmortems[k]));
    h.add(format_date(pattern.first)).add(format_date(pattern.last));
}

// Adds to `h` everything a file shows beyond the whole site's part (SitePlan::keys).
using Inputs = std::function<void(const ViewContext&, const KeyParts&, Hasher&)>;

// A file that reads the front matter of every post-mortem, and the site.
void every_front(const ViewContext& ctx, const KeyParts& parts, Hasher& h) {
    add_fronts(h, parts, 0, ctx.site.postmortems.size());
}

struct Page {
    std::string path;  // where it is written
    std::string template_name;
    std::string title;    // "" for the home page
    std::string section;  // the navigation entry it belongs to
    std::function<json(const ViewContext&, const Linker&)> view;
    bool from_base = false;    // links start from base_url (pages served at any depth)
    std::string title_suffix;  // " (page 2 of 9)" on later pages of a long list
    // What the view reads beyond the whole site's part. Unset: the page is made every time.
    Inputs inputs = {};
};

// " (page 2 of 9)" for the head title of a later page of a list; "" for the first.
std::string page_suffix(size_t page, size_t pages) {
    if (page <= 1) return "";
    return " (page " + std::to_string(page) + " of " + std::to_string(pages) + ")";
}

// Action items, Insights (and the recurrences it has no room for, a page at a time) and the
// digest: follow-through, for the company's own site.
void add_follow_through_pages(const ViewContext& ctx, std::vector<Page>& pages) {
    const Site& site = ctx.site;
    pages.push_back(
        {paths::action_items, "action_items", "Action items", "action-items", action_items_page});
    pages.push_back({paths::insights, "insights", "Insights", "insights", insights_page});
    if (size_t pairs = ctx.recurrence_pairs.size(); pairs > k_recurrences_on_insights) {
        size_t recurrence_pages = pages_for(site.config, pairs);
        for (size_t p = 1; p <= recurrence_pages; ++p) {
            pages.push_back({paths::paged(paths::recurrences, p), "recurrences",
                             "Recurred after a verified fix", "insights",
                             [p](const ViewContext& ctx, const Linker& link) {
                                 return recurrences_page(ctx, link, p);
                             },
                             false, page_suffix(p, recurrence_pages)});
            pages.back().inputs = [p](const ViewContext& ctx, const KeyParts& parts, Hasher& h) {
                const auto& pairs = ctx.recurrence_pairs;
                PageOf at{p, pages_for(ctx.site.config, pairs.size()), paths::recurrences};
                auto [from, to] = page_range(ctx.site.config, pairs.size(), at);
                h.add_number(pairs.size());
                for (size_t k = from; k < to; ++k) {
                    h.add_number(pairs[k].size());
                    for (size_t r : pairs[k]) {
                        const Recurrence& rec = ctx.analysis.insights.recurrences[r];
                        h.add(parts.row(rec.incident)).add(parts.row(rec.postmortem));
                        h.add_number(rec.item);
                    }
                }
            };
        }
    }
    pages.push_back({paths::digest_index, "digest_index", "Digest", "insights", digest_index_page});
    for (const Period& period : digest_periods(site, ctx.as_of)) {
        pages.push_back({paths::digest(period.key), "digest", "Digest: " + period.label, "insights",
                         [period](const ViewContext& ctx, const Linker& link) {
                             return digest_page(ctx, period, link);
                         }});
        // Its incidents (their rows, surprises and figures), the patterns it overlaps, the
        // items that came due in it, and how many items were overdue when it ended.
        pages.back().inputs = [period](const ViewContext& ctx, const KeyParts& parts, Hasher& h) {
            const PeriodDigest& d = ctx.period_digest(period);
            add_rows(h, parts, d.incidents);
            // Each incident's surprise, from its rendered body: a [[id]] link in it shows
            // another post-mortem's title.
            for (size_t i : d.incidents)
                for (const Section& section : ctx.analysis.bodies[i]->sections)
                    h.add(section.title).add(section.lead);
            h.add_number(d.patterns.size());
            for (size_t p : d.patterns)
                add_pattern(h, parts, ctx.analysis.insights.patterns[p]);
            h.add_number(d.came_due.size());
            for (const auto& due : d.came_due)
                h.add(parts.row(due.postmortem)).add_number(due.item);
            h.add_number(d.overdue_at_end);
        };
    }
}

std::vector<Page> plan_pages(const ViewContext& ctx, const Theme& theme) {
    const Site& site = ctx.site;
    const Analysis& analysis = ctx.analysis;
    const Taxonomies& taxonomies = analysis.taxonomies;
    std::vector<Page> pages;
    pages.push_back({paths::home, "home", "", "home", home_page});
    size_t list_pages = pages_for(site.config, site.postmortems.size());
    for (size_t p = 1; p <= list_pages; ++p)
        pages.push_back({paths::paged(paths::postmortems, p), "postmortem_list", "All post-mortems",
                         "postmortems",
                         [p](const ViewContext& ctx, const Linker& link) {
                             return postmortem_list_page(ctx, link, p);
                         },
                         false, page_suffix(p, list_pages)});
    for (size_t p = 1; p <= list_pages; ++p)  // its rows, and the figures of the whole list
        pages[pages.size() - list_pages + p - 1].inputs = [p, count = site.postmortems.size()](
                                                              const ViewContext& ctx,
                                                              const KeyParts& parts, Hasher& h) {
            PageOf at{p, pages_for(ctx.site.config, count), paths::postmortems};
            auto [from, to] = page_range(ctx.site.config, count, at);
            h.add_number(count);
            for (size_t i = from; i < to; ++i)
                h.add(parts.row(i));
            h.add(parts.all_figures);
        };
    for (size_t i = 0; i < site.postmortems.size(); ++i) {
        const auto& pm = site.postmortems[i];
        pages.push_back({paths::postmortem(pm.id), "postmortem", pm.id + ": " + pm.title,
                         "postmortems", [i](const ViewContext& ctx, const Linker& link) {
                             return postmortem_page(ctx, i, link);
                         }});
        pages.back().inputs = [i](const ViewContext& ctx, const KeyParts& parts, Hasher& h) {
            const PostMortem& pm = ctx.site.postmortems[i];
            h.add(parts.file[i]).add(parts.ties[i]);
            const RenderedMarkdown& body = *ctx.analysis.bodies[i];
            h.add(body.html.digest()).add_number(body.has_diagram).add_number(body.toc.size());
            for (const auto& entry : body.toc)
                h.add_number(size_t(entry.level)).add(entry.text).add(entry.anchor);
            auto changed = ctx.site.last_changed.find(pm.pos.path);
            h.add(changed == ctx.site.last_changed.end() ? "" : format_date(changed->second));
            h.add_number(pm.related.size());  // a row for each that names a post-mortem
            for (const auto& ref : pm.related) {
                auto it = ctx.taxonomies.by_id.find(ref.id);
                h.add(it == ctx.taxonomies.by_id.end() ? Digest{} : parts.row(it->second));
            }
        };
    }
    for (const auto& [kind, index] :
         {std::pair<std::string, const TermIndex*>{"services", &taxonomies.services},
          {"categories", &taxonomies.categories},
          {"tags", &taxonomies.tags},
          {"teams", &taxonomies.teams}}) {
        std::string label = kind == "services"     ? "Services"
                            : kind == "categories" ? "Categories"
                            : kind == "teams"      ? "Teams"
                                                   : "Tags";
        // Teams have no entry of their own in the navigation: they are found from services.
        std::string section = kind == "teams" ? "services" : kind;
        if (kind == "teams" && index->empty()) continue;  // no `team` in the registry
        pages.push_back({paths::term_index(kind), "term_index", label, section,
                         [kind = kind](const ViewContext& ctx, const Linker& link) {
                             return term_index_page(ctx, kind, link);
                         }});
        for (const auto& [term, members] : *index) {
            size_t term_pages = pages_for(site.config, members.size());
            for (size_t p = 1; p <= term_pages; ++p) {
                pages.push_back(
                    {paths::paged(paths::term(kind, term), p), "term", term, section,
                     [kind = kind, term = term, p](const ViewContext& ctx, const Linker& link) {
                         return term_page(ctx, kind, term, link, p);
                     },
                     false, page_suffix(p, term_pages)});
                // Its rows and the figures of the whole list; on the first page, the
                // follow-through, patterns, recurrences and repeats of its post-mortems too.
                pages.back().inputs = [kind = kind, term = term, p, &members = members](
                                          const ViewContext& ctx, const KeyParts& parts,
                                          Hasher& h) {
                    add_rows(h, parts, members);
                    if (p != 1 || ctx.site.public_only) return;
                    for (size_t i : members)
                        h.add(parts.ties[i]);
                    for (const auto& pattern : ctx.analysis.insights.patterns)
                        if (pattern.kind == kind && pattern.term == term)
                            add_pattern(h, parts, pattern);
                };
            }
        }
    }
    // A public site is the incidents themselves: follow-through, people and the guide for
    // authors stay on the company's own site.
    bool internal = !site.public_only;
    if (internal) add_follow_through_pages(ctx, pages);
    pages.push_back({paths::search, "search", "Search", "search",
                     [](const ViewContext& ctx, const Linker& link) {
                         json facets = json::array();  // enum custom fields
                         for (const auto& def : ctx.site.config.fields)
                             if (def.type == "enum")
                                 facets.push_back({{"key", def.key}, {"label", def.label}});
                         return json{{"root", link.root()},
                                     {"internal", !ctx.site.public_only},
                                     {"public_only", ctx.site.public_only},
                                     {"field_facets", facets},
                                     {"lunr_href", link.to("assets/lunr.min.js")},
                                     {"search_core_href", link.to("assets/search-core.js")},
                                     {"search_js_href", link.to("assets/search.js")},
                                     {"services_href", link.to(paths::term_index("services"))},
                                     {"categories_href", link.to(paths::term_index("categories"))},
                                     {"tags_href", link.to(paths::term_index("tags"))}};
                     }});
    if (internal) {  // the guide for authors and everyone's to-do lists
        pages.push_back({paths::about, "about", "About", "about",
                         [template_text = theme.file("new.md").value_or("")](const ViewContext& ctx,
                                                                             const Linker& link) {
                             return about_page(ctx, template_text, link);
                         }});
        pages.push_back({paths::owners, "owners", "Owners", "action-items", owners_page});
    }
    for (const auto& [slug, name] : owners_by_slug(site, analysis.stale)) {
        pages.push_back({paths::owner(slug), "owner", name, "action-items",
                         [slug = slug, name = name](const ViewContext& ctx, const Linker& link) {
                             return owner_page(ctx, slug, name, link);
                         }});
    }
    pages.push_back({paths::not_found, "not_found", "Page not found", "",
                     [](const ViewContext&, const Linker& link) {
                         return json{{"home_href", link.to(paths::home)},
                                     {"postmortems_href", link.to(paths::postmortems)},
                                     {"root", link.root()},
                                     {"script_href", link.to("assets/not-found.js")}};
                     },
                     true});
    return pages;
}

}  // namespace

struct SitePlan::Impl {
    const Site& site;
    const Theme& theme;
    std::vector<ItemRef> items;
    ViewContext ctx;
    std::vector<Page> pages;
    std::map<std::string, std::function<std::string()>> files;  // path → how to make it
    std::map<std::string, Inputs> file_inputs;  // files other than pages that have keys
    // Files whose key is a digest of the data they are written from (SitePlan::keys).
    std::map<std::string, std::function<Digest()>> content_keys;
    // The longest file to make (the one that builds the search index) starts first, so it
    // does not end up running alone at the end; the files that wait for it come last.
    std::vector<std::string> first, last;

    Impl(const Site& s, const Analysis& analysis, const Theme& t, Days as_of)
        : site(s), theme(t), items(all_items(s, as_of)), ctx{s,        analysis.taxonomies,
                                                             as_of,    items,
                                                             analysis, {},
                                                             {},       {}} {}

    std::string render_page(const Page& page) const {
        Linker link =
            page.from_base ? Linker::from_base(site.config.base_url) : Linker::for_page(page.path);
        json view = page.view(ctx, link);
        std::string content = theme.render(page.template_name, view);
        std::string title = page.title;
        if (page.template_name == "term" && view.contains("name")) title = view["name"];
        title += page.title_suffix;
        std::string summary;
        if (page.template_name == "postmortem" && view.contains("summary"))
            summary = view["summary"].get<std::string>();
        return theme.render("layout", layout_view(ctx, title, page.section, page.path,
                                                  std::move(content), link, summary));
    }
};

SitePlan::SitePlan(const Site& site, const Analysis& analysis, const Theme& theme, Days as_of,
                   FileMemo<search::CutDocument>* cuts)
    : m(std::make_unique<Impl>(site, analysis, theme, as_of)) {
    const Taxonomies& taxonomies = analysis.taxonomies;
    ViewContext& ctx = m->ctx;
    ctx.stale_by_postmortem.resize(site.postmortems.size());
    for (const auto& s : analysis.stale) {
        ctx.stale_all.push_back(&s);
        ctx.stale_by_postmortem[s.postmortem].push_back(&s);
        if (!s.owner.empty()) ctx.stale_by_owner[owner_slug(s.owner)].push_back(&s);
    }
    for (const ItemRef& r : m->items)
        if (const auto& owner = site.postmortems[r.postmortem].action_items[r.item].owner;
            !owner.empty())
            ctx.items_by_owner[owner_slug(owner)].push_back(&r);
    ctx.has_diagram_script = theme.static_files().count("mermaid.min.js") > 0;
    std::vector<size_t> every(analysis.insights.recurrences.size());
    std::iota(every.begin(), every.end(), size_t(0));
    ctx.recurrence_pairs = group_recurrences(analysis.insights, every);
    ctx.period_digests.plan(digest_periods(site, as_of));
    m->pages = plan_pages(ctx, theme);
    auto& files = m->files;
    const Impl& impl = *m;
    for (const Page& page : m->pages)
        files[page.path] = [&impl, &page] { return impl.render_page(page); };
    for (const auto& [path, bytes] : theme.static_files())
        files["assets/" + path] = [&bytes = bytes] { return bytes; };
    for (const auto& list : analysis.attachments)
        for (const Attachment& a : list)
            files[a.output] = [&a] {
                auto bytes = read_file(a.file);
                if (!bytes) throw std::runtime_error("cannot read " + a.shown);
                return *bytes;
            };
    if (!site.public_only) {  // the action-item exports are for the company's own tools
        files[paths::items_json] = [&impl, as_of] {
            return json_text({{"as_of", format_date(as_of)},
                              {"items", items_json(impl.site, impl.items)}},
                             2) +
                   "\n";
        };
        files[paths::items_csv] = [&impl] { return items_csv(impl.site, impl.items); };
        files[paths::items_ics] = [&impl, as_of] {
            return items_ics(impl.site, impl.items, as_of);
        };
        // Items and their states: their post-mortems' front matter, the as-of date and the
        // tracker's snapshot (the caller's part).
        for (const auto& path : {paths::items_json, paths::items_csv, paths::items_ics})
            m->file_inputs[path] = every_front;
    }
    files[paths::postmortems_json] = [&site] {
        return json_text(postmortems_json(site), 2) + "\n";
    };
    m->file_inputs[paths::postmortems_json] = every_front;
    files[paths::feed] = [&site, as_of] {
        std::vector<size_t> all(site.postmortems.size());
        for (size_t i = 0; i < all.size(); ++i)
            all[i] = i;
        return atom_feed(site, all, site.config.title, paths::feed, as_of);
    };
    for (const auto& [id, members] : taxonomies.services) {
        std::string self = "services/" + id + "/feed.xml";
        files[self] = [&site, &id = id, &members = members, self, as_of] {
            const Service* s = find_service(site, id);
            return atom_feed(site, members, site.config.title + ": " + (s ? s->name : id), self,
                             as_of);
        };
    }
    // The search index is built by its first shard, which starts first; the files that read
    // the built index come last, so no thread waits for it while pages are left to make.
    for (auto& [path, file] : search_files(
             site, analysis, [] { return t_stop && t_stop->load(); }, [] { return t_jobs; },
             cuts)) {
        if (path == k_index_builder)
            m->first.push_back(path);
        else if (path.rfind("search/index", 0) == 0)
            m->last.push_back(path);
        files[path] = std::move(file.make);
        // A shard's key is a digest of the data it is written from, and nothing of the site
        // else: after an edit that leaves the site's words and their counts as they were, the
        // shards are kept.
        if (file.key) m->content_keys[path] = std::move(file.key);
        // The search's metadata, ids and summaries are front matter.
        if (auto fronts = file.fronts)
            m->file_inputs[path] = [fronts](const ViewContext&, const KeyParts& parts, Hasher& h) {
                add_fronts(h, parts, fronts->first, fronts->second);
            };
    }
    std::set<std::string> redirects;
    for (const auto& pm : site.postmortems)
        for (const Alias& alias : pm.aliases) {
            // Two aliases of one address are an error found before planning; the first wins.
            if (files.count(alias.path)) continue;
            redirects.insert(alias.path);
            files[alias.path] = [&impl, &pm, &alias] {
                std::string target = paths::postmortem(pm.id);
                Linker link = Linker::for_page(alias.path);
                json canonical;
                if (auto url = canonical_url(impl.site.config.base_url, target); !url.empty())
                    canonical = json{{"href", url}};
                return impl.theme.render("redirect", {{"title", pm.id + ": " + pm.title},
                                                      {"href", link.to(target)},
                                                      {"canonical", canonical}});
            };
        }
    files[paths::sitemap] = {};                         // below, once every path is known
    files[".nojekyll"] = [] { return std::string(); };  // GitHub Pages: no Jekyll
    std::vector<std::string> listed;                    // redirect pages are not in the sitemap
    for (auto& path : paths())
        if (!redirects.count(path)) listed.push_back(std::move(path));
    files[paths::sitemap] = [&site, listed] { return sitemap(site.config, listed); };
}

SitePlan::~SitePlan() = default;

namespace {

Digest content_key(const std::string& path, const std::function<Digest()>& key) {
    return Hasher().add("content").add(path).add(key()).finish();
}

}  // namespace

std::map<std::string, Digest> SitePlan::content_keys() const {
    std::map<std::string, Digest> out;
    for (const auto& [path, key] : m->content_keys)
        out.emplace(path, content_key(path, key));
    return out;
}

std::map<std::string, Digest> SitePlan::keys(unsigned jobs, bool content) const {
    const ViewContext& ctx = m->ctx;
    const Site& site = ctx.site;
    const Analysis& analysis = ctx.analysis;
    const Insights& insights = analysis.insights;
    size_t n = site.postmortems.size();
    KeyParts parts;
    parts.file.resize(n);
    parts.front.resize(n);
    parts.ties.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const PostMortem& pm = site.postmortems[i];
        parts.file[i] = Hasher().add(pm.source).add(pm.pos.path.str()).finish();
        parts.front[i] = site.public_only ? parts.file[i]
                                          : Hasher().add(pm.front).add(pm.pos.path.str()).finish();
    }
    // Similar incidents are scored when first asked for: on every thread.
    parallel_for(n, jobs, [&](size_t i) {
        Hasher h;
        h.add_number(analysis.similar[i].size());
        for (const auto& s : analysis.similar[i])
            h.add(parts.row(s.postmortem));
        add_rows(h, parts, analysis.backlinks[i]);
        h.add_number(insights.by_incident[i].size());
        for (size_t r : insights.by_incident[i])
            h.add(parts.row(insights.recurrences[r].postmortem))
                .add_number(insights.recurrences[r].item);
        h.add_number(insights.by_earlier[i].size());
        for (size_t r : insights.by_earlier[i])
            h.add(parts.row(insights.recurrences[r].incident))
                .add_number(insights.recurrences[r].item);
        if (auto r = insights.repeat_of[i])
            h.add(parts.row(insights.repeats[*r].incident))
                .add(parts.row(insights.repeats[*r].earlier));
        else
            h.add("no repeat");
        h.add_number(ctx.stale_by_postmortem[i].size());
        for (const Stale* f : ctx.stale_by_postmortem[i]) {
            h.add_number(size_t(f->kind)).add_number(f->item ? *f->item + 1 : 0);
            h.add_number(std::uint64_t(std::int64_t(f->days))).add(f->owner);
            h.add(f->due ? format_date(*f->due) : "").add(format_position(f->pos));
            h.add(f->message).add(f->fix);
        }
        parts.ties[i] = h.finish();
    });
    // What every page shows of the whole site (its configuration, registry and theme are the
    // caller's part): the date, the navigation's badge and entries, the scripts a page may
    // load, where "all recurrences" leads, and the quarters of the charts.
    Hasher whole;
    whole.add("hindsight page keys 1").add(format_date(ctx.as_of)).add(site.config.base_url);
    whole.add_number(site.public_only).add_number(ctx.stale_all.size());
    whole.add_number(ctx.taxonomies.tags.empty()).add_number(ctx.has_diagram_script);
    whole.add_number(ctx.recurrence_pairs.size() > k_recurrences_on_insights);
    if (n)
        whole.add(format_date(site.postmortems.front().date.day()))
            .add(format_date(site.postmortems.back().date.day()));
    parts.site = whole.finish();
    std::vector<size_t> all(n);
    std::iota(all.begin(), all.end(), size_t(0));
    Hasher figures;
    for (const auto& [severity, count] : severity_counts(site, all))
        figures.add(severity).add_number(count);
    parts.all_figures = figures.finish();

    std::vector<std::pair<const std::string*, const Inputs*>> keyed;
    for (const Page& page : m->pages)
        if (page.inputs) keyed.emplace_back(&page.path, &page.inputs);
    for (const auto& [path, inputs] : m->file_inputs)
        if (m->files.count(path)) keyed.emplace_back(&path, &inputs);
    std::vector<std::pair<const std::string*, const std::function<Digest()>*>> by_content;
    if (content)
        for (const auto& [path, key] : m->content_keys)
            by_content.emplace_back(&path, &key);
    std::vector<Digest> digests(keyed.size() + by_content.size());
    parallel_for(digests.size(), jobs, [&](size_t k) {
        if (k < keyed.size()) {
            Hasher h;
            h.add(parts.site).add(*keyed[k].first);
            (*keyed[k].second)(ctx, parts, h);
            digests[k] = h.finish();
        } else {
            StopScope scope(nullptr, jobs);  // a shard's key builds the search index on `jobs`
            const auto& [path, key] = by_content[k - keyed.size()];
            digests[k] = content_key(*path, *key);
        }
    });
    std::map<std::string, Digest> out;
    for (size_t k = 0; k < keyed.size(); ++k)
        out.emplace(*keyed[k].first, digests[k]);
    for (size_t k = 0; k < by_content.size(); ++k)
        out.emplace(*by_content[k].first, digests[keyed.size() + k]);
    return out;
}

std::vector<std::string> SitePlan::paths() const {
    std::vector<std::string> out;
    for (const auto& [path, make] : m->files)
        out.push_back(path);
    return out;
}

bool SitePlan::has(const std::string& path) const {
    return m->files.count(path) > 0;
}

std::string SitePlan::render(const std::string& path) const {
    return m->files.at(path)();
}

void SitePlan::make_each(unsigned jobs, const std::atomic<bool>* stop,
                         const std::function<void(const std::string&, std::string)>& use,
                         const std::function<bool(const std::string&)>& skip) const {
    std::vector<const std::pair<const std::string, std::function<std::string()>>*> entries;
    for (const auto& path : m->first)
        entries.push_back(&*m->files.find(path));
    std::set<std::string_view> placed(m->first.begin(), m->first.end());
    placed.insert(m->last.begin(), m->last.end());
    for (const auto& entry : m->files)
        if (!placed.count(entry.first)) entries.push_back(&entry);
    for (const auto& path : m->last)
        entries.push_back(&*m->files.find(path));
    if (skip) std::erase_if(entries, [&](const auto* entry) { return skip(entry->first); });
    parallel_for(entries.size(), jobs, [&](size_t i) {
        if (stop && *stop) return;
        std::string bytes;
        try {
            StopScope scope(stop, jobs);
            bytes = entries[i]->second();
        } catch (const search::Stopped&) {
            return;  // `stop` is set: the file is left out
        }
        use(entries[i]->first, std::move(bytes));
    });
}

}  // namespace hs
