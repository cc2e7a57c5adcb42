#include "content/action_item_parser.hpp"

#include "util/strings.hpp"

namespace hs {
namespace {

const std::vector<std::string> k_item_keys = {"title",         "owner",       "due",       "status",
                                              "type",          "ticket",      "done_when", "verify",
                                              "closed_on",     "verified_on", "project",   "reason",
                                              "last_reviewed", "verified_by", "replanned"};
const std::vector<std::string> k_replan_keys = {"on", "from", "reason"};

// `replanned: [{on: 2026-06-10, from: 2026-06-12, reason: ...}]`, oldest first.
std::vector<Replan> parse_replans(YamlFields& f, const YamlOrigin& origin, DiagnosticSink& sink) {
    std::vector<Replan> out;
    if (!f.has("replanned")) return out;
    auto list = f.node("replanned");
    if (!list.IsSequence()) {
        f.error(f.pos("replanned"), "`replanned` must be a list, not " + yaml_kind(list),
                "schema.type",
                "write each re-plan as `- { on: YYYY-MM-DD, from: YYYY-MM-DD, reason: ... }`");
        return out;
    }
    for (const auto& entry : list) {
        if (!entry.IsMap()) {
            f.error(origin.at(entry), "each re-plan must be a mapping, not " + yaml_kind(entry),
                    "schema.type",
                    "write `- { on: YYYY-MM-DD, from: YYYY-MM-DD, reason: ... }`: the day it was "
                    "re-planned, the due date it moved from, and why");
            continue;
        }
        YamlFields r(entry, origin, sink, "re-plan");
        r.warn_unknown_keys(k_replan_keys);
        auto on = r.date("on", true);
        auto from = r.date("from", true);
        auto reason = r.string("reason", true);
        if (reason && trim(*reason).empty())
            r.error(r.pos("reason"), "the re-plan's `reason` is empty", "item.replan",
                    "say why the date moved, so the slip is understood");
        if (r.errors() == 0) out.push_back({*on, *from, *reason, r.pos()});
    }
    for (size_t i = 1; i < out.size(); ++i)
        if (out[i].on < out[i - 1].on)
            f.error(out[i].pos, "re-plans are listed oldest first", "item.replan",
                    "move this entry above the one of " + format_date(out[i - 1].on));
    return out;
}

std::optional<ActionItem> parse_item(const YAML::Node& map, const YamlOrigin& origin,
                                     DiagnosticSink& sink) {
    YamlFields f(map, origin, sink, "action item");
    f.warn_unknown_keys(k_item_keys);
    ActionItem item;
    item.pos = f.pos();
    item.title = f.string("title", true).value_or("");
    item.owner = f.string("owner").value_or("");
    item.due = f.date("due");
    item.status = f.one_of("status", k_item_statuses, false, "item.status").value_or("open");
    item.type = f.one_of("type", k_item_types, false, "item.type").value_or("");
    item.ticket = f.string("ticket").value_or("");
    if (f.has("done_when") && f.node("done_when").IsScalar())
        item.done_when = {f.node("done_when").Scalar()};  // one condition may stand alone
    else
        item.done_when = f.string_list("done_when");
    item.verify = f.string("verify").value_or("");
    item.closed_on = f.date("closed_on");
    item.verified_on = f.date("verified_on");
    item.project = f.boolean("project").value_or(false);
    item.reason = f.string("reason").value_or("");
    item.last_reviewed = f.date("last_reviewed");
    item.verified_by = f.string("verified_by").value_or("");
    item.replanned = parse_replans(f, origin, sink);
    item.owner_pos = f.pos("owner");
    item.due_pos = f.pos("due");
    item.closed_on_pos = f.pos("closed_on");
    item.verified_on_pos = f.pos("verified_on");
    item.ticket_pos = f.pos("ticket");
    if (f.errors() > 0) return std::nullopt;
    return item;
}

}  // namespace

std::vector<ActionItem> parse_action_items(const YAML::Node& list, const YamlOrigin& origin,
                                           DiagnosticSink& sink) {
    std::vector<ActionItem> items;
    if (!list.IsDefined() || list.IsNull()) return items;
    if (!list.IsSequence()) {
        sink.error(origin.at(list), "`action_items` must be a list, not " + yaml_kind(list),
                   "schema.type", "write each item as `- title: ...` under `action_items:`");
        return items;
    }
    for (const auto& entry : list) {
        if (!entry.IsMap()) {
            sink.error(
                origin.at(entry),
                "each action item must be a mapping with `title`, `owner`, `due`, ..., not " +
                    yaml_kind(entry),
                "schema.type", "write `- title: ...` and indent the item's other fields under it");
            continue;
        }
        if (auto item = parse_item(entry, origin, sink)) items.push_back(std::move(*item));
    }
    return items;
}

}  // namespace hs
