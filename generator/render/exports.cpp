#include "render/exports.hpp"

#include "render/view_helpers.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

using json = nlohmann::json;

json optional_date(const std::optional<Days>& d) {
    return d ? json(format_date(*d)) : json();
}

std::string csv_cell(std::string value) {
    // A leading =, +, -, @ or control character makes a spreadsheet run the cell as a formula.
    if (!value.empty() && std::string("=+-@\t\r").find(value[0]) != std::string::npos)
        value.insert(value.begin(), '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string ics_text(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == ';' || c == ',')
            out += '\\', out += c;
        else if (c == '\n')
            out += "\\n";
        else if (c != '\r')
            out += c;
    }
    return out;
}

// Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8
// sequence.
std::string ics_line(const std::string& line) {
    std::string out;
    size_t width = 0, limit = 75;
    for (size_t i = 0; i < line.size();) {
        size_t len = 1;
        auto c = static_cast<unsigned char>(line[i]);
        if (c >= 0xF0)
            len = 4;
        else if (c >= 0xE0)
            len = 3;
        else if (c >= 0xC0)
            len = 2;
        if (width + len > limit) {
            out += "\r\n ";
            width = 1;
        }
        out.append(line, i, len);
        width += len;
        i += len;
    }
    return out + "\r\n";
}

std::string compact_date(Days d) {
    std::string s = format_date(d);
    return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

}  // namespace

std::string json_text(const nlohmann::json& value, int indent) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string postmortem_url(const Config& config, const PostMortem& pm) {
    return config.base_url + "postmortems/" + pm.id + "/";
}

std::string item_state_name(const ActionItem& item, const ItemState& state) {
    if (state.days_overdue) return "overdue";
    if (state.open) return "open";
    if (state.unverified) return "unverified";
    return item.status;
}

json items_json(const Site& site, const std::vector<ItemRef>& items) {
    json out = json::array();
    for (const auto& r : items) {
        const auto& pm = site.postmortems[r.postmortem];
        const auto& item = pm.action_items[r.item];
        json services = json::array();
        for (const auto& s : pm.services)
            services.push_back(s);
        json replanned = json::array();
        for (const auto& rp : item.replanned)
            replanned.push_back({{"on", format_date(rp.on)},
                                 {"from", format_date(rp.from)},
                                 {"reason", rp.reason}});
        std::string tracker = ticket_state(site, item);
        out.push_back(
            {{"postmortem", pm.id},
             {"postmortem_title", pm.title},
             {"url", postmortem_url(site.config, pm)},
             {"services", services},
             {"title", item.title},
             {"owner", item.owner},
             {"status", item.status},
             {"state", item_state_name(item, r.state)},
             {"due", optional_date(item.due)},
             {"days_overdue", r.state.days_overdue ? json(*r.state.days_overdue) : json()},
             {"type", item.type},
             {"ticket", item.ticket},
             {"done_when", item.done_when},
             {"verify", item.verify},
             {"closed_on", optional_date(item.closed_on)},
             {"verified_on", optional_date(item.verified_on)},
             {"verified_by", item.verified_by},
             {"project", item.project},
             {"reason", item.reason},
             {"replanned", replanned},
             {"first_due", optional_date(item.planned_due())},
             {"ticket_state", tracker.empty() ? json() : json(tracker)},
             {"file", item.pos.path.str()},
             {"line", item.pos.line}});
    }
    return out;
}

namespace {

// A number as validated (strtod accepts it): as JSON writes it when JSON can (1250, 3.5),
// else as the double it means (`+5`, `.5`, `007`).
json number_json(const std::string& text) {
    json parsed = json::parse(text, nullptr, false);
    return parsed.is_number() ? parsed : json(std::strtod(text.c_str(), nullptr));
}

}  // namespace

