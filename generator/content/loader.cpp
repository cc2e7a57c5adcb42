#include "content/loader.hpp"

#include "content/ticket_snapshot.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <string_view>
#include <type_traits>

#include "content/config_parser.hpp"
#include "content/postmortem_parser.hpp"
#include "util/files.hpp"
#include "util/parallel.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

const char* const k_config_file = "hindsight.yaml";
const char* const k_services_file = "content/services.yaml";
const char* const k_postmortems_dir = "content/postmortems";

std::string display(const fs::path& root, const fs::path& p) {
    return p.lexically_relative(root).generic_string();
}

// The file's bytes, if it really lies inside `fence` once every symlink on its way is resolved:
// the build reads nothing outside the knowledge base, whatever links point where.
std::optional<std::string> read_inside(const fs::path& root, const fs::path& path,
                                       const fs::path& fence, DiagnosticSink& sink) {
    FencedRead read = read_fenced(path, root, fence.lexically_relative(root));
    if (read.outside) {
        sink.error(
            {display(root, path), 0, 0},
            "leads outside " + (fence == root ? "the knowledge base" : display(root, fence)) +
                " through a symlink (to " + read.real.string() + ")",
            "file.symlink",
            "copy the file into the knowledge base instead; the build reads nothing outside it");
        return std::nullopt;
    }
    if (!read.bytes && !read.real.empty())
        sink.error({display(root, path), 0, 0}, "cannot read the file", "file.read");
    return read.bytes;
}

struct MarkdownFile {
    fs::path path;
    std::string shown;  // relative to the knowledge base, as diagnostics give it
    bool symlink = false;
    // Sorts as fs::path does, folder by folder, but compared as one string: `/` becomes NUL,
    // which sorts below every character a file name can hold.
    std::string key;
    bool operator<(const MarkdownFile& o) const { return key < o.key; }
};

// Every `.md` file under `dir`, sorted; hidden files and folders are skipped, and symlinked
// folders are not followed (they could loop).
std::vector<MarkdownFile> find_markdown(const fs::path& root, const fs::path& dir,
                                        DiagnosticSink& sink) {
    std::vector<MarkdownFile> files;
    // The walk gives `dir` + "/" + the rest, so a file's shown path is dir's and the rest. Names
    // are looked at as strings: a path made for each entry's name and extension was a tenth of
    // serve's load at 10,000 post-mortems.
    const std::string& prefix = dir.native();
    std::string dir_shown = display(root, dir);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        const fs::path& p = it->path();
        std::string_view full = p.native();
        std::string_view name = full.substr(full.rfind('/') + 1);  // npos + 1 is 0
        // Every check with an error code: a symlink loop must be reported, not thrown.
        std::error_code entry;
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory(entry)) it.disable_recursion_pending();
            continue;
        }
        if (!name.ends_with(".md")) continue;  // not hidden, so the name is more than ".md"
        bool walked =
            full.size() > prefix.size() && full.starts_with(prefix) && full[prefix.size()] == '/';
        std::string shown =
            walked ? dir_shown + std::string(full.substr(prefix.size())) : display(root, p);
        if (it->is_regular_file(entry)) {
            std::string key(full);
            std::replace(key.begin(), key.end(), '/', '\0');
            files.push_back({p, std::move(shown), it->is_symlink(entry), std::move(key)});
        } else if (it->is_symlink(entry))  // broken or looping link: say so
            sink.error({std::move(shown), 0, 0}, "symlink leads nowhere (or in a loop)",
                       "file.symlink", "point it at a file inside content/, or remove it");
    }
    if (ec)
        sink.error({display(root, dir), 0, 0}, "cannot read folder: " + ec.message(), "file.read");
    std::sort(files.begin(), files.end());
    return files;
}

Digest digest_of(const Vocabulary& vocabulary) {
    Hasher h;
    for (const auto* list :
         {&vocabulary.severities, &vocabulary.categories, &vocabulary.services}) {
        h.add(std::to_string(list->size()));
        for (const auto& word : *list)
            h.add(word);
    }
    for (const auto& def : vocabulary.fields) {
        h.add(def.key).add(def.type).add(def.required ? "required" : "optional");
        h.add(std::to_string(def.values.size()));
        for (const auto& v : def.values)
            h.add(v);
    }
    return h.finish();
}

