#include "render/views.hpp"

#include <algorithm>
#include <set>

#include "render/view_helpers.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

struct TermKind {
    std::string singular, plural;
};

const TermIndex& term_index_of(const Taxonomies& t, const std::string& kind) {
    return kind == "services"     ? t.services
           : kind == "categories" ? t.categories
           : kind == "teams"      ? t.teams
                                  : t.tags;
}

TermKind kind_labels(const std::string& kind) {
    if (kind == "services") return {"Service", "Services"};
    if (kind == "categories") return {"Category", "Categories"};
    if (kind == "teams") return {"Team", "Teams"};
    return {"Tag", "Tags"};
}

// The names of a team's services, as the registry gives them.
std::vector<std::string> service_names(const ViewContext& ctx, const std::string& team) {
    std::vector<std::string> names;
    for (const auto& id : ctx.taxonomies.team_services.at(team)) {
        const Service* s = find_service(ctx.site, id);
        names.push_back(s ? s->name : id);
    }
    return names;
}

// The custom fields a post-mortem gives, labelled as `fields:` says; a URL is a link.
json custom_facts(const Config& config, const PostMortem& pm) {
    json out = json::array();
    for (const auto& value : pm.fields)
        if (const FieldDef* def = config.field(value.key)) {
            json fact = {{"label", def->label}, {"value", join(value.values, ", ")}};
            if (def->type == "url")
                fact["link"] = {{"href", value.values.front()}};
            else
                fact["text"] = true;
            out.push_back(std::move(fact));
        }
    return out;
}

void add_fact(json& facts, const std::string& label, const std::string& value) {
    if (!value.empty()) facts.push_back({{"label", label}, {"value", value}});
}

// Time to detect / mitigate / resolve, measured from the incident's start; only when both ends
// carry a time of day, since a bare date says nothing about hours.
void add_duration(json& facts, const std::string& label, const Timestamp& start,
                  const std::optional<Timestamp>& end) {
    if (end && start.has_time && end->has_time)
        add_fact(facts, label, format_duration(end->instant - start.instant));
}

}  // namespace

json postmortem_row(const ViewContext& ctx, const PostMortem& pm, const Linker& link) {
    // Every list of the site is made of these, some 130,000 at 10,000 post-mortems: filled key
    // by key, since a braced list would build a two-element array for each pair and copy the
    // arrays below.
    json services = json::array();
    for (const auto& id : pm.services) {
        const Service* s = find_service(ctx.site, id);
        json& service = services.emplace_back(json::object());
        service["id"] = id;
        service["name"] = s ? s->name : id;
        service["href"] = link.to(paths::term("services", id));
    }
    json tags = json::array();
    for (const auto& tag : pm.tags) {
        json& entry = tags.emplace_back(json::object());
        entry["name"] = tag;
        entry["href"] = link.to(paths::term("tags", tag));
    }
    json row = json::object();
    row["id"] = pm.id;
    row["title"] = pm.title;
    row["href"] = link.to(paths::postmortem(pm.id));
    row["date"] = format_date(pm.date.day());
    row["date_human"] = format_human_date(pm.date.day());
    row["severity"] = pm.severity;
    row["severity_class"] = severity_class(ctx.site.config, pm.severity);
    row["status"] = pm.status;
    row["unpublished"] = pm.status != "published";
    row["services"] = std::move(services);
    json& category = row["category"];
    category["name"] = pm.category;
    category["href"] = link.to(paths::term("categories", pm.category));
    row["tags"] = std::move(tags);
    row["summary"] = pm.summary;
    row["has_summary"] = !pm.summary.empty();
    return row;
}

