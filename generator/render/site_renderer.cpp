#include "render/site_renderer.hpp"

#include <functional>

#include "render/exports.hpp"
#include "render/feeds.hpp"
#include "render/search_index.hpp"
#include "render/view_helpers.hpp"
#include "render/views.hpp"
#include "util/parallel.hpp"

namespace hs {
namespace {

struct Page {
    std::string path;  // where it is written
    std::string template_name;
    std::string title;    // "" for the home page
    std::string section;  // the navigation entry it belongs to
    std::function<json(const ViewContext&, const Linker&)> view;
    bool from_base = false;  // links start from base_url (pages served at any depth)
};

std::vector<Page> plan_pages(const Site& site, const Analysis& analysis, const Theme& theme) {
    const Taxonomies& taxonomies = analysis.taxonomies;
    std::vector<Page> pages;
    pages.push_back({paths::home, "home", "", "home", home_page});
    pages.push_back({paths::postmortems, "postmortem_list", "All post-mortems", "postmortems",
                     postmortem_list_page});
    for (size_t i = 0; i < site.postmortems.size(); ++i) {
        const auto& pm = site.postmortems[i];
        pages.push_back({paths::postmortem(pm.id), "postmortem", pm.id + ": " + pm.title,
                         "postmortems", [i](const ViewContext& ctx, const Linker& link) {
                             return postmortem_page(ctx, i, link);
                         }});
    }
    for (const auto& [kind, index] :
         {std::pair<std::string, const TermIndex*>{"services", &taxonomies.services},
          {"categories", &taxonomies.categories},
          {"tags", &taxonomies.tags}}) {
        std::string label = kind == "services"     ? "Services"
                            : kind == "categories" ? "Categories"
                                                   : "Tags";
        pages.push_back({paths::term_index(kind), "term_index", label, kind,
                         [kind = kind](const ViewContext& ctx, const Linker& link) {
                             return term_index_page(ctx, kind, link);
                         }});
        for (const auto& [term, members] : *index) {
            pages.push_back(
                {paths::term(kind, term), "term", term, kind,
                 [kind = kind, term = term](const ViewContext& ctx, const Linker& link) {
                     return term_page(ctx, kind, term, link);
                 }});
        }
    }
    pages.push_back(
        {paths::action_items, "action_items", "Action items", "action-items", action_items_page});
    pages.push_back({paths::insights, "insights", "Insights", "insights", insights_page});
    pages.push_back(
        {paths::search, "search", "Search", "search", [](const ViewContext&, const Linker& link) {
             return json{{"root", link.root()},
                         {"lunr_href", link.to("assets/lunr.min.js")},
                         {"search_js_href", link.to("assets/search.js")},
                         {"services_href", link.to(paths::term_index("services"))},
                         {"categories_href", link.to(paths::term_index("categories"))},
                         {"tags_href", link.to(paths::term_index("tags"))}};
         }});
    pages.push_back({paths::about, "about", "About", "about",
                     [template_text = theme.file("new.md").value_or("")](const ViewContext& ctx,
                                                                         const Linker& link) {
                         return about_page(ctx, template_text, link);
                     }});
    pages.push_back({paths::owners, "owners", "Owners", "action-items", owners_page});
    for (const auto& [slug, name] : owners_by_slug(site, analysis.stale)) {
        pages.push_back({paths::owner(slug), "owner", name, "action-items",
                         [slug = slug, name = name](const ViewContext& ctx, const Linker& link) {
                             return owner_page(ctx, slug, name, link);
                         }});
    }
    pages.push_back({paths::not_found, "not_found", "Page not found", "",
                     [](const ViewContext&, const Linker& link) {
                         return json{{"home_href", link.to(paths::home)},
                                     {"postmortems_href", link.to(paths::postmortems)}};
                     },
                     true});
    return pages;
}

}  // namespace

SiteFiles render_site(const Site& site, const Analysis& analysis, const Theme& theme, Days as_of,
                      unsigned jobs) {
    const Taxonomies& taxonomies = analysis.taxonomies;
    std::vector<ItemRef> items = all_items(site, as_of);
    ViewContext ctx{site, taxonomies, as_of, items, analysis};
    ctx.stale_by_postmortem.resize(site.postmortems.size());
    for (const auto& s : analysis.stale) {
        ctx.stale_all.push_back(&s);
        ctx.stale_by_postmortem[s.postmortem].push_back(&s);
        if (!s.owner.empty()) ctx.stale_by_owner[owner_slug(s.owner)].push_back(&s);
    }
    std::vector<Page> pages = plan_pages(site, analysis, theme);
    std::vector<std::string> html(pages.size());
    parallel_for(pages.size(), jobs, [&](size_t i) {
        const Page& page = pages[i];
        Linker link =
            page.from_base ? Linker::from_base(site.config.base_url) : Linker::for_page(page.path);
        json view = page.view(ctx, link);
        std::string content = theme.render(page.template_name, view);
        std::string title = page.title;
        if (page.template_name == "term" && view.contains("name")) title = view["name"];
        html[i] =
            theme.render("layout", layout_view(ctx, title, page.section, page.path, content, link));
    });

    SiteFiles out;
    for (size_t i = 0; i < pages.size(); ++i)
        out.add(pages[i].path, std::move(html[i]));
    for (const auto& [path, bytes] : theme.static_files())
        out.add("assets/" + path, bytes);
    out.add(
        paths::items_json,
        json_text({{"as_of", format_date(as_of)}, {"items", items_json(site, items)}}, 2) + "\n");
    out.add(paths::postmortems_json, json_text(postmortems_json(site), 2) + "\n");
    out.add(paths::items_csv, items_csv(site, items));
    out.add(paths::items_ics, items_ics(site, items, as_of));
    std::vector<size_t> all(site.postmortems.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    out.add(paths::feed, atom_feed(site, all, site.config.title, paths::feed, as_of));
    for (const auto& [id, members] : taxonomies.services) {
        std::string self = "services/" + id + "/feed.xml";
        const Service* s = find_service(site, id);
        out.add(self, atom_feed(site, members, site.config.title + ": " + (s ? s->name : id), self,
                                as_of));
    }
    out.add(paths::sitemap, sitemap(site.config, out));  // after every page is in
    out.add(".nojekyll", "");  // GitHub Pages: serve the files as they are, no Jekyll
    return out;
}

}  // namespace hs
