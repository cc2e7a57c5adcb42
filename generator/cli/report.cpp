#include "cli/report.hpp"

#include <map>
#include <random>

#include "util/strings.hpp"

namespace hs {
namespace {

// GitHub's workflow commands treat %, CR and LF specially everywhere, and `,` and `:` in
// properties.
std::string escape_annotation(const std::string& s, bool property) {
    std::string out;
    for (char c : s) {
        if (c == '%')
            out += "%25";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else if (property && c == ':')
            out += "%3A";
        else if (property && c == ',')
            out += "%2C";
        else
            out += c;
    }
    return out;
}

void annotation(std::ostream& out, const char* level, const SourcePos& pos,
                const std::string& title, const std::string& message, const std::string& prefix) {
    out << "::" << level;
    if (!pos.path.empty()) {
        out << " file=" << escape_annotation(prefix + pos.path.str(), true);
        if (pos.line > 0) out << ",line=" << pos.line;
        if (pos.col > 0) out << ",col=" << pos.col;
        out << ",";
    } else {
        out << " ";
    }
    out << "title=" << escape_annotation(title, true) << "::" << escape_annotation(message, false)
        << "\n";
}

}  // namespace

void print_stale_report(std::ostream& out, const Site& site, const std::vector<Stale>& stale,
                        Days as_of, bool failing, const std::string& prefix) {
    if (stale.empty()) return;
    std::map<std::string, std::vector<const Stale*>> by_owner;
    for (const auto& s : stale)
        by_owner[addressee(s)].push_back(&s);
    out << "\nStale as of " << format_date(as_of) << ": " << stale.size()
        << (stale.size() == 1 ? " finding" : " findings") << " for " << by_owner.size()
        << (by_owner.size() == 1 ? " person" : " people") << "\n";
    for (const auto& [owner, items] : by_owner) {
        out << "\n" << owner << " (" << items.size() << ")\n";
        for (const Stale* s : items) {
            const auto& pm = site.postmortems[s->postmortem];
            out << "  - " << describe(*s) << ": " << subject(site, *s) << "\n"
                << "    " << pm.id;
            if (s->due)
                out << ", " << (s->kind == StaleKind::overdue ? "due " : "deadline ")
                    << format_date(*s->due);
            out << ", " << format_position(s->pos, prefix) << "\n"
                << "    fix: " << s->fix << "\n";
        }
    }
    out << "\nEach finding says what to write; an item that will not happen is `wont-do` with a "
           "`reason`.\n";
    if (!failing) out << "The stale policy is `warn`: the build does not fail.\n";
}

void print_github(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                  const std::vector<Stale>& stale, bool stale_fails, const std::string& prefix) {
    for (const auto& d : diagnostics) {
        std::string message = d.message + (d.hint.empty() ? "" : "\n" + d.hint);
        annotation(out, d.severity == Severity::error ? "error" : "warning", d.pos,
                   d.rule.empty() ? "hindsight" : d.rule, message, prefix);
    }
    for (const auto& s : stale)
        annotation(out, stale_fails ? "error" : "warning", s.pos,
                   std::string("Stale: ") + to_string(s.kind) + " (" + addressee(s) + ")",
                   s.message + "\nFix: " + s.fix, prefix);
}

std::string unguessable_token() {
    std::random_device random;
    std::string token;
    for (int i = 0; i < 32; ++i)
        token += "0123456789abcdef"[random() % 16];
    return token;
}

nlohmann::json stale_json(const Site& site, const std::vector<Stale>& stale,
                          const std::string& prefix) {
    auto out = nlohmann::json::array();
    for (const auto& s : stale) {
        const auto& pm = site.postmortems[s.postmortem];
        nlohmann::json j = {{"kind", to_string(s.kind)},
                            {"postmortem", pm.id},
                            {"owner", s.owner},
                            {"days", s.days},
                            {"message", s.message},
                            {"fix", s.fix},
                            {"file", prefix + s.pos.path.str()},
                            {"line", s.pos.line},
                            {"column", s.pos.col}};
        j["item"] = s.item ? nlohmann::json(pm.action_items[*s.item].title) : nlohmann::json();
        j["due"] = s.due ? nlohmann::json(format_date(*s.due)) : nlohmann::json();
        out.push_back(std::move(j));
    }
    return out;
}

nlohmann::json diagnostics_json(const std::vector<Diagnostic>& diagnostics,
                                const std::string& prefix) {
    auto out = nlohmann::json::array();
    for (const auto& d : diagnostics)
        out.push_back({{"severity", d.severity == Severity::error ? "error" : "warning"},
                       {"file", d.pos.path.empty() ? "" : prefix + d.pos.path.str()},
                       {"line", d.pos.line},
                       {"column", d.pos.col},
                       {"message", d.message},
                       {"rule", d.rule},
                       {"hint", d.hint}});
    return out;
}

}  // namespace hs
