#include "render/views.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace hs {
namespace {

struct TermKind {
    std::string singular, plural;
};

TermKind kind_labels(const std::string& kind) {
    if (kind == "services") return {"Service", "Services"};
    if (kind == "categories") return {"Category", "Categories"};
    return {"Tag", "Tags"};
}

// Severity badges are colored by rank, so any list of severities in the config gets colors.
std::string severity_class(const Config& config, const std::string& severity) {
    auto it = std::find(config.severities.begin(), config.severities.end(), severity);
    size_t rank = size_t(it - config.severities.begin()) + 1;
    return "sev-" + std::to_string(std::min<size_t>(rank, 5));
}

const Service* find_service(const Site& site, const std::string& id) {
    for (const auto& s : site.services)
        if (s.id == id) return &s;
    return nullptr;
}

json severity_counts_view(const ViewContext& ctx, const std::vector<size_t>& members) {
    json out = json::array();
    for (const auto& [sev, n] : severity_counts(ctx.site, members))
        out.push_back({{"severity", sev},
                       {"class", severity_class(ctx.site.config, sev)},
                       {"count", n},
                       {"nonzero", n > 0}});
    return out;
}

json rows(const ViewContext& ctx, const std::vector<size_t>& members, const Linker& link) {
    json out = json::array();
    for (size_t i : members)
        out.push_back(postmortem_row(ctx, ctx.site.postmortems[i], link));
    return out;
}

std::string ticket_href(const Config& config, const std::string& ticket) {
    if (config.tracker_url.empty() || ticket.empty()) return {};
    std::string encoded;
    for (unsigned char c : ticket) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            encoded += char(c);
        } else {
            static const char* k_hex = "0123456789ABCDEF";
            encoded += '%';
            encoded += k_hex[c >> 4];
            encoded += k_hex[c & 15];
        }
    }
    std::string url = config.tracker_url;
    url.replace(url.find("{ticket}"), 8, encoded);
    return url;
}

json action_item_view(const Config& config, const ActionItem& item) {
    json done_when = json::array();
    for (const auto& c : item.done_when)
        done_when.push_back(c);
    std::string href = ticket_href(config, item.ticket);
    json view = {{"title", item.title},
                 {"owner", item.owner},
                 {"due", item.due ? format_date(*item.due) : ""},
                 {"status", item.status},
                 {"status_class", "status-" + item.status},
                 {"type", item.type},
                 {"ticket", item.ticket},
                 {"done_when", done_when},
                 {"verify", item.verify},
                 {"closed_on", item.closed_on ? format_date(*item.closed_on) : ""},
                 {"verified_on", item.verified_on ? format_date(*item.verified_on) : ""},
                 {"project", item.project},
                 {"reason", item.reason},
                 {"has_type", !item.type.empty()},
                 {"has_done_when", !item.done_when.empty()},
                 {"has_verify", !item.verify.empty()},
                 {"has_reason", !item.reason.empty()},
                 {"has_closed_on", item.closed_on.has_value()},
                 {"has_verified_on", item.verified_on.has_value()},
                 {"has_ticket_href", !href.empty()}};
    view["ticket_href"] = href;
    if (href.empty() && !item.ticket.empty()) view["ticket_text"] = {{"value", item.ticket}};
    return view;
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
    json services = json::array();
    for (const auto& id : pm.services) {
        const Service* s = find_service(ctx.site, id);
        services.push_back({{"id", id},
                            {"name", s ? s->name : id},
                            {"href", link.to(paths::term("services", id))}});
    }
    json tags = json::array();
    for (const auto& tag : pm.tags)
        tags.push_back({{"name", tag}, {"href", link.to(paths::term("tags", tag))}});
    return {{"id", pm.id},
            {"title", pm.title},
            {"href", link.to(paths::postmortem(pm.id))},
            {"date", format_date(pm.date.day())},
            {"date_human", format_human_date(pm.date.day())},
            {"severity", pm.severity},
            {"severity_class", severity_class(ctx.site.config, pm.severity)},
            {"status", pm.status},
            {"unpublished", pm.status != "published"},
            {"services", services},
            {"category",
             {{"name", pm.category}, {"href", link.to(paths::term("categories", pm.category))}}},
            {"tags", tags},
            {"summary", pm.summary},
            {"has_summary", !pm.summary.empty()}};
}

json postmortem_page(const ViewContext& ctx, const PostMortem& pm, const RenderedMarkdown& body,
                     const Linker& link) {
    json view = postmortem_row(ctx, pm, link);
    view["body"] = body.html;
    json toc = json::array();
    for (const auto& entry : body.toc)
        if (entry.level <= 3)
            toc.push_back(
                {{"text", entry.text}, {"anchor", "#" + entry.anchor}, {"sub", entry.level == 3}});
    view["toc"] = toc;
    view["has_toc"] = toc.size() >= 2;

    json facts = json::array();
    add_fact(facts, "Started", format_timestamp(pm.date));
    if (pm.detected) add_fact(facts, "Detected", format_timestamp(*pm.detected));
    if (pm.mitigated) add_fact(facts, "Mitigated", format_timestamp(*pm.mitigated));
    if (pm.resolved) add_fact(facts, "Resolved", format_timestamp(*pm.resolved));
    add_fact(facts, "Detected by", pm.detection);
    add_fact(facts, "Authors", join(pm.authors, ", "));
    add_fact(facts, "Facilitator", pm.facilitator);
    view["facts"] = facts;

    json durations = json::array();
    add_duration(durations, "Time to detect", pm.date, pm.detected);
    add_duration(durations, "Time to mitigate", pm.date, pm.mitigated);
    add_duration(durations, "Time to resolve", pm.date, pm.resolved);
    view["durations"] = durations;

    json items = json::array();
    for (const auto& item : pm.action_items)
        items.push_back(action_item_view(ctx.site.config, item));
    view["action_item_count"] = items.size();
    view["action_items"] = items;
    if (!pm.no_action_items_reason.empty())
        view["no_action_items_reason_section"] = {{"value", pm.no_action_items_reason}};

    json related = json::array();
    for (const auto& ref : pm.related) {
        auto it = ctx.taxonomies.by_id.find(ref.id);
        if (it != ctx.taxonomies.by_id.end())
            related.push_back(postmortem_row(ctx, ctx.site.postmortems[it->second], link));
    }
    view["has_related"] = !related.empty();
    view["related"] = related;
    view["has_tags"] = !pm.tags.empty();
    view["postmortems_href"] = link.to(paths::postmortems);
    return view;
}

