#include "content/action_item_parser.hpp"

namespace hs {
namespace {

const std::vector<std::string> k_item_keys = {
    "title",  "owner",     "due",         "status",  "type",   "ticket",       "done_when",
    "verify", "closed_on", "verified_on", "project", "reason", "last_reviewed"};

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
