// Views of the follow-through pages: every open action item, and each owner's list.
#include <map>

#include "render/view_helpers.hpp"
#include "render/views.hpp"

namespace hs {
namespace {

struct Counts {
    size_t open = 0, overdue = 0, due_soon = 0, unverified = 0, awaiting = 0;
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
    }
    return c;
}

json counts_view(const Counts& c) {
    return {{"open", c.open},
            {"overdue", c.overdue},
            {"due_soon", c.due_soon},
            {"awaiting", c.awaiting},
            {"unverified", c.unverified},
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

std::map<std::string, std::string> owners_by_slug(const Site& site) {
    std::map<std::string, std::string> owners;
    for (const auto& pm : site.postmortems)
        for (const auto& item : pm.action_items)
            if (!item.owner.empty()) owners.emplace(owner_slug(item.owner), item.owner);
    return owners;
}

json action_items_page(const ViewContext& ctx, const Linker& link) {
    auto refs = all_refs(ctx);
    using Key = std::tuple<std::string, std::string, std::string>;
    json by_owner = groups(ctx, link, [&](const ItemRef& r) {
        const auto& owner = ctx.site.postmortems[r.postmortem].action_items[r.item].owner;
        std::string slug = owner_slug(owner);
        return std::vector<Key>{
            {slug, owner.empty() ? "(no owner)" : owner, link.to(paths::owner(slug))}};
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
            {"items", item_list(ctx, refs, link, true)},
            {"awaiting", item_list(ctx, refs, link, false)},
            {"by_owner", by_owner},
            {"by_service", by_service},
            {"owners_href", link.to(paths::owners)},
            {"csv_href", link.to(paths::items_csv)},
            {"ics_href", link.to(paths::items_ics)},
            {"json_href", link.to(paths::items_json)}};
}

json owners_page(const ViewContext& ctx, const Linker& link) {
    std::map<std::string, std::vector<const ItemRef*>> by_slug;
    for (const auto& r : ctx.items) {
        const auto& owner = ctx.site.postmortems[r.postmortem].action_items[r.item].owner;
        if (!owner.empty()) by_slug[owner_slug(owner)].push_back(&r);
    }
    auto names = owners_by_slug(ctx.site);
    json owners = json::array();
    for (const auto& [slug, refs] : by_slug) {
        auto c = count(ctx, refs);
        owners.push_back({{"name", names.at(slug)},
                          {"href", link.to(paths::owner(slug))},
                          {"items", refs.size()},
                          {"counts", counts_view(c)}});
    }
    return {{"owners", owners}};
}

json owner_page(const ViewContext& ctx, const std::string& slug, const Linker& link) {
    std::vector<const ItemRef*> refs;
    for (const auto& r : ctx.items)
        if (owner_slug(ctx.site.postmortems[r.postmortem].action_items[r.item].owner) == slug &&
            !ctx.site.postmortems[r.postmortem].action_items[r.item].owner.empty())
            refs.push_back(&r);
    return {{"name", owners_by_slug(ctx.site).at(slug)},
            {"as_of", format_date(ctx.as_of)},
            {"counts", counts_view(count(ctx, refs))},
            {"items", item_list(ctx, refs, link, true)},
            {"awaiting", item_list(ctx, refs, link, false)},
            {"owners_href", link.to(paths::owners)},
            {"action_items_href", link.to(paths::action_items)}};
}

}  // namespace hs