json postmortems_json(const Site& site) {
    json out = json::array();
    for (const auto& pm : site.postmortems) {
        auto when = [](const std::optional<Timestamp>& t) {
            return t ? json(format_iso(*t)) : json();
        };
        json related = json::array(), aliases = json::array();
        for (const auto& r : pm.related)
            related.push_back(r.id);
        for (const auto& a : pm.aliases)
            aliases.push_back(a.written);
        json fields = json::object();  // typed: a number is a number, a list a list
        for (const auto& value : pm.fields)
            if (const FieldDef* def = site.config.field(value.key))
                fields[def->key] = def->type == "list"     ? json(value.values)
                                   : def->type == "number" ? number_json(value.values.front())
                                                           : json(value.values.front());
        out.push_back(
            {{"id", pm.id},
             {"title", pm.title},
             {"url", postmortem_url(site.config, pm)},
             {"date", pm.date.has_time ? format_iso(pm.date) : format_date(pm.date.day())},
             {"status", pm.status},
             {"severity", pm.severity},
             {"services", pm.services},
             {"category", pm.category},
             {"tags", pm.tags},
             {"summary", pm.summary},
             {"detected", when(pm.detected)},
             {"mitigated", when(pm.mitigated)},
             {"resolved", when(pm.resolved)},
             {"detection", pm.detection},
             {"authors", pm.authors},
             {"facilitator", pm.facilitator},
             {"related", related},
             {"aliases", aliases},
             {"fields", fields},
             {"action_items", pm.action_items.size()}});
    }
    return out;
}

std::string items_csv(const Site& site, const std::vector<ItemRef>& items) {
    std::string out = "\xEF\xBB\xBF";
    out +=
        "postmortem,postmortem_title,title,owner,status,state,due,days_overdue,type,ticket,"
        "services,done_when,verify,closed_on,verified_on,project,url,verified_by,slips,first_due,"
        "ticket_state\r\n";
    for (const auto& r : items) {
        const auto& pm = site.postmortems[r.postmortem];
        const auto& item = pm.action_items[r.item];
        auto date = [](const std::optional<Days>& d) {
            return d ? format_date(*d) : std::string();
        };
        std::vector<std::string> cells = {
            pm.id,
            pm.title,
            item.title,
            item.owner,
            item.status,
            item_state_name(item, r.state),
            date(item.due),
            r.state.days_overdue ? std::to_string(*r.state.days_overdue) : "",
            item.type,
            item.ticket,
            join(pm.services, " "),
            join(item.done_when, "; "),
            item.verify,
            date(item.closed_on),
            date(item.verified_on),
            item.project ? "yes" : "",
            postmortem_url(site.config, pm),
            item.verified_by,
            item.replanned.empty() ? "" : std::to_string(item.replanned.size()),
            item.replanned.empty() ? "" : date(item.planned_due()),
            ticket_state(site, item)};
        for (size_t i = 0; i < cells.size(); ++i)
            out += (i ? "," : "") + csv_cell(cells[i]);
        out += "\r\n";
    }
    return out;
}

std::string items_ics(const Site& site, const std::vector<ItemRef>& items, Days as_of) {
    std::string out;
    out += ics_line("BEGIN:VCALENDAR");
    out += ics_line("VERSION:2.0");
    out += ics_line("PRODID:-//Hindsight//Action items//EN");
    out += ics_line("CALSCALE:GREGORIAN");
    out += ics_line("METHOD:PUBLISH");
    out += ics_line("X-WR-CALNAME:" + ics_text(site.config.title + ": action items"));
    for (const auto& r : items) {
        const auto& pm = site.postmortems[r.postmortem];
        const auto& item = pm.action_items[r.item];
        if (!r.state.open || !item.due) continue;
        std::string description =
            "Owner: " + item.owner + "\nPost-mortem: " + pm.id + " " + pm.title;
        if (!item.done_when.empty()) description += "\nDone when: " + join(item.done_when, "; ");
        if (!item.verify.empty()) description += "\nVerify: " + item.verify;
        if (!item.ticket.empty()) description += "\nTicket: " + item.ticket;
        out += ics_line("BEGIN:VEVENT");
        // The item's place in its post-mortem: stable across builds while the file keeps its order.
        out += ics_line("UID:" + pm.id + "-item-" + std::to_string(r.item + 1) + "@hindsight");
        out += ics_line("DTSTAMP:" + compact_date(as_of) + "T000000Z");
        out += ics_line("DTSTART;VALUE=DATE:" + compact_date(*item.due));
        out += ics_line("DTEND;VALUE=DATE:" + compact_date(*item.due + std::chrono::days{1}));
        out += ics_line("SUMMARY:" + ics_text(item.title + " (" + pm.id + ")"));
        out += ics_line("DESCRIPTION:" + ics_text(description));
        std::string url = postmortem_url(site.config, pm);
        if (url.rfind("http", 0) == 0) out += ics_line("URL:" + url);
        out += ics_line("END:VEVENT");
    }
    out += ics_line("END:VCALENDAR");
    return out;
}

}  // namespace hs
