#include "content/loader.hpp"

#include "content/ticket_snapshot.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <numeric>
#include <string_view>
#include <type_traits>
#include <unordered_map>

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
    std::string path;   // as the walk reached it: the folder given, then names
    std::string shown;  // relative to the knowledge base, as diagnostics give it
    bool symlink = false;
    // Sorts as fs::path does, folder by folder, but compared as one string: `/` becomes NUL,
    // which sorts below every character a file name can hold.
    std::string key;
    bool operator<(const MarkdownFile& o) const { return key < o.key; }
};

// Adds every `.md` file in `folder` and the folders under it; hidden files and folders are
// skipped, and symlinked folders are not followed (they could loop). It reads the entries'
// types as readdir gives them: through std::filesystem, which makes a path of each entry's
// name, the walk was a quarter of serve's load at 10,000 post-mortems.
void walk_markdown(const std::string& folder, const std::string& shown,
                   std::vector<MarkdownFile>& files, DiagnosticSink& sink) {
    DIR* dir = ::opendir(folder.c_str());
    if (!dir) {
        sink.error({shown, 0, 0}, std::string("cannot read folder: ") + std::strerror(errno),
                   "file.read");
        return;
    }
    std::vector<std::pair<std::string, std::string>> folders;  // walked once this one is closed
    for (;;) {
        errno = 0;
        const dirent* entry = ::readdir(dir);
        if (!entry) {  // the end, or a folder that could not be read to its end
            if (errno != 0)
                sink.error({shown, 0, 0},
                           std::string("cannot read folder: ") + std::strerror(errno), "file.read");
            break;
        }
        std::string_view name = entry->d_name;
        if (name.empty() || name[0] == '.') continue;  // hidden, or `.` and `..`
        std::string path = folder + '/';
        path += name;
        std::string path_shown = shown + '/';
        path_shown += name;
        unsigned char type = entry->d_type;
        if (type == DT_UNKNOWN) {  // file systems that do not say: ask
            struct ::stat st {};
            if (::lstat(path.c_str(), &st) == 0)
                type = S_ISDIR(st.st_mode)   ? DT_DIR
                       : S_ISLNK(st.st_mode) ? DT_LNK
                       : S_ISREG(st.st_mode) ? DT_REG
                                             : DT_UNKNOWN;
        }
        if (type == DT_DIR) {
            folders.emplace_back(std::move(path), std::move(path_shown));
            continue;
        }
        if (!name.ends_with(".md")) continue;  // not hidden, so the name is more than ".md"
        bool link = type == DT_LNK;
        struct ::stat target {};
        if (link && (::stat(path.c_str(), &target) != 0 || !S_ISREG(target.st_mode))) {
            // A broken or looping link, or one to a folder: say so.
            sink.error({std::move(path_shown), 0, 0}, "symlink leads nowhere (or in a loop)",
                       "file.symlink", "point it at a file inside content/, or remove it");
            continue;
        }
        if (type != DT_REG && !link) continue;  // a pipe or a device
        std::string key = path_shown;
        std::replace(key.begin(), key.end(), '/', '\0');
        files.push_back({std::move(path), std::move(path_shown), link, std::move(key)});
    }
    ::closedir(dir);
    for (const auto& [path, path_shown] : folders)
        walk_markdown(path, path_shown, files, sink);
}

