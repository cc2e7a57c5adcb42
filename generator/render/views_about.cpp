// The "how to write a post-mortem" page, made from the same template `hindsight new` writes, so
// the two cannot disagree.
#include "render/view_helpers.hpp"
#include "render/views.hpp"
#include "util/strings.hpp"

namespace hs {

json about_page(const ViewContext& ctx, const std::string& template_text, const Linker& link) {
    const Config& config = ctx.site.config;
    json fields = json::array(), sections = json::array();
    bool in_front_matter = false;
    std::string pending;  // a section prompt spanning several lines
    size_t start = 0;
    while (start < template_text.size()) {
        size_t end = template_text.find('\n', start);
        if (end == std::string::npos) end = template_text.size();
        std::string line = template_text.substr(start, end - start);
        start = end + 1;
        if (trim(line) == "---") {
            in_front_matter = !in_front_matter;
            continue;
        }
        if (in_front_matter) {
            // `key: value   # what it is` at the top level becomes a row of the field table.
            size_t colon = line.find(':');
            if (line.empty() || line[0] == ' ' || line[0] == '#' || colon == std::string::npos)
                continue;
            size_t hash = line.find(" #");
            std::string note = hash == std::string::npos ? "" : trim(line.substr(hash + 2));
            for (auto [placeholder, value] :
                 {std::pair{"{{severities}}", join(config.severities, ", ")},
                  {"{{categories}}", join(config.categories, ", ")},
                  {"{{id}}", std::string("ID")}})
                for (size_t at; (at = note.find(placeholder)) != std::string::npos;)
                    note.replace(at, std::string(placeholder).size(), value);
            fields.push_back({{"name", line.substr(0, colon)}, {"note", note}});
        } else if (starts_with(line, "## ")) {
            sections.push_back({{"title", trim(line.substr(3))}, {"prompt", ""}});
        } else if (!sections.empty() && (starts_with(trim(line), "<!--") || !pending.empty())) {
            pending += (pending.empty() ? "" : " ") + trim(line);
            if (pending.find("-->") != std::string::npos) {
                std::string prompt = pending.substr(4, pending.find("-->") - 4);
                // Keep the question, not the example table that may follow it.
                size_t example = prompt.find(" |");
                std::string question = trim(prompt.substr(0, example));
                std::erase(question, '`');
                sections.back()["prompt"] = question;
                pending.clear();
            }
        }
    }
    const Policy& p = config.policy;
    json rules = json::array({
        "Each action item has one owner (a person, not a team) and a due date.",
        "Due within " + std::to_string(p.max_due_days) +
            " days of the incident; anything longer is a project: mark it project: true.",
        "Say when it is done (done_when) and how that will be shown (verify).",
        "An item past its due date fails the daily build" +
            std::string(p.grace_days ? " after " + std::to_string(p.grace_days) + " days of grace"
                                     : "") +
            ".",
        "A done item must be verified within " + std::to_string(p.verify_within_days) +
            " days of closed_on.",
        "A draft or in-review post-mortem must be published within " +
            std::to_string(p.review_within_days) + " days of the incident.",
    });
    return {{"title", config.title},
            {"description", config.description},
            {"has_description", !config.description.empty()},
            {"sections", sections},
            {"fields", fields},
            {"rules", rules},
            {"severities", join(config.severities, ", ")},
            {"categories", join(config.categories, ", ")},
            {"action_items_href", link.to(paths::action_items)},
            {"count", ctx.site.postmortems.size()}};
}

}  // namespace hs