// True if `dir`, every symlink resolved, lies inside `area` of `root` (the fence read_fenced
// draws: the root's real location joined with `area` as written, so a symlinked content/ leads
// outside it). Then a file the walk found in `dir`, which is no symlink itself, lies inside too:
// the walk follows no symlinked folder.
bool really_inside(const fs::path& dir, const fs::path& root, const fs::path& area) {
    std::error_code ec;
    fs::path real_dir = fs::canonical(dir, ec);
    if (ec) return false;
    fs::path real_root = fs::canonical(root, ec);
    return !ec && path_inside(real_dir, real_root / area);
}

// How long ago a file must have been written before its stamp is trusted to stand for its bytes
// (git's "racy" rule): a second write in the timestamp tick of the one we read would leave the
// stamp as it was. Coarse file systems (FAT, some network mounts) tick in seconds. A write that
// sets an old mtime again (touch -d, cp -p) still changes the ctime, which is in the stamp.
constexpr auto k_settled = std::chrono::seconds(2);

std::vector<PostMortem> load_postmortems(const fs::path& root, const Vocabulary& vocabulary,
                                         unsigned jobs, DiagnosticSink& sink, ParseMemo* memo) {
    fs::path dir = root / k_postmortems_dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return {};  // a new knowledge base: an empty site, not an error
    auto files = find_markdown(root, dir, sink);
    bool fenced = really_inside(dir, root, "content");
    std::vector<std::optional<PostMortem>> parsed(files.size());
    Digest vocabulary_key = memo ? digest_of(vocabulary) : Digest{};
    int64_t settled_before = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 (std::chrono::system_clock::now() - k_settled).time_since_epoch())
                                 .count();
    parallel_for(files.size(), jobs, [&](size_t i) {
        const fs::path& path = files[i].path;
        const std::string& shown = files[i].shown;
        // The plain case, a file in a folder inside content/: read without resolving its path,
        // and with a memo, not at all if its stamp is one the memo has seen.
        bool plain = fenced && !files[i].symlink;
        std::optional<FileStamp> stamp;
        Digest stamp_key;
        if (plain && memo) {
            stamp = stamp_file(path);
            if (stamp) {
                static_assert(std::has_unique_object_representations_v<FileStamp>);
                stamp_key = Hasher()
                                .add(std::string_view(reinterpret_cast<const char*>(&*stamp),
                                                      sizeof *stamp))
                                .finish();
                if (auto key = memo->stamps.find(shown, stamp_key)) {
                    if (auto kept = memo->parsed.find(
                            shown, Hasher().add(*key).add(vocabulary_key).finish())) {
                        parsed[i] = kept->parsed;
                        sink.add_all(kept->problems);
                        return;
                    }
                }
            }
        }
        std::optional<std::string> text;
        if (plain) {
            auto read = read_file_no_follow(path);
            if (read) {
                if (stamp && read->stamp != *stamp) stamp.reset();  // changed meanwhile
                text = std::move(read->bytes);
            } else {
                text = read_inside(root, path, root / "content", sink);  // says what is wrong
            }
        } else {
            text = read_inside(root, path, root / "content", sink);
        }
        if (!text) return;
        if (!memo) {
            parsed[i] = parse_postmortem(shown, *text, vocabulary, sink);
            return;
        }
        Digest text_key = Hasher().add(*text).finish();
        if (stamp && stamp->modified_ns < settled_before)
            memo->stamps.put(shown, stamp_key, text_key);
        Digest key = Hasher().add(text_key).add(vocabulary_key).finish();
        auto kept = memo->parsed.find(shown, key);
        if (!kept) {
            DiagnosticSink own;
            auto pm = parse_postmortem(shown, *text, vocabulary, own);
            kept = memo->parsed.put(shown, key, {std::move(pm), own.sorted()});
        }
        parsed[i] = kept->parsed;
        sink.add_all(kept->problems);
    });
    if (memo) {
        memo->parsed.sweep();
        memo->stamps.sweep();
    }
    std::vector<PostMortem> out;
    out.reserve(size_t(std::count_if(parsed.begin(), parsed.end(),
                                     [](const auto& pm) { return pm.has_value(); })));
    for (auto& pm : parsed)
        if (pm) out.push_back(std::move(*pm));
    return out;
}