// Every `.md` file under `dir`, sorted.
std::vector<MarkdownFile> find_markdown(const fs::path& root, const fs::path& dir,
                                        DiagnosticSink& sink) {
    std::vector<MarkdownFile> files;
    walk_markdown(dir.native(), display(root, dir), files, sink);
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

// Files come in the order of their paths: the first to use an id keeps it.
void check_unique_ids(const std::vector<const PostMortem*>& postmortems, DiagnosticSink& sink) {
    // Keyed case-insensitively: PM-1 and pm-1 would be one folder on macOS or Windows.
    std::unordered_map<std::string, const PostMortem*> first;
    first.reserve(postmortems.size());
    for (const PostMortem* p : postmortems) {
        const PostMortem& pm = *p;
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

struct LastLoad {
    std::vector<MarkdownFile> files;
    std::vector<std::shared_ptr<const ParsedFile>> kept;  // by file; null if it was not read
    Digest vocabulary;
    bool fenced = false;
};

namespace {

// The files of the last load whose parse stands, by index into `files`, when a change log says
// what changed since and the files are those it found: none new, none gone, none moved. Empty
// if that cannot be said.
std::vector<char> unchanged_since_last(const std::vector<MarkdownFile>& files,
                                       const std::optional<std::set<std::string>>& changed,
                                       const LastLoad* last, const Digest& vocabulary,
                                       bool fenced) {
    if (!changed || !last || last->vocabulary != vocabulary || last->fenced != fenced ||
        last->files.size() != files.size())
        return {};
    for (size_t i = 0; i < files.size(); ++i) {
        const MarkdownFile& a = files[i];
        const MarkdownFile& b = last->files[i];
        if (a.path != b.path || a.shown != b.shown || a.symlink != b.symlink) return {};
    }
    std::vector<char> same(files.size(), 1);
    std::unordered_map<std::string_view, size_t> by_shown;
    if (!changed->empty()) {
        by_shown.reserve(files.size());
        for (size_t i = 0; i < files.size(); ++i)
            by_shown.emplace(files[i].shown, i);
    }
    for (const auto& path : *changed) {
        if (auto it = by_shown.find(path); it != by_shown.end()) {
            same[it->second] = 0;
            continue;
        }
        // A Markdown file the walk would have found, yet did not: it came and went between
        // the loads, or its path is spelled otherwise than the walk's. Check every file.
        std::string_view name = std::string_view(path).substr(path.rfind('/') + 1);
        if (path.ends_with(".md") && !name.starts_with('.') &&
            path.rfind(std::string(k_postmortems_dir) + "/", 0) == 0 &&
            path.find("/.") == std::string::npos)
            return {};
    }
    for (size_t i = 0; i < files.size(); ++i)
        if (files[i].symlink || !fenced || !last->kept[i]) same[i] = 0;  // read again, as before
    return same;
}

std::vector<PostMortem> load_postmortems(const fs::path& root, const Vocabulary& vocabulary,
                                         unsigned jobs, DiagnosticSink& sink, ParseMemo* memo) {
    fs::path dir = root / k_postmortems_dir;
    std::error_code ec;
    // What changed since the last load, if the memo is told; taken now, whatever comes next.
    auto changed = memo ? memo->changes.take() : std::nullopt;
    auto last = memo ? std::exchange(memo->last, nullptr) : nullptr;
    if (!fs::is_directory(dir, ec)) return {};  // a new knowledge base: an empty site, not an error
    auto files = find_markdown(root, dir, sink);
    bool fenced = really_inside(dir, root, "content");
    // Events name files by the folders watched: trusted only when the walk reads those same
    // folders (not through a symlinked content/ or content/postmortems/).
    if (changed) {
        std::error_code e1, e2;
        if (fs::canonical(dir, e1) != fs::canonical(root, e2) / k_postmortems_dir || e1 || e2)
            changed.reset();
    }
    // Parsed here (no memo), or kept in the memo; either way in the order of the files.
    std::vector<std::optional<PostMortem>> parsed(memo ? 0 : files.size());
    std::vector<std::shared_ptr<const ParsedFile>> kept_files(files.size());
    Digest vocabulary_key = memo ? digest_of(vocabulary) : Digest{};
    const std::vector<char> same =
        unchanged_since_last(files, changed, last.get(), vocabulary_key, fenced);
    int64_t settled_before = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 (std::chrono::system_clock::now() - k_settled).time_since_epoch())
                                 .count();
    parallel_for(files.size(), jobs, [&](size_t i) {
        const fs::path path = files[i].path;
        const std::string& shown = files[i].shown;
        if (!same.empty() && same[i]) {  // no event since the last load read it
            kept_files[i] = last->kept[i];
            sink.add_all(kept_files[i]->problems);
            return;
        }
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
                        sink.add_all(kept->problems);
                        kept_files[i] = std::move(kept);
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
        sink.add_all(kept->problems);
        kept_files[i] = std::move(kept);
    });
    // Files taken as they were are not looked up: their entries stay, as they must (the files
    // are the same). Otherwise what was not looked up is gone.
    if (memo && same.empty()) {
        memo->parsed.sweep();
        memo->stamps.sweep();
    }
    std::vector<size_t> loaded;               // the files that gave a post-mortem
    std::vector<const PostMortem*> in_order;  // theirs, in the order of the files
    for (size_t i = 0; i < files.size(); ++i) {
        const auto* pm = kept_files[i] ? &kept_files[i]->parsed : memo ? nullptr : &parsed[i];
        if (!pm || !*pm) continue;  // unreadable, or with errors
        loaded.push_back(i);
        in_order.push_back(&**pm);
    }
    check_unique_ids(in_order, sink);

    // Newest first, then by id; each post-mortem is then put in its place once: copied from the
    // memo (on every thread; into a list given back, only where it differs), or moved if parsed
    // here.
    std::vector<size_t> order(loaded.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const PostMortem& x = *in_order[a];
        const PostMortem& y = *in_order[b];
        if (x.date.instant != y.date.instant) return x.date.instant > y.date.instant;
        return x.id < y.id;
    });
    if (memo && memo->changes.watched())
        memo->last = std::make_shared<const LastLoad>(
            LastLoad{std::move(files), kept_files, vocabulary_key, fenced});
    std::vector<PostMortem> out = memo ? memo->take_spare() : std::vector<PostMortem>();
    out.resize(loaded.size());
    parallel_for(out.size(), jobs, [&](size_t k) {
        size_t i = loaded[order[k]];
        if (!kept_files[i])
            out[k] = std::move(*parsed[i]);
        else if (const PostMortem& kept = *kept_files[i]->parsed; !(out[k] == kept))
            out[k] = kept;
    });
    return out;
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

void ChangeLog::changed(const fs::path& root, const fs::path& path) {
    if (m_files) m_files->insert(display(root, path));
}

void ChangeLog::changed(const fs::path& root, const std::set<fs::path>& paths, bool unknown) {
    if (unknown) this->unknown();
    for (const auto& path : paths)
        changed(root, path);
}

std::optional<std::set<std::string>> ChangeLog::take() {
    if (!m_watched) return std::nullopt;
    return std::exchange(m_files, std::set<std::string>());
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
    site.postmortems = load_postmortems(root, vocabulary, jobs, sink, memo);  // sorted
    return site;
}

}  // namespace hs
