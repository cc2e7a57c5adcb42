#include "pipeline/public_site.hpp"

#include <algorithm>
#include <cstdlib>

#include "search/unicode.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

// A letter or digit of ASCII: a name next to a curly quote, a dash or an accented letter's
// bytes still starts and ends there.
bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The lower case of a Latin letter of two bytes in UTF-8 (U+00C0 to U+017F), which is two
// bytes as well.
unsigned lower_latin(unsigned cp) {
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
    if (cp == 0x130) return cp;  // İ lowers to a one-byte i
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp | 1;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return cp + (cp % 2);
    if (cp == 0x178) return 0xFF;  // Ÿ
    return cp;
}

// Lower case for ASCII and the Latin letters of two bytes (Ó → ó, Ł → ł), every byte kept
// where it was.
std::string fold(std::string_view text) {
    std::string out(text);
    for (size_t i = 0; i < out.size(); ++i) {
        auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = char(c + 32);
        } else if (c >= 0xC3 && c <= 0xC5 && i + 1 < out.size()) {
            unsigned cp =
                lower_latin(((c & 0x1Fu) << 6) | (static_cast<unsigned char>(out[i + 1]) & 0x3Fu));
            out[i] = char(0xC0 | (cp >> 6));
            out[i + 1] = char(0x80 | (cp & 0x3F));
            ++i;
        }
    }
    return out;
}

