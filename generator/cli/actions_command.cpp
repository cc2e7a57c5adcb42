// `hindsight actions`: the action items in the terminal, and the weekly review's agenda.
#include <algorithm>
#include <array>
#include <iomanip>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "render/exports.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

struct ActionsArgs {
    CommonArgs common;
    bool overdue = false;
    bool review = false;
    std::string owner;
    std::string service;
    std::string format;  // table (default), csv, json, markdown
};

std::string clip(const std::string& s, size_t width) {
    // Counts code points, not bytes, so accented names keep the columns straight.
    size_t points = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++points > width) break;
    }
    return i < s.size() ? s.substr(0, i) : s;
}

size_t display_width(const std::string& s) {
    return size_t(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string state_text(const ItemRef& r, const ActionItem& item) {
    const auto& s = r.state;
    if (s.days_overdue) return std::to_string(*s.days_overdue) + "d late";
    if (s.days_in_grace) return std::to_string(*s.days_in_grace) + "d late (grace)";
    if (s.days_left == 0) return "due today";
    if (s.days_left) return std::to_string(*s.days_left) + "d left";
    if (s.unverified) return "verify late";
    if (item.status == "done") return "to verify";
    return item.status;
}

void print_table(std::ostream& out, const Site& site, const std::vector<ItemRef>& items,
                 const std::vector<const Stale*>& stale) {
    auto cell = [&](const std::string& s, size_t width) {
        std::string c = clip(s, width);
        out << c << std::string(width + 2 - display_width(c), ' ');
    };
    cell("DUE", 10), cell("STATE", 12), cell("OWNER", 18), cell("POST-MORTEM", 12);
    out << "ACTION\n";
    for (const auto& r : items) {
        const auto& pm = site.postmortems[r.postmortem];
        const auto& item = pm.action_items[r.item];
        cell(item.due ? format_date(*item.due) : "-", 10), cell(state_text(r, item), 12);
        cell(item.owner, 18), cell(pm.id, 12);
        out << item.title << "\n";
    }
    out << items.size() << (items.size() == 1 ? " item" : " items") << "\n";
    if (stale.empty()) return;
    out << "\nStale (" << stale.size() << "): what fails the build\n";
    for (const Stale* s : stale) {
        const auto& pm = site.postmortems[s->postmortem];
        out << "  " << addressee(*s) << ", " << pm.id << ": " << describe(*s) << ": " << s->message
            << "\n"
            << "    fix: " << s->fix << "\n";
    }
}

// The weekly review: for each person, what is late, what comes due, what waits for
// verification, which reviews are stuck, where the tracker disagrees, and what slipped.
struct Agenda {
    // In the order of k_sections.
    enum Section : size_t { overdue, due_soon, awaiting, stuck, unreviewed, drift, slipped };
    static constexpr const char* k_sections[] = {
        "Overdue",      "Due in the next 7 days", "Awaiting verification",     "Stuck reviews",
        "Not reviewed", "Tracker drift",          "Slipped in the last 7 days"};
    struct Entry {
        size_t section;
        std::string text;
        std::string fix;
    };
    std::map<std::string, std::vector<Entry>> by_person;
    std::array<size_t, std::size(k_sections)> totals{};

    void add(const std::string& person, size_t section, std::string text, std::string fix = {}) {
        by_person[person.empty() ? "(nobody)" : person].push_back(
            {section, std::move(text), std::move(fix)});
        ++totals[section];
    }
};

std::string item_line(const PostMortem& pm, const ActionItem& item) {
    std::string line = pm.id + " · " + item.title;
    if (!item.ticket.empty()) line += " · " + item.ticket;
    return line;
}

Agenda build_agenda(const Site& site, const std::vector<ItemRef>& items,
                    const std::vector<const Stale*>& stale, Days as_of) {
    Agenda agenda;
    for (const Stale* s : stale) {
        const auto& pm = site.postmortems[s->postmortem];
        std::string what =
            s->item ? item_line(pm, pm.action_items[*s->item]) : pm.id + " · " + pm.title;
        Agenda::Section section = s->kind == StaleKind::overdue        ? Agenda::overdue
                                  : s->kind == StaleKind::unverified   ? Agenda::awaiting
                                  : s->kind == StaleKind::stuck_review ? Agenda::stuck
                                  : s->kind == StaleKind::unreviewed   ? Agenda::unreviewed
                                                                       : Agenda::drift;
        std::string why = s->kind == StaleKind::drift ? s->message : describe(*s);
        agenda.add(s->owner, section, what + " — " + why, s->fix);
    }
    for (const auto& r : items) {
        const auto& pm = site.postmortems[r.postmortem];
        const auto& item = pm.action_items[r.item];
        if (r.state.days_left && *r.state.days_left <= 7)
            agenda.add(item.owner, Agenda::due_soon,
                       item_line(pm, item) + " — due " + format_date(*item.due) +
                           (*r.state.days_left == 0
                                ? " (today)"
                                : " (in " + count_of(*r.state.days_left, "day", "days") + ")"));
        else if (r.state.days_in_grace)
            agenda.add(
                item.owner, Agenda::due_soon,
                item_line(pm, item) + " — due " + format_date(*item.due) + ", late (in grace)");
        if (item.status == "done" && !r.state.unverified)
            agenda.add(item.owner, Agenda::awaiting,
                       item_line(pm, item) + " — closed " + format_date(*item.closed_on) +
                           (item.verify.empty() ? "" : "; verify: " + item.verify));
        for (size_t k = 0; k < item.replanned.size(); ++k) {
            const auto& rp = item.replanned[k];
            if (days_between(rp.on, as_of) >= 7) continue;
            Days to = k + 1 < item.replanned.size() ? item.replanned[k + 1].from
                                                    : item.due.value_or(rp.from);
            agenda.add(item.owner, Agenda::slipped,
                       item_line(pm, item) + " — on " + format_date(rp.on) + " from " +
                           format_date(rp.from) + " to " + format_date(to) +
                           (rp.on > rp.from ? " (after it was due)" : "") + ": " + rp.reason);
        }
    }
    return agenda;
}

void print_agenda_markdown(std::ostream& out, const Agenda& agenda, Days as_of) {
    out << "# Action-item review, " << format_date(as_of) << "\n\n";
    std::vector<std::string> counts;
    for (size_t i = 0; i < std::size(Agenda::k_sections); ++i)
        if (agenda.totals[i])
            counts.push_back(to_lower(Agenda::k_sections[i]) + ": " +
                             std::to_string(agenda.totals[i]));
    out << (counts.empty() ? "Nothing to review." : join(counts, " · ")) << "\n";
    for (const auto& [person, entries] : agenda.by_person) {
        out << "\n## " << person << "\n";
        for (size_t i = 0; i < std::size(Agenda::k_sections); ++i) {
            bool heading = false;
            for (const auto& e : entries) {
                if (e.section != i) continue;
                if (!heading) out << "\n**" << Agenda::k_sections[i] << "**\n\n";
                heading = true;
                out << "- [ ] " << e.text << "\n";
                if (!e.fix.empty()) out << "  - Fix: " << e.fix << "\n";
            }
        }
    }
}

nlohmann::json agenda_json(const Agenda& agenda, Days as_of) {
    nlohmann::json people = nlohmann::json::object();
    for (const auto& [person, entries] : agenda.by_person)
        for (const auto& e : entries) {
            nlohmann::json j = {{"text", e.text}};
            if (!e.fix.empty()) j["fix"] = e.fix;
            people[person][Agenda::k_sections[e.section]].push_back(j);
        }
    return {{"as_of", format_date(as_of)}, {"people", people}};
}

int run_actions(const ActionsArgs& args, std::ostream& out, std::ostream& err) {
    BuildOptions options;
    if (int code = args.common.apply(options, err)) return code;
    std::string format = args.format.empty() ? (args.review ? "markdown" : "table") : args.format;
    bool review = args.review || format == "markdown";  // the agenda is what markdown is for
    if (format == "csv" && review) {
        err << "hindsight: error: --review prints markdown (default) or json, not csv\n";
        return k_exit_usage;
    }
    DiagnosticSink sink;
    CompileResult result = analyse_site(options, sink);
    print_text(err, sink.sorted(), args.common.prefix());
    if (result.status != k_exit_ok) return result.status;
    const Site& site = result.site;

    auto wanted = [&](size_t p, const std::string& owner) {
        const auto& pm = site.postmortems[p];
        if (!args.owner.empty() && owner != args.owner) return false;
        return args.service.empty() ||
               std::find(pm.services.begin(), pm.services.end(), args.service) != pm.services.end();
    };
    // Open items and done ones that wait for verification: everything someone still has to do.
    std::vector<ItemRef> items;
    for (const auto& r : all_items(site, result.as_of)) {
        const auto& item = site.postmortems[r.postmortem].action_items[r.item];
        if (!r.state.open && item.status != "done") continue;
        if (args.overdue && !r.state.days_overdue) continue;
        if (wanted(r.postmortem, item.owner)) items.push_back(r);
    }
    std::vector<const Stale*> stale;
    for (const auto& s : result.stale)
        if ((!args.overdue || s.kind == StaleKind::overdue) && wanted(s.postmortem, s.owner))
            stale.push_back(&s);
    if (!args.owner.empty() && items.empty() && stale.empty())
        err << "hindsight: nothing for owner `" << args.owner
            << "` (owners are matched as written in `owner:`)\n";

    if (review) {
        Agenda agenda = build_agenda(site, items, stale, result.as_of);
        if (format == "json")
            out << json_text(agenda_json(agenda, result.as_of), 2) << "\n";
        else
            print_agenda_markdown(out, agenda, result.as_of);
        return k_exit_ok;
    }
    if (format == "json") {
        std::vector<Stale> chosen;
        for (const Stale* s : stale)
            chosen.push_back(*s);
        out << json_text({{"as_of", format_date(result.as_of)},
                          {"items", items_json(site, items)},
                          {"stale", stale_json(site, chosen, args.common.prefix())}},
                         2)
            << "\n";
    } else if (format == "csv") {
        out << items_csv(site, items);
    } else {
        print_table(out, site, items, stale);
    }
    return k_exit_ok;
}

}  // namespace

CommandRunner add_actions_command(CLI::App& app) {
    auto args = std::make_shared<ActionsArgs>();
    CLI::App* cmd = app.add_subcommand(
        "actions", "List what people still have to do, or the weekly review's agenda (--review)");
    args->common.add_to(*cmd);
    cmd->add_flag("--overdue", args->overdue, "Only items past their due date");
    cmd->add_flag("--review", args->review,
                  "The weekly review's agenda by person: overdue, due in 7 days, awaiting "
                  "verification, stuck reviews, drift, slips of the last 7 days");
    cmd->add_option("--owner", args->owner, "Only this person's items and findings");
    cmd->add_option("--service", args->service, "Only items of post-mortems of this service");
    cmd->add_option("--format", args->format, "table (default), csv, json or markdown (--review)")
        ->check(CLI::IsMember({"table", "csv", "json", "markdown"}));
    return [args](std::ostream& out, std::ostream& err) { return run_actions(*args, out, err); };
}

}  // namespace hs
