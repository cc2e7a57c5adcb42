#include "pipeline/public_site.hpp"

#include <algorithm>

#include "util/files.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

// Which lines of a post-mortem's file the public page leaves out: its front-matter fields of
// people and tickets, its ```internal blocks and the sections `internal_sections` names. A
// line-by-line reading, good enough to point at the words to move.
std::vector<bool> hidden_lines(std::string_view text, int body_line,
                               const std::vector<std::string>& internal_sections) {
    static const std::vector<std::string> k_left_out = {
        "owner:", "ticket:", "verified_by:", "authors:", "facilitator:"};
    std::set<std::string> sections;
    for (const auto& name : internal_sections)
        sections.insert(to_lower(trim(name)));
    std::vector<bool> hidden;
    std::string fence;  // the open fence's characters, "" outside one
    bool internal_block = false, internal_section = false;
    int number = 0;
    for (size_t start = 0; start <= text.size();) {
        size_t end = std::min(text.find('\n', start), text.size());
        std::string line = to_lower(trim(text.substr(start, end - start)));
        start = end + 1;
        ++number;
        if (number < body_line) {
            hidden.push_back(std::any_of(k_left_out.begin(), k_left_out.end(), [&](auto& key) {
                return line.find(key) != std::string::npos;
            }));
            continue;
        }
        bool is_fence = line.size() >= 3 && (starts_with(line, "```") || starts_with(line, "~~~"));
        size_t run = is_fence ? line.find_first_not_of(line[0]) : 0;
        if (run == std::string::npos) run = line.size();
        if (!fence.empty()) {
            bool closes = is_fence && line[0] == fence[0] && run >= fence.size() &&
                          line.find_first_not_of(line[0]) == std::string::npos;
            hidden.push_back(internal_block || internal_section);
            if (closes) {
                fence.clear();
                internal_block = false;
            }
            continue;
        }
        if (is_fence) {
            fence = line.substr(0, run);
            internal_block = starts_with(trim(line.substr(run)), "internal");
        } else if (starts_with(line, "# ") || starts_with(line, "## ")) {
            internal_section = sections.count(trim(line.substr(line.find(' ')))) > 0;
        }
        hidden.push_back(internal_block || internal_section);
    }
    return hidden;
}

// Where `needle` (lower case) is written in a post-mortem's file as a whole word, without regard
// to case, in a place the public page shows; nullopt if only in places it leaves out.
std::optional<size_t> find_written(std::string_view text, const std::vector<bool>& hidden,
                                   const std::string& needle) {
    std::string lower = to_lower(text);
    size_t line = 0, line_at = 0;  // line_at is on (0-based) `line`
    for (size_t at = lower.find(needle); at != std::string::npos; at = lower.find(needle, at + 1)) {
        size_t end = at + needle.size();
        bool starts = at == 0 || !is_word(lower[at - 1]) || !is_word(needle.front());
        bool ends = end == lower.size() || !is_word(lower[end]) || !is_word(needle.back());
        if (!starts || !ends) continue;
        for (; line_at < at; ++line_at)
            line += lower[line_at] == '\n';
        if (line >= hidden.size() || !hidden[line]) return at;
    }
    return std::nullopt;
}

// The 1-based line and column of a byte offset.
SourcePos position_in(const std::string& path, std::string_view text, size_t at) {
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < at && i < text.size(); ++i)
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    return {path, line, int(at - line_start) + 1};
}

void scrub_item(ActionItem& item) {
    item.owner.clear();
    item.ticket.clear();
    item.verified_by.clear();
    item.verify.clear();
    item.reason.clear();
    item.replanned.clear();
    item.last_reviewed.reset();
}

}  // namespace

Site public_site(const Site& site) {
    Site out;
    out.public_only = true;
    out.config = site.config;
    Config& config = out.config;
    const PublicConfig& pub = site.config.public_site;
    if (!pub.title.empty()) config.title = pub.title;
    if (!pub.description.empty()) config.description = pub.description;
    if (!pub.base_url.empty()) config.base_url = pub.base_url;
    config.tracker_url.clear();
    config.tracker_pattern.clear();
    config.tracker_snapshot.clear();
    config.repo_url.clear();
    config.edit_url.clear();
    config.policy.require_ticket = false;
    std::erase_if(config.fields, [](const FieldDef& def) { return def.internal; });

    std::set<std::string> ids, services;
    for (const auto& pm : site.postmortems)
        if (pm.is_public && pm.status == "published") ids.insert(pm.id);
    for (const auto& original : site.postmortems) {
        if (!ids.count(original.id)) continue;
        PostMortem pm = original;
        pm.authors.clear();
        pm.facilitator.clear();
        std::erase_if(pm.related, [&](const Reference& r) { return !ids.count(r.id); });
        std::erase_if(pm.fields, [&](const FieldValue& v) { return !config.field(v.key); });
        if (pub.hide_tags) pm.tags.clear();
        if (pub.hide_action_items) {
            pm.action_items.clear();
            pm.no_action_items_reason.clear();
        }
        for (auto& item : pm.action_items)
            scrub_item(item);
        services.insert(pm.services.begin(), pm.services.end());
        out.postmortems.push_back(std::move(pm));
    }
    for (const auto& s : site.services)
        if (services.count(s.id)) {
            Service kept = s;
            kept.team.clear();
            kept.tier = 0;
            out.services.push_back(std::move(kept));
        }
    for (const auto& pm : out.postmortems)
        if (auto it = site.last_changed.find(pm.pos.path); it != site.last_changed.end())
            out.last_changed.insert(*it);
    return out;
}

