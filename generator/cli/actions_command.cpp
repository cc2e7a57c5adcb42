// `hindsight actions`: the open action items in the terminal, for the weekly review.
#include <algorithm>
#include <iomanip>
#include <memory>

#include "cli/commands.hpp"
#include "render/exports.hpp"

namespace hs {
namespace {

struct ActionsArgs {
    CommonArgs common;
    bool overdue = false;
    std::string owner;
    std::string service;
    std::string format = "table";
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

void print_table(std::ostream& out, const Site& site, const std::vector<ItemRef>& items) {
    auto cell = [&](const std::string& s, size_t width) {
        std::string c = clip(s, width);
        out << c << std::string(width + 2 - display_width(c), ' ');
    };
    cell("DUE", 10), cell("STATE", 12), cell("OWNER", 18), cell("POST-MORTEM", 12);
    out << "ACTION\n";
    for (const auto& r : items) {
        const auto& pm = site.postmortems[r.postmortem];
        const auto& item = pm.action_items[r.item];
        std::string state = r.state.days_overdue ? std::to_string(*r.state.days_overdue) + "d late"
                            : r.state.days_in_grace
                                ? std::to_string(*r.state.days_in_grace) + "d late (grace)"
                            : r.state.days_left == 0 ? std::string("due today")
                            : r.state.days_left      ? std::to_string(*r.state.days_left) + "d left"
                                                     : item.status;
        cell(item.due ? format_date(*item.due) : "-", 10), cell(state, 12), cell(item.owner, 18);
        cell(pm.id, 12);
        out << item.title << "\n";
    }
    out << items.size() << (items.size() == 1 ? " item" : " items") << "\n";
}

int run_actions(const ActionsArgs& args, std::ostream& out, std::ostream& err) {
    BuildOptions options;
    if (int code = args.common.apply(options, err)) return code;
    DiagnosticSink sink;
    CompileResult result = analyse_site(options, sink);
    print_text(err, sink.sorted(), args.common.prefix());
    if (result.status != k_exit_ok) return result.status;

    std::vector<ItemRef> items;
    for (const auto& r : all_items(result.site, result.as_of)) {
        const auto& pm = result.site.postmortems[r.postmortem];
        const auto& item = pm.action_items[r.item];
        if (!r.state.open) continue;
        if (args.overdue && !r.state.days_overdue) continue;
        if (!args.owner.empty() && item.owner != args.owner) continue;
        if (!args.service.empty() &&
            std::find(pm.services.begin(), pm.services.end(), args.service) == pm.services.end())
            continue;
        items.push_back(r);
    }
    if (args.format == "json")
        out << items_json(result.site, items).dump(2) << "\n";
    else if (args.format == "csv")
        out << items_csv(result.site, items);
    else
        print_table(out, result.site, items);
    return k_exit_ok;
}

}  // namespace

CommandRunner add_actions_command(CLI::App& app) {
    auto args = std::make_shared<ActionsArgs>();
    CLI::App* cmd = app.add_subcommand("actions", "List open action items, for the weekly review");
    args->common.add_to(*cmd);
    cmd->add_flag("--overdue", args->overdue, "Only items past their due date");
    cmd->add_option("--owner", args->owner, "Only this owner's items");
    cmd->add_option("--service", args->service, "Only items of post-mortems of this service");
    cmd->add_option("--format", args->format, "table (default), csv or json")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    return [args](std::ostream& out, std::ostream& err) { return run_actions(*args, out, err); };
}

}  // namespace hs
