// Views of the follow-through pages: every open action item, and each owner's list.
#include <map>
#include <set>

#include "render/view_helpers.hpp"
#include "render/views.hpp"

namespace hs {
namespace {

struct Counts {
    size_t open = 0, overdue = 0, due_soon = 0, unverified = 0, awaiting = 0, slips = 0;
};

Counts count(const ViewContext& ctx, const std::vector<const ItemRef*>& refs) {
    Counts c;
    for (const ItemRef* r : refs) {
        const auto& item = ctx.site.postmortems[r->postmortem].action_items[r->item];
        c.open += r->state.open;
        c.overdue += r->state.days_overdue.has_value();
        c.due_soon += r->state.days_left && *r->state.days_left <= 7;
        c.unverified += r->state.unverified;
        c.awaiting += item.status == "done";
        c.slips += item.replanned.size();
    }
    return c;
}

json counts_view(const Counts& c) {
    return {{"open", c.open},
            {"overdue", c.overdue},
            {"due_soon", c.due_soon},
            {"awaiting", c.awaiting},
            {"unverified", c.unverified},
            {"slips", c.slips},
            {"has_overdue", c.overdue > 0},
            {"has_unverified", c.unverified > 0}};
}

// The open items and the done-but-unverified ones, as views.
json item_list(const ViewContext& ctx, const std::vector<const ItemRef*>& refs, const Linker& link,
               bool open) {
    json out = json::array();
    for (const ItemRef* r : refs) {
        const auto& item = ctx.site.postmortems[r->postmortem].action_items[r->item];
        if (open ? r->state.open : item.status == "done")
            out.push_back(action_item_view(ctx, *r, link));
    }
    return out;
}

// The heading a kind of finding gets on the site, in the order the site lists them.
const std::vector<std::pair<StaleKind, const char*>> k_kind_headings = {
    {StaleKind::overdue, "Overdue"},
    {StaleKind::unverified, "Done, not verified in time"},
    {StaleKind::stuck_review, "Stuck in review"},
    {StaleKind::unreviewed, "Not reviewed"},
    {StaleKind::drift, "Tracker drift"}};

// "write `status: done`" → text "write ", code "status: done": backticks become <code>.
json code_spans(const std::string& text) {
    json parts = json::array();
    bool code = false;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '`') continue;
        if (i > start)
            parts.push_back({{code ? "code" : "text", {{"value", text.substr(start, i - start)}}}});
        code = !code;
        start = i + 1;
    }
    return parts;
}

// Titles in messages stand between backticks, for the terminal; on a page they read better as
// quotations.
std::string with_quotation_marks(const std::string& text) {
    std::string out;
    bool open = true;
    for (char c : text) {
        if (c == '`')
            out += open ? "\u201c" : "\u201d", open = !open;
        else
            out += c;
    }
    return out;
}

json finding_view(const ViewContext& ctx, const Stale& s, const Linker& link) {
    const PostMortem& pm = ctx.site.postmortems[s.postmortem];
    json view = {{"kind", slug_of(s.kind)},
                 {"label", describe(s)},
                 {"what", with_quotation_marks(subject(ctx.site, s))},
                 {"fix", code_spans(s.fix)},
                 {"nobody", s.owner.empty()},
                 {"key", std::string(slug_of(s.kind)) + "|" + pm.id + "|" +
                             (s.item ? std::to_string(*s.item) : "-")},
                 {"source", format_position(s.pos)}};
    if (!s.owner.empty())
        view["owner_link"] = {{"name", s.owner},
                              {"href", link.to(paths::owner(owner_slug(s.owner)))}};
    view["postmortem"] = {{"id", pm.id},
                          {"href", link.to(paths::postmortem(pm.id))},
                          {"severity", pm.severity},
                          {"severity_class", severity_class(ctx.site.config, pm.severity)}};
    return view;
}

// Some findings, grouped by kind; `limit` cuts each group (0: no limit).
json findings_view(const ViewContext& ctx, const Linker& link,
                   const std::vector<const Stale*>& findings, size_t limit = 0) {
    json kinds = json::array();
    size_t total = 0;
    for (const auto& [kind, heading] : k_kind_headings) {
        // The report groups by person; a page groups by kind, the longest late first.
        std::vector<const Stale*> chosen;
        for (const Stale* s : findings)
            if (s->kind == kind) chosen.push_back(s);
        std::stable_sort(chosen.begin(), chosen.end(),
                         [](const Stale* a, const Stale* b) { return a->days > b->days; });
        size_t count = chosen.size();
        json list = json::array();
        for (size_t i = 0; i < count && (limit == 0 || i < limit); ++i)
            list.push_back(finding_view(ctx, *chosen[i], link));
        if (count == 0) continue;
        total += count;
        json group = {
            {"heading", heading}, {"kind", slug_of(kind)}, {"count", count}, {"findings", list}};
        if (count > list.size())
            group["more"] = {{"count", count - list.size()},
                             {"href", link.to(paths::action_items) + "#hs-stale-" + slug_of(kind)}};
        kinds.push_back(std::move(group));
    }
    return {{"count", total}, {"kinds", kinds}, {"any", total > 0}, {">findings", "findings"}};
}

std::vector<const ItemRef*> all_refs(const ViewContext& ctx) {
    std::vector<const ItemRef*> refs;
    for (const auto& r : ctx.items)
        refs.push_back(&r);
    return refs;
}