json postmortem_page(const ViewContext& ctx, size_t index, const Linker& link) {
    const PostMortem& pm = ctx.site.postmortems[index];
    const RenderedMarkdown& body = *ctx.analysis.bodies[index];
    json view = postmortem_row(ctx, pm, link);
    view["body"] = body.html.str();
    if (pm.is_public && pm.status == "published" && !ctx.site.public_only)
        view["on_public_site"] = true;
    // Mermaid's script only on pages with a diagram, and only when the theme has it.
    if (body.has_diagram && ctx.has_diagram_script)
        view["diagrams"] = {{"script_href", link.to("assets/mermaid.min.js")},
                            {"init_href", link.to("assets/diagrams.js")}};
    json toc = json::array();
    for (const auto& entry : body.toc)
        if (entry.level <= 3)
            toc.push_back(
                {{"text", entry.text}, {"anchor", "#" + entry.anchor}, {"sub", entry.level == 3}});
    // The table of action items follows the body. A body with its own "Action items" section
    // (the template's: why these items) would give the page two headings of that name.
    bool body_has_items = std::any_of(body.toc.begin(), body.toc.end(), [](const auto& entry) {
        return entry.level == 2 && to_lower(entry.text) == "action items";
    });
    std::string items_heading = body_has_items ? "Tracked action items" : "Action items";
    view["items_heading"] = items_heading;
    bool long_body = toc.size() >= 2;  // a contents list for one section is noise
    // A public site may leave action items out (`public.hide`), and leaves out who and which
    // ticket always.
    bool internal = !ctx.site.public_only;
    bool items_section = internal || !ctx.site.config.public_site.hide_action_items;
    view["internal"] = internal;
    view["items_section"] = items_section;
    if (items_section)
        toc.push_back(
            {{"text", items_heading}, {"anchor", "#hs-action-items-table"}, {"sub", false}});
    view["toc"] = std::move(toc);
    view["has_toc"] = long_body;

    json facts = json::array();
    add_fact(facts, "Started", format_timestamp(pm.date));
    if (pm.detected) add_fact(facts, "Detected", format_timestamp(*pm.detected));
    if (pm.mitigated) add_fact(facts, "Mitigated", format_timestamp(*pm.mitigated));
    if (pm.resolved) add_fact(facts, "Resolved", format_timestamp(*pm.resolved));
    add_fact(facts, "Detected by", pm.detection);
    add_fact(facts, "Authors", join(pm.authors, ", "));
    add_fact(facts, "Facilitator", join(pm.facilitator, ", "));
    view["facts"] = std::move(facts);
    view["custom_facts"] = custom_facts(ctx.site.config, pm);

    json durations = json::array();
    add_duration(durations, "Time to detect", pm.date, pm.detected);
    add_duration(durations, "Time to mitigate", pm.date, pm.mitigated);
    add_duration(durations, "Time to resolve", pm.date, pm.resolved);
    view["durations"] = std::move(durations);

    json items = json::array();
    size_t open = 0, overdue = 0;
    for (size_t i = 0; i < pm.action_items.size(); ++i) {
        ItemRef ref{index, i, item_state(pm.action_items[i], ctx.as_of, ctx.site.config.policy)};
        open += ref.state.open;
        overdue += ref.state.days_overdue.has_value();
        json item = action_item_view(ctx, ref, link);
        json recurred = json::array();
        for (size_t r : ctx.analysis.insights.by_earlier[index])
            if (ctx.analysis.insights.recurrences[r].item == i)
                recurred.push_back(postmortem_row(
                    ctx, ctx.site.postmortems[ctx.analysis.insights.recurrences[r].incident],
                    link));
        item["internal"] = internal;
        item["has_recurred"] = !recurred.empty();
        item["recurred"] = std::move(recurred);
        items.push_back(std::move(item));
    }
    view["stale"] = postmortem_findings(ctx, index, link);
    view["open_items"] = open;
    view["overdue_items"] = overdue;
    view["has_overdue_items"] = overdue > 0;
    view["action_item_count"] = items.size();
    view["action_items"] = std::move(items);
    if (!pm.no_action_items_reason.empty())
        view["no_action_items_reason_section"] = {{"value", pm.no_action_items_reason}};

    json related = json::array();
    std::set<std::string> shown{pm.id};
    for (const auto& ref : pm.related) {
        auto it = ctx.taxonomies.by_id.find(ref.id);
        if (it != ctx.taxonomies.by_id.end() && shown.insert(ref.id).second)
            related.push_back(postmortem_row(ctx, ctx.site.postmortems[it->second], link));
    }
    view["has_related"] = !related.empty();
    json referenced_by = json::array();
    for (size_t other : ctx.analysis.backlinks[index])
        referenced_by.push_back(postmortem_row(ctx, ctx.site.postmortems[other], link));
    view["has_referenced_by"] = !referenced_by.empty();
    view["connections"] = postmortem_connections(ctx, index, link);
    view["referenced_by"] = std::move(referenced_by);
    view["related"] = std::move(related);
    view["has_tags"] = !pm.tags.empty();
    view["postmortems_href"] = link.to(paths::postmortems);
    // Where it came from: when its file last changed (git), and where to edit it.
    json source = json::object();
    if (auto it = ctx.site.last_changed.find(pm.pos.path); it != ctx.site.last_changed.end())
        source["updated"] = {{"date", format_date(it->second)},
                             {"human", format_human_date(it->second)}};
    if (auto edit = edit_url(ctx.site.config, pm.pos.path.str()); !edit.empty())
        source["edit"] = {{"href", edit}};
    if (!source.empty()) view["source"] = std::move(source);
    return view;
}