void check_unique_ids(const std::vector<PostMortem>& postmortems, DiagnosticSink& sink) {
    // Keyed case-insensitively: PM-1 and pm-1 would be one folder on macOS or Windows.
    std::map<std::string, const PostMortem*> first;  // files come sorted by path
    for (const auto& pm : postmortems) {
        if (pm.id.empty()) continue;  // its own error is reported already
        auto [it, inserted] = first.emplace(to_lower(pm.id), &pm);
        if (inserted) continue;
        sink.error(
            pm.id_pos,
            "duplicate id `" + pm.id + "`: " + format_position(it->second->id_pos) + " uses " +
                (it->second->id == pm.id ? std::string("it") : "`" + it->second->id + "`") + " too",
            "schema.duplicate-id", "give one of the two post-mortems a new id");
    }
}

}  // namespace

Config load_config(const fs::path& root, DiagnosticSink& sink) {
    Config config;
    if (!fs::is_directory(root)) {
        sink.error({}, "the knowledge base folder " + root.string() + " does not exist",
                   "config.missing", "pass the folder that holds hindsight.yaml with -C DIR");
        return config;
    }
    auto text = read_inside(root, root / k_config_file, root, sink);
    if (!text) {
        if (!fs::exists(root / k_config_file))
            sink.error({k_config_file, 0, 0}, "no hindsight.yaml in " + root.string(),
                       "config.missing",
                       "run hindsight in the knowledge base's root, or pass it with -C DIR");
        return config;
    }
    parse_config(k_config_file, *text, config, sink);
    return config;
}

std::optional<TicketSnapshot> load_tickets(const fs::path& root,
                                           const std::optional<fs::path>& given,
                                           const Config& config, DiagnosticSink& sink) {
    if (!given && config.tracker_snapshot.empty()) return std::nullopt;
    std::optional<std::string> text;
    std::string shown;
    if (given) {  // from the command line: a path as the user typed it
        shown = given->string();
        text = read_file(*given);
    } else {  // from the config: a file of the knowledge base
        shown = config.tracker_snapshot;
        text = read_inside(root, root / config.tracker_snapshot, root, sink);
    }
    if (!text) {
        // Asked for on the command line, a missing snapshot is an error; named in the config it
        // may simply not be fetched yet (CI writes it), so drift is not checked and we say so.
        std::string why = "cannot read the tracker snapshot " + shown;
        std::string hint =
            "write it first, e.g. `gh issue list --state all --limit 10000 --json "
            "number,state,closedAt,url > " +
            shown + "`";
        if (given)
            sink.error({shown, 0, 0}, why, "tickets.missing", hint);
        else if (!fs::exists(root / config.tracker_snapshot))
            sink.warning(config.tracker_snapshot_pos, why + "; tracker drift is not checked",
                         "tickets.missing", hint);
        return std::nullopt;
    }
    return parse_ticket_snapshot(shown, *text, sink);
}

Site load_content(const fs::path& root, Config config, unsigned jobs, DiagnosticSink& sink,
                  ParseMemo* memo) {
    Site site;
    site.config = std::move(config);
    if (auto text = read_inside(root, root / k_services_file, root / "content", sink))
        site.services = parse_services(k_services_file, *text, sink);
    else if (!fs::exists(root / k_services_file))
        sink.error(
            {k_services_file, 0, 0}, "no service registry", "file.missing",
            "list the services in content/services.yaml: `- { id: api, name: API, team: web }`");

    Vocabulary vocabulary{site.config.severities, site.config.categories, {}, site.config.fields};
    for (const auto& s : site.services)
        vocabulary.services.push_back(s.id);
    site.postmortems = load_postmortems(root, vocabulary, jobs, sink, memo);
    check_unique_ids(site.postmortems, sink);

    // Sorted by index, then moved once: a post-mortem is too big to move at every step of a sort.
    const auto& loaded = site.postmortems;
    std::vector<size_t> order(loaded.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (loaded[a].date.instant != loaded[b].date.instant)
            return loaded[a].date.instant > loaded[b].date.instant;
        return loaded[a].id < loaded[b].id;
    });
    std::vector<PostMortem> sorted;
    sorted.reserve(order.size());
    for (size_t i : order)
        sorted.push_back(std::move(site.postmortems[i]));
    site.postmortems = std::move(sorted);
    return site;
}

}  // namespace hs
