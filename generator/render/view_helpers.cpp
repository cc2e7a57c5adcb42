#include "render/view_helpers.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "util/strings.hpp"

namespace hs {

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

json postmortem_rows(const ViewContext& ctx, const std::vector<size_t>& members,
                     const Linker& link) {
    json out = json::array();
    for (size_t i : members)
        out.push_back(postmortem_row(ctx, ctx.site.postmortems[i], link));
    return out;
}

size_t pages_for(const Config& config, size_t count) {
    size_t per_page = size_t(std::max(1, config.per_page));
    return std::max<size_t>(1, (count + per_page - 1) / per_page);
}

std::pair<size_t, size_t> page_range(const Config& config, size_t count, const PageOf& at) {
    size_t per_page = size_t(std::max(1, config.per_page));
    size_t from = std::min(count, (at.page - 1) * per_page);
    return {from, std::min(count, from + per_page)};
}

std::vector<size_t> page_slice(const Config& config, const std::vector<size_t>& members,
                               const PageOf& at) {
    auto [from, to] = page_range(config, members.size(), at);
    return {members.begin() + long(from), members.begin() + long(to)};
}

void add_pager(json& view, const PageOf& at, const Linker& link) {
    if (at.pages <= 1) return;
    json pager = {{"label", "Page " + std::to_string(at.page) + " of " + std::to_string(at.pages)}};
    if (at.page > 1) pager["prev"] = {{"href", link.to(paths::paged(at.first, at.page - 1))}};
    if (at.page < at.pages)
        pager["next"] = {{"href", link.to(paths::paged(at.first, at.page + 1))}};
    json numbers = json::array();
    size_t last_shown = 0;
    for (size_t p = 1; p <= at.pages; ++p) {
        bool shown = p == 1 || p == at.pages || (p + 2 >= at.page && p <= at.page + 2);
        if (!shown) continue;
        if (last_shown && p > last_shown + 1) numbers.push_back({{"gap", true}});
        json number = {{"number", p}, {"href", link.to(paths::paged(at.first, p))}};
        if (p == at.page) number["current"] = true;
        numbers.push_back({{"link", number}});
        last_shown = p;
    }
    pager["numbers"] = std::move(numbers);
    pager[">pager_nav"] = "pager";  // templates/pager.html
    view["pager"] = std::move(pager);
}

std::string ticket_href(const Config& config, const std::string& ticket) {
    if (config.tracker_url.empty() || ticket.empty()) return {};
    // `#123` and `owner/repo#123` are issue numbers: `{ticket}` stands for the number.
    std::string key = ticket;
    if (auto hash = key.rfind('#');
        hash != std::string::npos && hash + 1 < key.size() &&
        key.find_first_not_of("0123456789", hash + 1) == std::string::npos)
        key = key.substr(hash + 1);
    std::string encoded;
    for (unsigned char c : key) {
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

json action_item_view(const ViewContext& ctx, const ItemRef& ref, const Linker& link) {
    const Config& config = ctx.site.config;
    const PostMortem& pm = ctx.site.postmortems[ref.postmortem];
    const ActionItem& item = pm.action_items[ref.item];
    json done_when = json::array();
    for (const auto& c : item.done_when)
        done_when.push_back(c);
    std::string href = ticket_href(config, item.ticket);
    // Filled key by key: a braced list builds a two-element array per pair.
    json view = json::object();
    view["title"] = item.title;
    view["owner"] = item.owner;
    view["due"] = item.due ? format_date(*item.due) : "";
    view["status"] = item.status;
    view["status_class"] = "status-" + item.status;
    view["type"] = item.type;
    view["ticket"] = item.ticket;
    view["done_when"] = std::move(done_when);
    view["verify"] = item.verify;
    view["closed_on"] = item.closed_on ? format_date(*item.closed_on) : "";
    view["verified_on"] = item.verified_on ? format_date(*item.verified_on) : "";
    view["project"] = item.project;
    view["reason"] = item.reason;
    view["has_type"] = !item.type.empty();
    view["has_done_when"] = !item.done_when.empty();
    view["has_verify"] = !item.verify.empty();
    view["has_reason"] = !item.reason.empty();
    view["has_closed_on"] = item.closed_on.has_value();
    view["has_verified_on"] = item.verified_on.has_value();
    view["has_ticket_href"] = !href.empty();
    view["ticket_href"] = href;
    if (auto state = ticket_state(ctx.site, item); !state.empty())
        view["ticket_state"] = {{"value", state}, {"closed", state.rfind("closed", 0) == 0}};
    view["verified_by"] = item.verified_by;
    view["has_verified_by"] = !item.verified_by.empty();
    json replans = json::array();
    for (const auto& r : item.replanned)
        replans.push_back({{"on", format_date(r.on)},
                           {"from", format_date(r.from)},
                           {"reason", r.reason},
                           {"late", r.on > r.from}});
    view["replans"] = replans;
    view["has_replans"] = !replans.empty();
    if (!item.replanned.empty())
        view["slips"] = {
            {"label", "re-planned " + count_of(long(item.replanned.size()), "time", "times")},
            {"first_due", format_date(item.replanned.front().from)}};
    if (href.empty() && !item.ticket.empty()) view["ticket_text"] = {{"value", item.ticket}};
    view["owner_href"] = item.owner.empty() ? "" : link.to(paths::owner(owner_slug(item.owner)));
    view["has_owner"] = !item.owner.empty();
    auto [label, state_class] = due_label(ref.state, item);
    view["due_label"] = label;
    view["state_class"] = state_class;
    view["overdue"] = ref.state.days_overdue.has_value();
    json& of = view["postmortem"];
    of["id"] = pm.id;
    of["title"] = pm.title;
    of["href"] = link.to(paths::postmortem(pm.id));
    of["severity"] = pm.severity;
    of["severity_class"] = severity_class(config, pm.severity);
    json& services = view["services"] = json::array();
    for (const auto& id : pm.services) {
        const Service* s = find_service(ctx.site, id);
        json& service = services.emplace_back(json::object());
        service["name"] = s ? s->name : id;
        service["href"] = link.to(paths::term("services", id));
    }
    return view;
}

std::string ticket_state(const Site& site, const ActionItem& item) {
    if (!site.tickets || item.ticket.empty()) return {};
    const Ticket* t = find_ticket(site, item);
    if (!t) return "not in the tracker";
    if (!t->closed) return "open in the tracker";
    return "closed in the tracker" + (t->closed_on ? " " + format_date(*t->closed_on) : "");
}

std::string owner_slug(const std::string& owner) {
    std::string slug = slugify(owner);
    return slug.empty() ? "unnamed" : slug;
}

std::pair<std::string, std::string> due_label(const ItemState& state, const ActionItem& item) {
    auto days = [](int n) { return count_of(n, "day", "days"); };
    if (state.days_overdue) return {days(*state.days_overdue) + " overdue", "state-overdue"};
    if (state.days_in_grace) return {days(*state.days_in_grace) + " late (in grace)", "state-soon"};
    if (state.days_left) {
        if (*state.days_left == 0) return {"due today", "state-soon"};
        return {"in " + days(*state.days_left), *state.days_left <= 3 ? "state-soon" : "state-ok"};
    }
    if (state.open) return {"no due date", "state-overdue"};
    if (state.unverified) return {"verification overdue", "state-overdue"};
    if (item.status == "done") return {"awaiting verification", "state-soon"};
    return {"", ""};
}

json follow_through_view(const ViewContext& ctx, const std::vector<size_t>& members) {
    FollowThrough f = follow_through(ctx.site, members, ctx.as_of);
    auto percent = [&](size_t n) {
        return f.items ? std::to_string((n * 100 + f.items / 2) / f.items) + "%" : std::string("–");
    };
    std::string median = "–";
    if (f.median_days_to_close) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", *f.median_days_to_close);
        median = buf;
    }
    // Only items whose 14 days are over can have missed them: the rest are pending, not 0%.
    std::string within_14 =
        f.judged_14
            ? std::to_string((f.closed_within_14 * 100 + f.judged_14 / 2) / f.judged_14) + "%"
            : std::string("–");
    json view = {{"items", f.items},
                 {"open", f.open},
                 {"overdue", f.overdue},
                 {"has_overdue", f.overdue > 0},
                 {"closed_within_14", within_14},
                 {"pending_14", f.pending_14},
                 {"has_pending_14", f.pending_14 > 0},
                 {"projects", f.projects},
                 {"has_projects", f.projects > 0},
                 {"slips", f.slips},
                 {"slipped_items", f.slipped_items},
                 {"verified", percent(f.verified)},
                 {"median_days_to_close", median}};
    return view;
}

}  // namespace hs