// Groups the open items by key (an item may have several, like services), each group in to-do
// order. keys_of returns (key, name, href) triples.
template <class KeyFn>
json groups(const ViewContext& ctx, const Linker& link, KeyFn keys_of) {
    struct Group {
        std::string name, href;
        std::vector<const ItemRef*> refs;
    };
    std::map<std::string, Group> by_key;
    for (const auto& r : ctx.items) {
        if (!r.state.open) continue;
        for (auto& [key, name, href] : keys_of(r)) {
            auto& group = by_key[key];
            group.name = name;
            group.href = href;
            group.refs.push_back(&r);
        }
    }
    json out = json::array();
    for (auto& [key, group] : by_key)
        out.push_back({{"name", group.name},
                       {"href", group.href},
                       {"counts", counts_view(count(ctx, group.refs))},
                       {"items", item_list(ctx, group.refs, link, true)}});
    return out;
}

}  // namespace

std::map<std::string, std::string> owners_by_slug(const Site& site,
                                                  const std::vector<Stale>& stale) {
    std::map<std::string, std::string> owners;
    for (const auto& pm : site.postmortems)
        for (const auto& item : pm.action_items)
            if (!item.owner.empty()) owners.emplace(owner_slug(item.owner), item.owner);
    // A facilitator with a stuck review owns no item, yet the review is theirs to finish.
    for (const auto& s : stale)
        if (!s.owner.empty()) owners.emplace(owner_slug(s.owner), s.owner);
    return owners;
}

json postmortem_findings(const ViewContext& ctx, size_t index, const Linker& link) {
    return findings_view(ctx, link, ctx.stale_by_postmortem[index]);
}

json findings_summary(const ViewContext& ctx, const Linker& link, size_t limit) {
    json view = findings_view(ctx, link, ctx.stale_all, limit);
    view["action_items_href"] = link.to(paths::action_items) + "#hs-stale";
    return view;
}

json action_items_page(const ViewContext& ctx, const Linker& link) {
    auto refs = all_refs(ctx);
    using Key = std::tuple<std::string, std::string, std::string>;
    json by_owner = groups(ctx, link, [&](const ItemRef& r) {
        const auto& owner = ctx.site.postmortems[r.postmortem].action_items[r.item].owner;
        // Drafts may leave the owner out; their items have no owner page to link to.
        if (owner.empty()) return std::vector<Key>{{"", "(no owner yet)", ""}};
        std::string slug = owner_slug(owner);
        return std::vector<Key>{{slug, owner, link.to(paths::owner(slug))}};
    });
    json by_service = groups(ctx, link, [&](const ItemRef& r) {
        std::vector<Key> keys;
        for (const auto& id : ctx.site.postmortems[r.postmortem].services) {
            const Service* s = find_service(ctx.site, id);
            keys.emplace_back(id, s ? s->name : id, link.to(paths::term("services", id)));
        }
        return keys;
    });
    return {{"as_of", format_date(ctx.as_of)},
            {"counts", counts_view(count(ctx, refs))},
            {"stale", findings_view(ctx, link, ctx.stale_all)},
            {"items", item_list(ctx, refs, link, true)},
            {"awaiting", item_list(ctx, refs, link, false)},
            {"by_owner", by_owner},
            {"by_service", by_service},
            {"owners_href", link.to(paths::owners)},
            {"csv_href", link.to(paths::items_csv)},
            {"ics_href", link.to(paths::items_ics)},
            {"json_href", link.to(paths::items_json)}};
}

json follow_up_view(const ViewContext& ctx, const std::vector<size_t>& postmortems,
                    const Linker& link) {
    std::set<size_t> wanted(postmortems.begin(), postmortems.end());
    std::vector<const ItemRef*> refs;
    for (const auto& r : ctx.items)
        if (wanted.count(r.postmortem)) refs.push_back(&r);
    std::vector<const Stale*> findings;
    for (const Stale* s : ctx.stale_all)
        if (wanted.count(s->postmortem)) findings.push_back(s);
    json awaiting = item_list(ctx, refs, link, false);
    return {{"stale", findings_view(ctx, link, findings)},
            {"items", item_list(ctx, refs, link, true)},
            {"has_awaiting", !awaiting.empty()},
            {"awaiting", awaiting}};
}

json owners_page(const ViewContext& ctx, const Linker& link) {
    static const std::vector<const ItemRef*> no_items;
    json owners = json::array();
    for (const auto& [slug, name] : owners_by_slug(ctx.site, ctx.analysis.stale)) {
        auto owned = ctx.items_by_owner.find(slug);
        const auto& refs = owned == ctx.items_by_owner.end() ? no_items : owned->second;
        auto found = ctx.stale_by_owner.find(slug);
        size_t stale = found == ctx.stale_by_owner.end() ? 0 : found->second.size();
        owners.push_back({{"name", name},
                          {"href", link.to(paths::owner(slug))},
                          {"items", refs.size()},
                          {"stale", stale},
                          {"has_stale", stale > 0},
                          {"counts", counts_view(count(ctx, refs))}});
    }
    return {{"owners", owners}};
}

json owner_page(const ViewContext& ctx, const std::string& slug, const std::string& name,
                const Linker& link) {
    static const std::vector<const ItemRef*> no_items;
    auto owned = ctx.items_by_owner.find(slug);
    const auto& refs = owned == ctx.items_by_owner.end() ? no_items : owned->second;
    static const std::vector<const Stale*> none;
    auto mine = ctx.stale_by_owner.find(slug);
    return {
        {"name", name},
        {"as_of", format_date(ctx.as_of)},
        {"counts", counts_view(count(ctx, refs))},
        {"stale", findings_view(ctx, link, mine == ctx.stale_by_owner.end() ? none : mine->second)},
        {"items", item_list(ctx, refs, link, true)},
        {"awaiting", item_list(ctx, refs, link, false)},
        {"owners_href", link.to(paths::owners)},
        {"action_items_href", link.to(paths::action_items)}};
}

}  // namespace hs
