#include "content/ticket_snapshot.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "util/strings.hpp"

namespace hs {
namespace {

using json = nlohmann::json;

const std::string k_shape_hint =
    "write the output of `gh issue list --state all --json number,state,closedAt,url`, or a Jira "
    "search response (`issues[].key`, `fields.status.statusCategory.key`, "
    "`fields.resolutiondate`)";

// The day of an ISO 8601 time stamp ("2026-06-11T10:22:33Z", "2026-06-11T10:22:33.000+0000").
std::optional<Days> day_of(const json& value) {
    if (!value.is_string()) return std::nullopt;
    std::string text = value.get<std::string>();
    return text.size() >= 10 ? parse_date(text.substr(0, 10)) : std::nullopt;
}

// Where byte `offset` of `text` is, as a 1-based line and column.
SourcePos position_of(const std::string& path, std::string_view text, size_t offset) {
    SourcePos pos{path, 1, 1};
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            pos.col = 1;
        } else {
            ++pos.col;
        }
    }
    return pos;
}

bool read_github(const json& root, TicketSnapshot& out) {
    for (const auto& issue : root) {
        if (!issue.is_object() || !issue.contains("number") ||
            !issue.at("number").is_number_integer())
            return false;
        Ticket t;
        t.closed = to_lower(issue.value("state", "")) == "closed";
        if (t.closed && issue.contains("closedAt")) t.closed_on = day_of(issue.at("closedAt"));
        t.url = issue.value("url", "");
        out.tickets[std::to_string(issue.at("number").get<long long>())] = t;
    }
    out.format = "github";
    return true;
}

bool read_jira(const json& root, TicketSnapshot& out) {
    // at(), not operator[]: on a const object a missing key is undefined behaviour (ASan found it).
    if (!root.contains("issues") || !root.at("issues").is_array()) return false;
    const json& issues = root.at("issues");
    for (const auto& issue : issues) {
        if (!issue.is_object() || !issue.contains("key") || !issue.at("key").is_string())
            return false;
        Ticket t;
        const json* category = &issue;
        for (const char* step : {"fields", "status", "statusCategory", "key"}) {
            category =
                category->is_object() && category->contains(step) ? &(*category)[step] : nullptr;
            if (!category) break;
        }
        t.closed = category && category->is_string() && *category == "done";
        if (t.closed && issue.contains("fields") && issue.at("fields").is_object() &&
            issue.at("fields").contains("resolutiondate"))
            t.closed_on = day_of(issue.at("fields").at("resolutiondate"));
        out.tickets[issue.at("key").get<std::string>()] = t;
    }
    out.format = "jira";
    return true;
}

}  // namespace

std::optional<TicketSnapshot> parse_ticket_snapshot(const std::string& path, std::string_view text,
                                                    DiagnosticSink& sink) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        sink.error(position_of(path, text, e.byte > 0 ? e.byte - 1 : 0),
                   "the tracker snapshot is not valid JSON", "tickets.json", k_shape_hint);
        return std::nullopt;
    } catch (const json::out_of_range& e) {
        // A number too large for a double ("number overflow parsing '8317E17347'"): point at the
        // first place the number is written.
        std::string message = e.what();
        auto open = message.find('\''), close = message.rfind('\'');
        size_t at = 0;
        if (open != std::string::npos && close > open)
            at = std::min(text.find(message.substr(open + 1, close - open - 1)), text.size());
        sink.error(position_of(path, text, at),
                   "the tracker snapshot holds a number too large to read", "tickets.json",
                   k_shape_hint);
        return std::nullopt;
    }
    TicketSnapshot out;
    out.path = path;
    bool ok = root.is_array()    ? read_github(root, out)
              : root.is_object() ? read_jira(root, out)
                                 : false;
    if (!ok) {
        sink.error({path, 1, 1}, "the tracker snapshot is neither GitHub's nor Jira's format",
                   "tickets.format", k_shape_hint);
        return std::nullopt;
    }
    return out;
}

std::string ticket_key(const TicketSnapshot& snapshot, const std::string& ticket) {
    if (snapshot.format != "github") return ticket;
    auto hash = ticket.rfind('#');
    return hash == std::string::npos ? ticket : ticket.substr(hash + 1);
}

}  // namespace hs
