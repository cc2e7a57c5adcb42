#pragma once
// `build --public`: the post-mortems a company publishes for its customers, and nothing of what
// stays inside it (README › The public build).
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/model.hpp"

namespace hs {

// The public build's knowledge base: the published post-mortems that say `visibility: public`,
// without their authors, facilitators, action items' owners, tickets, verifiers and notes,
// `related` entries that are not public, internal custom fields (`internal: true`) or what
// `public.hide` names; the services they name, without team or tier; the config with the
// public title, description and base URL and without the tracker or the repository (no edit
// links). Site::public_only is set: bodies then leave internal notes and sections out, and no
// page about follow-through or people is made.
Site public_site(const Site& site);

// The ids (and aliases) of the post-mortems in `site` that its public version leaves out.
std::set<std::string> withheld_ids(const Site& site, const Site& public_version);

// A string no file of a public site may contain, and what it is (for the error).
struct InternalString {
    std::string text;
    std::string what;  // "an action item's owner", "a ticket key", …
};
// Every person named in `site` (owners, verifiers, authors, facilitators), every ticket key (a
// GitHub issue number as `#123`), and every id of a post-mortem left out.
std::vector<InternalString> internal_strings(const Site& site,
                                             const std::set<std::string>& withheld);

// The last line of defence: every file of a public site is searched for the internal strings
// before anything is published: as whole words, without regard to case (ASCII and Latin
// letters), any run of spaces or line breaks matching a space, in the bytes and, in HTML and
// XML, in the text a reader sees (tags left out, character references decoded). Thread-safe.
class LeakCheck {
  public:
    explicit LeakCheck(std::vector<InternalString> strings);
    void add(const std::string& path, std::string_view bytes);
    // One error per string found: at its place in the post-mortem whose page shows it (read
    // from `root`), else at the generated file.
    void report(const Site& public_version, const std::filesystem::path& root,
                DiagnosticSink& sink) const;

  private:
    struct Needle {
        std::string lower;  // the string folded to lower case, spaces as one space
        size_t key_at = 0;  // where its first word starts in it
        std::string what;
        std::string text;  // as written
    };
    void scan(std::string_view folded, std::set<size_t>& hits) const;
    std::vector<Needle> m_needles;
    std::unordered_map<std::string_view, std::vector<size_t>> m_by_first_word;
    mutable std::mutex m_mutex;
    std::map<size_t, std::set<std::string>> m_found;  // needle → files
};

}  // namespace hs
