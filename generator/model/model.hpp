#pragma once
// The knowledge base as plain data: no I/O, no rendering. Entities live in `Site` and refer to
// each other by id.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "util/dates.hpp"
#include "util/hash.hpp"
#include "util/packed_text.hpp"

namespace hs {

struct Policy {
    std::string stale = "fail";  // fail | warn
    int grace_days = 0;
    int verify_within_days = 7;
    int max_due_days = 14;
    int review_within_days = 14;
    std::optional<int> review_every_days;
    bool require_ticket = false;  // open items of published post-mortems must name a ticket
};

// A front-matter key a knowledge base adds (`fields:` in hindsight.yaml).
struct FieldDef {
    std::string key;
    std::string type;                 // string | number | date | list | url | enum
    std::string label;                // shown on the page (the key when not given)
    std::vector<std::string> values;  // enum: the allowed values, in order
    bool required = false;            // on a published post-mortem
    bool internal = false;            // left out of the public build (`internal: true`)
};

// A custom field's value as validated: one value, or a list's values (dates as YYYY-MM-DD).
struct FieldValue {
    std::string key;
    std::vector<std::string> values;

    bool operator==(const FieldValue&) const = default;
};

// `public:` in hindsight.yaml: what `build --public` makes of the post-mortems that say
// `visibility: public` (pipeline/public_site.hpp).
struct PublicConfig {
    std::string title;        // the public site's title ("" → the site's)
    std::string description;  // ("" → the site's)
    std::string base_url;     // where the public site is served ("" → `base_url`)
    // `## ` sections left out of public pages, matched without regard to case.
    std::vector<std::string> internal_sections;
    bool hide_tags = false;          // `hide: [tags]`: no tags, no tag pages
    bool hide_action_items = false;  // `hide: [action-items]`: no action items at all
};

struct Config {
    std::string title = "Post-mortems";
    std::string description;
    std::string base_url = "/";
    std::vector<std::string> severities = {"SEV1", "SEV2", "SEV3", "SEV4"};
    std::vector<std::string> categories = {"deployment", "config-change", "capacity", "dependency",
                                           "hardware",   "security",      "data-loss"};
    std::string tracker_url;       // contains {ticket}
    std::string tracker_pattern;   // `tracker.pattern`: a regex every ticket key must match
    std::string tracker_snapshot;  // `tracker.snapshot`: a snapshot file, as `--tickets` takes
    SourcePos tracker_snapshot_pos;
    Policy policy;
    std::optional<Days> as_of;  // a pin for local builds; CI passes --as-of (see README)
    SourcePos as_of_pos;
    // "Edit this page" on each post-mortem: the file in `repo_url`'s `repo_branch`, under
    // `repo_folder` (the knowledge base's folder in the repository, "" for its root); or
    // `edit_url`, a URL with `{path}` for a forge whose edit URLs differ from GitHub's and
    // GitLab's.
    std::string repo_url, repo_branch = "main", repo_folder, edit_url;
    std::vector<FieldDef> fields;  // custom front-matter keys, in the order written
    std::string theme = "default";
    PublicConfig public_site;
    bool raw_html = false;  // `markdown: { raw_html: true }` lets raw HTML through
    // `attachments: { warn_size_mb: 5 }`: a file a post-mortem links to that is larger than
    // this is published with a warning (pages that embed it get slow on phones).
    std::int64_t attachment_warn_bytes = 5 * 1024 * 1024;
    // `per_page`: post-mortems a page of a list shows (all post-mortems, a service, category or
    // tag); longer lists continue on <list>/page/2/ and so on, so no page grows with the
    // knowledge base.
    int per_page = 50;
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

    const FieldDef* field(const std::string& key) const;  // the custom field so named, if any
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

    bool operator==(const Reference&) const = default;
};

// One change of an item's due date: on which day, from which date, and why.
struct Replan {
    Days on{};
    Days from{};
    std::string reason;
    SourcePos pos;

    bool operator==(const Replan&) const = default;
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
    std::string verified_by;        // the person who saw it work (the owner may demo it)
    std::vector<Replan> replanned;  // due-date changes, oldest first
    SourcePos pos;
    // Where some values were written, for errors about them (the item's position if absent).
    SourcePos owner_pos, due_pos, closed_on_pos, verified_on_pos, ticket_pos;