json postmortem_list_page(const ViewContext& ctx, const Linker& link, size_t page) {
    std::vector<size_t> all(ctx.site.postmortems.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    PageOf at{page, pages_for(ctx.site.config, all.size()), paths::postmortems};
    json view = {{"postmortems", postmortem_rows(ctx, page_slice(ctx.site.config, all, at), link)},
                 {"count", all.size()},
                 {"severity_counts", severity_counts_view(ctx, all)}};
    add_pager(view, at, link);
    return view;
}

json term_index_page(const ViewContext& ctx, const std::string& kind, const Linker& link) {
    const TermIndex& index = term_index_of(ctx.taxonomies, kind);
    json terms = json::array();
    for (const auto& [term, members] : index) {
        const Service* s = kind == "services" ? find_service(ctx.site, term) : nullptr;
        std::string name = s ? s->name : term, description = s ? s->description : "";
        if (kind == "teams") {
            name = ctx.taxonomies.team_names.at(term);
            description = "Services: " + join(service_names(ctx, term), ", ");
        }
        json t = {
            {"term", term},
            {"name", name},
            {"description", description},
            {"has_description", !description.empty()},
            {"href", link.to(paths::term(kind, term))},
            {"count", members.size()},
            {"latest",
             members.empty() ? "" : format_date(ctx.site.postmortems[members.front()].date.day())},
            {"severity_counts", severity_counts_view(ctx, members)}};
        terms.push_back(std::move(t));
    }
    auto labels = kind_labels(kind);
    json view = {{"kind", kind}, {"kind_label", labels.plural}, {"terms", terms}};
    if (kind == "services" && !ctx.taxonomies.teams.empty())
        view["teams"] = {{"href", link.to(paths::term_index("teams"))}};
    return view;
}

json term_page(const ViewContext& ctx, const std::string& kind, const std::string& term,
               const Linker& link, size_t page) {
    const TermIndex& index = term_index_of(ctx.taxonomies, kind);
    const auto& members = index.at(term);
    auto labels = kind_labels(kind);
    PageOf at{page, pages_for(ctx.site.config, members.size()), paths::term(kind, term)};
    json view = {
        {"kind", kind},
        {"kind_label", labels.singular},
        {"kind_plural", labels.plural},
        {"kind_href", link.to(paths::term_index(kind))},
        {"term", term},
        {"name", term},
        {"count", members.size()},
        {"postmortems", postmortem_rows(ctx, page_slice(ctx.site.config, members, at), link)},
        {"severity_counts", severity_counts_view(ctx, members)}};
    if (page == 1 && !ctx.site.public_only) {  // the figures and patterns of the whole list
        view["follow_through"] = follow_through_view(ctx, members);
        view["insights"] = term_insights(ctx, kind, term, members, link);
    }
    if (const Service* s = kind == "services" ? find_service(ctx.site, term) : nullptr) {
        view["name"] = s->name;
        view["description"] = s->description;
        view["has_description"] = !s->description.empty();
        if (!s->team.empty()) {
            std::string slug = slugify(s->team);
            view["team_section"] = {{"value", s->team}};
            if (slug.empty())
                view["team_section"]["plain"] = true;
            else
                view["team_section"]["link"] = {{"href", link.to(paths::term("teams", slug))}};
        }
        if (s->tier > 0) view["tier_section"] = {{"value", s->tier}};
    }
    if (kind == "teams") {
        view["name"] = ctx.taxonomies.team_names.at(term);
        json services = json::array();
        for (const auto& id : ctx.taxonomies.team_services.at(term)) {
            const Service* s = find_service(ctx.site, id);
            services.push_back(
                {{"name", s ? s->name : id}, {"href", link.to(paths::term("services", id))}});
        }
        view["team"] = {{"services", services}};
        if (page == 1) view["team"]["follow_up"] = follow_up_view(ctx, members, link);
    }
    add_pager(view, at, link);
    return view;
}

// The newest quarter's digest and the list of them all; null before the first incident.
json home_digest(const ViewContext& ctx, const Linker& link) {
    auto periods = digest_periods(ctx.site, ctx.as_of);
    if (periods.empty()) return nullptr;
    return {{"latest_href", link.to(paths::digest(periods.front().key))},
            {"latest_label", periods.front().label},
            {"index_href", link.to(paths::digest_index)}};
}

json home_page(const ViewContext& ctx, const Linker& link) {
    const auto& pms = ctx.site.postmortems;
    std::vector<size_t> all(pms.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    std::vector<size_t> recent(all.begin(), all.begin() + long(std::min<size_t>(all.size(), 9)));
    size_t open_items = 0;
    for (const auto& r : ctx.items)
        open_items += r.state.open;
    json counts = json::array({
        {{"label", "post-mortems"}, {"value", pms.size()}, {"href", link.to(paths::postmortems)}},
        {{"label", "services"},
         {"value", ctx.site.services.size()},
         {"href", link.to(paths::term_index("services"))}},
        {{"label", "categories"},
         {"value", ctx.site.config.categories.size()},
         {"href", link.to(paths::term_index("categories"))}},
    });
    if (!ctx.site.public_only) {
        counts.push_back({{"label", "open action items"},
                          {"value", open_items},
                          {"href", link.to(paths::action_items)}});
        counts.push_back({{"label", "stale"},
                          {"value", ctx.stale_all.size()},
                          {"href", link.to(paths::action_items) + "#hs-stale"},
                          {"alert", ctx.stale_all.size() > 0}});
    }
    json categories = json::array();
    for (const auto& [term, members] : ctx.taxonomies.categories)
        if (!members.empty())
            categories.push_back({{"name", term},
                                  {"count", members.size()},
                                  {"href", link.to(paths::term("categories", term))}});
    return {{"title", ctx.site.config.title},
            {"description", ctx.site.config.description},
            {"has_description", !ctx.site.config.description.empty()},
            {"counts", counts},
            {"recent", postmortem_rows(ctx, recent, link)},
            {"all_href", link.to(paths::postmortems)},
            {"severity_counts", severity_counts_view(ctx, all)},
            {"categories", categories},
            {"insights", ctx.site.public_only ? json() : home_insights(ctx, link)},
            {"digest", ctx.site.public_only ? json() : home_digest(ctx, link)},
            {"stale", findings_summary(ctx, link, 5)}};
}

json layout_view(const ViewContext& ctx, const std::string& page_title, const std::string& section,
                 const std::string& site_path, std::string content, const Linker& link,
                 const std::string& summary) {
    const auto& config = ctx.site.config;
    json nav = json::array();
    bool internal = !ctx.site.public_only;  // a public site has no pages about follow-through
    for (auto [label, key, path, in_public] :
         {std::tuple{"Post-mortems", "postmortems", paths::postmortems, true},
          {"Services", "services", paths::term_index("services"), true},
          {"Categories", "categories", paths::term_index("categories"), true},
          {"Tags", "tags", paths::term_index("tags"), !ctx.taxonomies.tags.empty()},
          {"Insights", "insights", paths::insights, false},
          {"About", "about", paths::about, false},
          {"Action items", "action-items", paths::action_items, false}})
        if (internal || in_public) {
            json& entry = nav.emplace_back(json::object());
            entry["label"] = label;
            entry["href"] = link.to(path);
            entry["current"] = section == key;
        }
    // The badge counts what fails the build, every kind of finding, not only overdue items.
    size_t stale = ctx.stale_all.size();
    if (internal)
        nav.back()["badge"] = {{"count", stale},
                               {"class", stale ? "nav-badge overdue" : "nav-badge"},
                               {"label", count_of(long(stale), "stale finding", "stale findings")}};
    // Every page has one, so it is filled key by key (a braced list builds a two-element array
    // per pair) and the page's content is moved in, not copied.
    json view = json::object();
    view["site_title"] = config.title;
    view["page_title"] = page_title;
    view["head_title"] = page_title.empty() ? config.title : page_title + " · " + config.title;
    view["home_href"] = link.to(paths::home);
    view["share_title"] = page_title.empty() ? config.title : page_title;
    view["og_type"] = summary.empty() ? "website" : "article";
    view["favicon_href"] = link.to(paths::favicon);
    view["stylesheet_href"] = link.to(paths::stylesheet);
    view["feed_href"] = link.to(paths::feed);
    view["search_href"] = link.to(paths::search);
    view["root"] = link.root();
    view["lunr_href"] = link.to("assets/lunr.min.js");
    view["quick_search_href"] = link.to("assets/quick-search.js");
    view["search_core_href"] = link.to("assets/search-core.js");
    view["nav"] = std::move(nav);
    view["as_of"] = format_date(ctx.as_of);
    view["content"] = std::move(content);
    // Optional elements are objects, so the template shows them only when present.
    // A link pasted in chat unfurls with the post-mortem's own summary where it has one.
    if (!summary.empty())
        view["meta_description"] = {{"text", summary}};
    else if (!config.description.empty())
        view["meta_description"] = {{"text", config.description}};
    if (auto url = canonical_url(config.base_url, site_path); !url.empty())
        view["canonical"] = {{"href", url}};
    return view;
}

}  // namespace hs
