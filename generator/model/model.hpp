#pragma once
// The knowledge base as plain data: no I/O, no rendering. Entities live in `Site` and refer to
// each other by id.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "util/dates.hpp"

namespace hs {

struct Policy {
    std::string stale = "fail";  // fail | warn
    int grace_days = 0;
    int verify_within_days = 7;
    int max_due_days = 14;
    int review_within_days = 14;
    std::optional<int> review_every_days;
};

struct Config {
    std::string title = "Post-mortems";
    std::string description;
    std::string base_url = "/";
    std::vector<std::string> severities = {"SEV1", "SEV2", "SEV3", "SEV4"};
    std::vector<std::string> categories = {"deployment", "config-change", "capacity", "dependency",
                                           "hardware",   "security",      "data-loss"};
    std::string tracker_url;  // contains {ticket}
    Policy policy;
    std::optional<Days> as_of;
    std::string theme = "default";
    bool raw_html = false;  // `markdown: { raw_html: true }` lets raw HTML through
    // `insights: { recurrence_count: 3, recurrence_window_days: 180 }`: N incidents of one
    // service or category within so many days make a recurring pattern.
    int recurrence_count = 3;
    int recurrence_window_days = 180;
    int fix_window_days = 365;  // `fix_window_days`: how old a verified fix may be to count
    // Sections a published post-mortem must have, by severity (`default` for the rest).
    std::map<std::string, std::vector<std::string>> required_sections = {
        {"default", {"Summary", "Impact", "Timeline", "Conditions", "Action items"}},
        {"SEV1",
         {"Summary", "Impact", "Timeline", "Surprise", "Conditions", "Response", "Systemic",
          "Action items"}},
        {"SEV2",
         {"Summary", "Impact", "Timeline", "Surprise", "Conditions", "Response", "Systemic",
          "Action items"}}};
};

struct Service {
    std::string id;
    std::string name;
    std::string team;
    int tier = 0;
    std::string description;
    SourcePos pos;
};

// A mention of another post-mortem by id, where it was written.
struct Reference {
    std::string id;
    SourcePos pos;
};

struct ActionItem {
    std::string title;
    std::string owner;
    std::optional<Days> due;
    std::string status = "open";  // open | in-progress | done | verified | wont-do
    std::string type;             // detect | contain | resolve | prevent | process
    std::string ticket;
    std::vector<std::string> done_when;
    std::string verify;
    std::optional<Days> closed_on;
    std::optional<Days> verified_on;
    bool project = false;
    std::string reason;
    std::optional<Days> last_reviewed;
    SourcePos pos;
};

struct PostMortem {
    std::string id;
    std::string title;
    Timestamp date;
    std::string status;  // draft | in-review | published
    std::string severity;
    std::vector<std::string> services;
    std::string category;
    std::vector<std::string> tags;
    std::string summary;
    std::optional<Timestamp> detected, mitigated, resolved;
    std::string detection;
    std::vector<std::string> authors;
    std::vector<std::string> facilitator;
    std::vector<Reference> related;
    std::vector<ActionItem> action_items;
    std::string no_action_items_reason;
    std::vector<std::string>
        lint_ignore;  // warning rules (or rule prefixes) silenced for this file

    std::string body;   // Markdown after the front matter
    int body_line = 1;  // line of the file where `body` starts
    SourcePos pos;      // the file, line 1
    SourcePos id_pos;   // the `id` value
};

// The whole knowledge base after loading; post-mortems sorted newest first.
struct Site {
    Config config;
    std::vector<Service> services;
    std::vector<PostMortem> postmortems;
};

}  // namespace hs