json postmortem_list_page(const ViewContext& ctx, const Linker& link) {
    std::vector<size_t> all(ctx.site.postmortems.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    return {{"postmortems", rows(ctx, all, link)},
            {"count", all.size()},
            {"severity_counts", severity_counts_view(ctx, all)}};
}

json term_index_page(const ViewContext& ctx, const std::string& kind, const Linker& link) {
    const TermIndex& index = kind == "services"     ? ctx.taxonomies.services
                             : kind == "categories" ? ctx.taxonomies.categories
                                                    : ctx.taxonomies.tags;
    json terms = json::array();
    for (const auto& [term, members] : index) {
        const Service* s = kind == "services" ? find_service(ctx.site, term) : nullptr;
        json t = {
            {"term", term},
            {"name", s ? s->name : term},
            {"description", s ? s->description : ""},
            {"has_description", s && !s->description.empty()},
            {"href", link.to(paths::term(kind, term))},
            {"count", members.size()},
            {"latest",
             members.empty() ? "" : format_date(ctx.site.postmortems[members.front()].date.day())},
            {"severity_counts", severity_counts_view(ctx, members)}};
        terms.push_back(std::move(t));
    }
    auto labels = kind_labels(kind);
    return {{"kind", kind}, {"kind_label", labels.plural}, {"terms", terms}};
}

json term_page(const ViewContext& ctx, const std::string& kind, const std::string& term,
               const Linker& link) {
    const TermIndex& index = kind == "services"     ? ctx.taxonomies.services
                             : kind == "categories" ? ctx.taxonomies.categories
                                                    : ctx.taxonomies.tags;
    const auto& members = index.at(term);
    auto labels = kind_labels(kind);
    json view = {{"kind", kind},
                 {"kind_label", labels.singular},
                 {"kind_plural", labels.plural},
                 {"kind_href", link.to(paths::term_index(kind))},
                 {"term", term},
                 {"name", term},
                 {"count", members.size()},
                 {"postmortems", rows(ctx, members, link)},
                 {"severity_counts", severity_counts_view(ctx, members)}};
    if (const Service* s = kind == "services" ? find_service(ctx.site, term) : nullptr) {
        view["name"] = s->name;
        view["description"] = s->description;
        view["has_description"] = !s->description.empty();
        if (!s->team.empty()) view["team_section"] = {{"value", s->team}};
        if (s->tier > 0) view["tier_section"] = {{"value", s->tier}};
    }
    return view;
}

json home_page(const ViewContext& ctx, const Linker& link) {
    const auto& pms = ctx.site.postmortems;
    std::vector<size_t> all(pms.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    std::vector<size_t> recent(all.begin(), all.begin() + long(std::min<size_t>(all.size(), 9)));
    size_t open_items = 0;
    for (const auto& pm : pms)
        for (const auto& item : pm.action_items)
            open_items += item.status == "open" || item.status == "in-progress";
    json counts = json::array({
        {{"label", "post-mortems"}, {"value", pms.size()}, {"href", link.to(paths::postmortems)}},
        {{"label", "services"},
         {"value", ctx.site.services.size()},
         {"href", link.to(paths::term_index("services"))}},
        {{"label", "categories"},
         {"value", ctx.site.config.categories.size()},
         {"href", link.to(paths::term_index("categories"))}},
        {{"label", "open action items"}, {"value", open_items}, {"href", ""}},
    });
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
            {"recent", rows(ctx, recent, link)},
            {"all_href", link.to(paths::postmortems)},
            {"severity_counts", severity_counts_view(ctx, all)},
            {"categories", categories}};
}

json layout_view(const ViewContext& ctx, const std::string& page_title, const std::string& section,
                 const std::string& site_path, const std::string& content, const Linker& link) {
    const auto& config = ctx.site.config;
    json nav = json::array();
    for (auto [label, key, path] : {std::tuple{"Post-mortems", "postmortems", paths::postmortems},
                                    {"Services", "services", paths::term_index("services")},
                                    {"Categories", "categories", paths::term_index("categories")},
                                    {"Tags", "tags", paths::term_index("tags")}})
        nav.push_back({{"label", label}, {"href", link.to(path)}, {"current", section == key}});
    json view = {
        {"site_title", config.title},
        {"page_title", page_title},
        {"head_title", page_title.empty() ? config.title : page_title + " · " + config.title},
        {"home_href", link.to(paths::home)},
        {"stylesheet_href", link.to(paths::stylesheet)},
        {"nav", nav},
        {"as_of", format_date(ctx.as_of)},
        {"content", content}};
    // Optional elements are objects, so the template shows them only when present.
    if (!config.description.empty()) view["meta_description"] = {{"text", config.description}};
    if (auto url = canonical_url(config.base_url, site_path); !url.empty())
        view["canonical"] = {{"href", url}};
    return view;
}

}  // namespace hs