    // The due date first agreed: the two-week rule judges the plan, not the re-plan.
    std::optional<Days> planned_due() const {
        return replanned.empty() ? due : std::optional<Days>(replanned.front().from);
    }

    bool operator==(const ActionItem&) const = default;
};

// Immutable text, kept packed (util/packed_text.hpp), that copies share instead of duplicating:
// serve copies every post-mortem out of its memo on each save, and the body is most of a
// post-mortem's bytes. Packed, the bodies of 10,000 post-mortems take about 25 MB instead of
// 87 MB through a build; they are unpacked by the few steps that read them (markdown, lint,
// similar), which otherwise go by the digest.
class SharedText {
  public:
    SharedText() = default;
    SharedText(std::string_view text)  // NOLINT(google-explicit-constructor): like a string
        : m_text(std::make_shared<const PackedText>(text)) {}
    SharedText(const std::string& text)  // NOLINT(google-explicit-constructor)
        : SharedText(std::string_view(text)) {}
    SharedText(const char* text)  // NOLINT(google-explicit-constructor)
        : SharedText(std::string_view(text)) {}
    explicit SharedText(PackedText packed)
        : m_text(std::make_shared<const PackedText>(std::move(packed))) {}
    std::string str() const { return packed().str(); }  // unpacked on each call
    const Digest& digest() const { return packed().digest(); }
    const PackedText& packed() const { return m_text ? *m_text : empty(); }
    friend bool operator==(const SharedText& a, const SharedText& b) {
        return a.m_text == b.m_text || a.packed() == b.packed();
    }

  private:
    static const PackedText& empty();
    std::shared_ptr<const PackedText> m_text;
};

// An earlier address of a post-mortem (`aliases:`): an old id, or a path from the site's root.
// A redirect page is made there, so a link pasted before a rename still leads to the page.
struct Alias {
    std::string written;  // as in the front matter: `PM-17`, `/incidents/checkout-2024/`
    std::string path;     // the redirect page, from the site's root: `postmortems/PM-17/index.html`
    SourcePos pos;

    bool operator==(const Alias&) const = default;
};

struct PostMortem {
    std::string id;
    std::string title;
    Timestamp date;
    std::string status;      // draft | in-review | published
    bool is_public = false;  // `visibility: public`: in the public build once published
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
    std::vector<Alias> aliases;
    std::vector<ActionItem> action_items;
    std::string no_action_items_reason;
    std::vector<std::string>
        lint_ignore;                 // warning rules (or rule prefixes) silenced for this file
    std::vector<FieldValue> fields;  // custom fields given, in the order of `Config::fields`

    SharedText body;     // Markdown after the front matter
    int body_line = 1;   // line of the file where `body` starts
    Digest source;       // of the file's bytes: what pages of the last build were made from
    Digest front;        // of its front matter alone: what exports and search metadata read
    SourcePos pos;       // the file, line 1
    SourcePos id_pos;    // the `id` value
    SourcePos date_pos;  // the `date` value

    bool operator==(const PostMortem&) const = default;
};

// A ticket as the tracker saw it when a snapshot was taken.
struct Ticket {
    bool closed = false;
    std::optional<Days> closed_on;
    std::string url;
};

// What the tracker says, from a file `gh issue list` or a Jira search wrote (`--tickets`).
struct TicketSnapshot {
    std::string path;
    std::string format;                     // "github" or "jira"
    std::map<std::string, Ticket> tickets;  // by key: "123" for GitHub issues, "NW-1801" for Jira
};

// The whole knowledge base after loading; post-mortems sorted newest first.
struct Site {
    Config config;
    std::vector<Service> services;
    std::vector<PostMortem> postmortems;
    std::optional<TicketSnapshot> tickets;
    // File (`content/...`) → the day its newest commit was made, from git; empty outside a git
    // checkout (content/git_history.hpp).
    std::map<std::string, Days> last_changed;
    // A `build --public` site: only public post-mortems, with nothing internal left in them
    // (pipeline/public_site.hpp); pages about follow-through and people are not made.
    bool public_only = false;
};

}  // namespace hs