std::set<std::string> withheld_ids(const Site& site, const Site& public_version) {
    std::set<std::string> shown, withheld;
    for (const auto& pm : public_version.postmortems)
        shown.insert(pm.id);
    for (const auto& pm : site.postmortems) {
        if (shown.count(pm.id)) continue;
        withheld.insert(pm.id);
        for (const auto& alias : pm.aliases)
            if (alias.written.find('/') == std::string::npos) withheld.insert(alias.written);
    }
    return withheld;
}

std::vector<InternalString> internal_strings(const Site& site,
                                             const std::set<std::string>& withheld) {
    std::map<std::string, std::string> found;  // text → what, the first reason kept
    auto add = [&](const std::string& text, const char* what) {
        if (!trim(text).empty()) found.emplace(trim(text), what);
    };
    for (const auto& pm : site.postmortems) {
        for (const auto& author : pm.authors)
            add(author, "an author");
        for (const auto& person : pm.facilitator)
            add(person, "a facilitator");
        for (const auto& item : pm.action_items) {
            add(item.owner, "an action item's owner");
            add(item.verified_by, "the person who verified an action item");
            // A GitHub issue is a number, which is no secret on its own; as written, it is #123.
            bool number = !item.ticket.empty() &&
                          item.ticket.find_first_not_of("0123456789") == std::string::npos;
            add(number ? "#" + item.ticket : item.ticket, "a ticket key");
        }
    }
    for (const auto& id : withheld)
        add(id, "the id of a post-mortem the public build leaves out");
    std::vector<InternalString> out;
    for (auto& [text, what] : found)
        out.push_back({text, what});
    return out;
}

LeakCheck::LeakCheck(std::vector<InternalString> strings) {
    for (auto& s : strings) {
        std::string lower = to_lower(s.text);
        size_t key_at = 0;
        while (key_at < lower.size() && !is_word(lower[key_at]))
            ++key_at;
        if (key_at == lower.size()) continue;  // no word in it: nothing to look for
        m_needles.push_back({std::move(lower), key_at, std::move(s.what), std::move(s.text)});
    }
    for (size_t i = 0; i < m_needles.size(); ++i) {
        const std::string& lower = m_needles[i].lower;
        size_t start = m_needles[i].key_at, end = start;
        while (end < lower.size() && is_word(lower[end]))
            ++end;
        m_by_first_word[std::string_view(lower).substr(start, end - start)].push_back(i);
    }
}

void LeakCheck::add(const std::string& path, std::string_view bytes) {
    if (m_needles.empty()) return;
    std::string lower = to_lower(bytes);
    std::set<size_t> hits;
    for (size_t i = 0; i < lower.size();) {
        if (!is_word(lower[i])) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < lower.size() && is_word(lower[end]))
            ++end;
        if (auto it = m_by_first_word.find(std::string_view(lower).substr(i, end - i));
            it != m_by_first_word.end())
            for (size_t n : it->second) {
                const Needle& needle = m_needles[n];
                if (i < needle.key_at) continue;
                size_t at = i - needle.key_at, after = at + needle.lower.size();
                if (lower.compare(at, needle.lower.size(), needle.lower) != 0) continue;
                bool starts = at == 0 || !is_word(lower[at - 1]) || !is_word(lower[at]);
                bool ends =
                    after == lower.size() || !is_word(lower[after]) || !is_word(lower[after - 1]);
                if (starts && ends) hits.insert(n);
            }
        i = end;
    }
    if (hits.empty()) return;
    std::lock_guard lock(m_mutex);
    for (size_t n : hits)
        m_found[n].insert(path);
}

void LeakCheck::report(const Site& public_version, const std::filesystem::path& root,
                       DiagnosticSink& sink) const {
    std::map<std::string, const PostMortem*> by_page;
    for (const auto& pm : public_version.postmortems)
        by_page["postmortems/" + pm.id + "/index.html"] = &pm;
    for (const auto& [n, paths] : m_found) {
        const Needle& needle = m_needles[n];
        std::string message = "`" + needle.text + "` (" + needle.what +
                              ") would be published on the public site, in " + *paths.begin();
        if (paths.size() > 1)
            message += " and " + count_of(long(paths.size() - 1), "other file", "other files");
        // Written in a post-mortem whose page shows it: there, where to move it from.
        std::optional<SourcePos> written;
        for (const auto& path : paths) {
            auto it = by_page.find(path);
            if (written || it == by_page.end()) continue;
            const PostMortem& pm = *it->second;
            auto text = read_file(root / pm.pos.path);
            if (!text) continue;
            auto hidden = hidden_lines(*text, pm.body_line,
                                       public_version.config.public_site.internal_sections);
            if (auto at = find_written(*text, hidden, needle.lower))
                written = position_in(pm.pos.path, *text, *at);
        }
        if (written)
            sink.error(*written, message, "public.leak",
                       "the public build leaves people, tickets and internal post-mortems out of "
                       "what it generates, but not out of what is written: move this into an "
                       "```internal block or a section `public.internal_sections` names, or "
                       "reword it");
        else
            sink.error({"(generated) " + *paths.begin(), 0, 0}, message, "public.leak",
                       "no public post-mortem's file has it: it comes from hindsight.yaml "
                       "(`public:`, the services) or from a template of the theme");
    }
}

}  // namespace hs