// The bytes of a space between words: spaces, tabs, line breaks, a no-break space.
size_t space_at(std::string_view text, size_t at) {
    if (at >= text.size()) return 0;
    char c = text[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    if (c == '\xC2' && at + 1 < text.size() && text[at + 1] == '\xA0') return 2;
    return 0;
}

// Folded, with every run of spaces one space.
std::string normalize(std::string_view text) {
    std::string folded = fold(trim(text)), out;
    for (size_t i = 0; i < folded.size();) {
        if (space_at(folded, i)) {
            while (size_t n = space_at(folded, i))
                i += n;
            out += ' ';
        } else {
            out += folded[i++];
        }
    }
    return out;
}

// Where `needle` (normalized) matched at `at` in folded `text` ends, a space in it matching any
// run of spaces; npos if it does not match there as whole words.
size_t match_at(std::string_view text, size_t at, std::string_view needle) {
    if (at > 0 && is_word(text[at - 1]) && is_word(needle.front())) return std::string::npos;
    size_t i = at;
    for (char c : needle) {
        if (c == ' ') {
            size_t start = i;
            while (size_t n = space_at(text, i))
                i += n;
            if (i == start) return std::string::npos;
        } else if (i < text.size() && text[i] == c) {
            ++i;
        } else {
            return std::string::npos;
        }
    }
    if (i < text.size() && is_word(text[i]) && is_word(needle.back())) return std::string::npos;
    return i;
}

// The text a reader sees in HTML or XML: tags left out (so `priya.<strong>raman</strong>`
// reads priya.raman) and character references decoded (`O&#39;Brien` reads O'Brien).
std::string text_view(std::string_view markup) {
    std::string out;
    out.reserve(markup.size());
    for (size_t i = 0; i < markup.size();) {
        char c = markup[i];
        if (c == '<') {
            size_t end = markup.find('>', i);
            if (end == std::string_view::npos) break;
            i = end + 1;
            continue;
        }
        size_t end = c == '&' ? markup.find(';', i) : std::string_view::npos;
        if (end != std::string_view::npos && end - i <= 10) {
            std::string_view name = markup.substr(i + 1, end - i - 1);
            static const std::map<std::string_view, char> k_named = {
                {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
            if (auto it = k_named.find(name); it != k_named.end()) {
                out += it->second;
            } else if (name == "nbsp") {
                out += ' ';
            } else if (name.size() > 1 && name[0] == '#') {
                bool hex = name[1] == 'x' || name[1] == 'X';
                unsigned long cp = std::strtoul(std::string(name.substr(hex ? 2 : 1)).c_str(),
                                                nullptr, hex ? 16 : 10);
                search::append_utf8(out, cp <= 0x10FFFF ? char32_t(cp) : U' ');
            } else {
                out.append(markup.substr(i, end + 1 - i));
            }
            i = end + 1;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

bool is_markup(const std::string& path) {
    static const std::set<std::string> k_markup = {".html", ".xml", ".svg"};
    return k_markup.count(std::filesystem::path(path).extension().string()) > 0;
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
    bool left_out_list = false;  // in the front matter, under `authors:` and the like
    std::string previous;        // the body's line before, folded and trimmed
    int number = 0;
    for (size_t start = 0; start <= text.size();) {
        size_t end = std::min(text.find('\n', start), text.size());
        std::string line = to_lower(trim(text.substr(start, end - start)));
        start = end + 1;
        ++number;
        if (number < body_line) {
            std::string entry = starts_with(line, "- ") ? trim(line.substr(2)) : line;
            size_t colon = entry.find(':');
            bool has_key = colon != std::string::npos &&
                           entry.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == colon;
            if (has_key)
                left_out_list = std::find(k_left_out.begin(), k_left_out.end(),
                                          entry.substr(0, colon + 1)) != k_left_out.end();
            hidden.push_back(left_out_list);
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
            previous.clear();  // code is no heading's text
            continue;
        }
        if (is_fence) {
            fence = line.substr(0, run);
            internal_block = starts_with(trim(line.substr(run)), "internal");
        } else if (starts_with(line, "# ") || starts_with(line, "## ")) {
            internal_section = sections.count(trim(line.substr(line.find(' ')))) > 0;
        } else if (!line.empty() && line.find_first_not_of(line[0]) == std::string::npos &&
                   (line[0] == '=' || line[0] == '-') && !previous.empty()) {
            // A setext heading: `Response` over `---` (or `===`) starts a section too.
            internal_section = sections.count(previous) > 0;
            hidden.back() = internal_block || internal_section;
        }
        hidden.push_back(internal_block || internal_section);
        previous = line;
    }
    return hidden;
}

// Where `needle` (normalized) is written in a post-mortem's file, in a place its public page
// shows; nullopt if only in places it leaves out, or not as written.
std::optional<size_t> find_written(std::string_view text, const std::vector<bool>& hidden,
                                   const std::string& needle) {
    std::string folded = fold(text);
    size_t line = 0, line_at = 0;  // line_at is on (0-based) `line`
    for (size_t at = 0; at < folded.size(); ++at) {
        if (folded[at] != needle.front() || match_at(folded, at, needle) == std::string::npos)
            continue;
        for (; line_at < at; ++line_at)
            line += folded[line_at] == '\n';
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
        // An earlier id, as written or as the path of its page (`/postmortems/PM-42/`).
        for (const auto& alias : pm.aliases) {
            std::string_view written = alias.written;
            while (!written.empty() && written.back() == '/')
                written.remove_suffix(1);
            if (written.find('/') == std::string_view::npos)
                withheld.insert(std::string(written));
            else if (const std::string_view dir = "/postmortems/";
                     starts_with(written, dir) && written.size() > dir.size() &&
                     written.find('/', dir.size()) == std::string_view::npos)
                withheld.insert(std::string(written.substr(dir.size())));
        }
    }
    return withheld;
}

std::vector<InternalString> internal_strings(const Site& site,
                                             const std::set<std::string>& withheld) {
    std::map<std::string, std::string> found;  // text → what, the first reason kept
    auto add = [&](const std::string& text, const char* what) {
        if (!trim(text).empty()) found.emplace(trim(text), what);
    };
    // A person as written, and the forms a text would use: `Priya Raman <priya@corp.example>`
    // and `Priya Raman (SRE)` are also Priya Raman and priya@corp.example, `@priya` is priya.
    // A name of letters only (`max`, `will`) is not looked for: it is an ordinary word too.
    auto add_person = [&](const std::string& written, const char* what) {
        std::vector<std::string> forms{trim(written)};
        if (size_t lt = forms[0].find('<'); lt != std::string::npos) {
            if (size_t gt = forms[0].find('>', lt); gt != std::string::npos)
                forms.push_back(trim(forms[0].substr(lt + 1, gt - lt - 1)));
            forms.push_back(trim(forms[0].substr(0, lt)));
        }
        if (size_t paren = forms[0].find('('); paren != std::string::npos)
            forms.push_back(trim(forms[0].substr(0, paren)));
        for (size_t i = 0, n = forms.size(); i < n; ++i)
            if (starts_with(forms[i], "@")) forms.push_back(forms[i].substr(1));
        for (const auto& form : forms) {
            bool letters_only = std::all_of(form.begin(), form.end(), [](char c) {
                return !is_word(c) ? static_cast<unsigned char>(c) >= 0x80
                                   : (c < '0' || c > '9') && c != '_';
            });
            if (!letters_only) add(form, what);
        }
    };
    for (const auto& pm : site.postmortems) {
        for (const auto& author : pm.authors)
            add_person(author, "an author");
        for (const auto& person : pm.facilitator)
            add_person(person, "a facilitator");
        for (const auto& item : pm.action_items) {
            add_person(item.owner, "an action item's owner");
            add_person(item.verified_by, "the person who verified an action item");
            // A GitHub issue is a number, and numbers are everywhere (`#39` is also how HTML
            // writes an apostrophe): only keys with letters are looked for.
            if (item.ticket.find_first_not_of("#0123456789") != std::string::npos)
                add(item.ticket, "a ticket key");
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
        std::string needle = normalize(s.text);
        size_t key_at = 0;
        while (key_at < needle.size() && !is_word(needle[key_at]))
            ++key_at;
        if (key_at == needle.size()) continue;  // no word in it: nothing to look for
        m_needles.push_back({std::move(needle), key_at, std::move(s.what), std::move(s.text)});
    }
    for (size_t i = 0; i < m_needles.size(); ++i) {
        const std::string& needle = m_needles[i].lower;
        size_t start = m_needles[i].key_at, end = start;
        while (end < needle.size() && is_word(needle[end]))
            ++end;
        m_by_first_word[std::string_view(needle).substr(start, end - start)].push_back(i);
    }
}

void LeakCheck::scan(std::string_view folded, std::set<size_t>& hits) const {
    for (size_t i = 0; i < folded.size();) {
        if (!is_word(folded[i])) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < folded.size() && is_word(folded[end]))
            ++end;
        if (auto it = m_by_first_word.find(folded.substr(i, end - i)); it != m_by_first_word.end())
            for (size_t n : it->second) {
                const Needle& needle = m_needles[n];
                if (i >= needle.key_at &&
                    match_at(folded, i - needle.key_at, needle.lower) != std::string::npos)
                    hits.insert(n);
            }
        i = end;
    }
}

void LeakCheck::add(const std::string& path, std::string_view bytes) {
    if (m_needles.empty()) return;
    std::set<size_t> hits;
    scan(fold(bytes), hits);
    if (is_markup(path)) scan(fold(text_view(bytes)), hits);
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
        const PostMortem* shown_by = nullptr;
        for (const auto& path : paths) {
            auto it = by_page.find(path);
            if (written || it == by_page.end()) continue;
            const PostMortem& pm = *it->second;
            if (!shown_by) shown_by = &pm;
            auto text = read_file(root / pm.pos.path.str());
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
        else if (shown_by)
            sink.error(shown_by->pos, message, "public.leak",
                       "written in a way that cannot be pointed at (split by markup or across "
                       "lines, or in a footnote or an attachment): search the file for it, then "
                       "move it into an ```internal block or reword it");
        else
            sink.error({"(generated) " + *paths.begin(), 0, 0}, message, "public.leak",
                       "no public post-mortem's page shows it: it comes from hindsight.yaml "
                       "(`public:`, the services), an attachment, or a template of the theme");
    }
}

}  // namespace hs
