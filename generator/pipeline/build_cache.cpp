#include "pipeline/build_cache.hpp"

#include <link.h>
#include <sys/stat.h>
#include <cereal/types/map.hpp>

#include <atomic>
#include <cstring>

#include <algorithm>
#include <set>

#include "content/git_history.hpp"
#include "content/loader.hpp"
#include "pipeline/archive.hpp"
#include "util/files.hpp"
#include "util/parallel.hpp"

namespace hs {
namespace {

constexpr int k_format = 4;  // of the record; a different one is a miss
constexpr ArchiveKind k_record{"hindsight build record", k_format};
constexpr ArchiveKind k_stamps{"hindsight input stamps", 1};

// How long ago a file must have changed before its stamp stands for its bytes (git's "racy"
// rule): a second write in the timestamp tick of the one read would leave the stamp as it was.
// Coarse file systems tick in seconds. Both times count: `touch -d` sets an old mtime, never an
// old ctime.
constexpr std::int64_t k_settled_ns = 2'000'000'000;

// A value that may be missing, never equal to one that is present.
std::string maybe(const std::optional<std::string>& value) {
    return value ? "=" + *value : std::string("absent");
}

// A post-mortem's own file: what only its pages, and the pages that list it, show.
bool is_postmortem_file(std::string_view rel) {
    return rel.starts_with("content/postmortems/") && rel.ends_with(".md");
}

// Every file and symlink under `dir`, by path relative to `root`, sorted, into `all`; into
// `site` too unless it is a post-mortem's file. Symlinks are taken as their target's name,
// never followed: the build reads nothing outside the knowledge base, and neither does its
// cache. A file whose settled stamp `known` has is not read; the others are read and hashed on
// `jobs` threads. Into `seen`, every settled stamp and its digest.
void add_tree(Hasher& all, Hasher& site, const fs::path& root, const fs::path& dir, unsigned jobs,
              const InputStamps* known, InputDigests& seen) {
    // Paths as strings, the walk's file types (from the directory itself: no call per file),
    // sorted by their bytes: std::filesystem's paths compare and split component by component,
    // which at 10,000 files cost more than the rest of a build's check of its inputs.
    struct Entry {
        std::string path, rel;
        fs::file_type type = fs::file_type::none;
        const char* kind = "";  // "" for neither a file, a link nor a folder
        Digest value;
        std::optional<FileStamp> settled;  // a file's, if it was settled when read
        bool read = false;
    };
    std::vector<Entry> out;
    const std::string prefix = root.native().ends_with('/') ? root.native() : root.native() + "/";
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        Entry entry;
        entry.path = it->path().native();
        entry.rel = entry.path.starts_with(prefix)
                        ? entry.path.substr(prefix.size())
                        : it->path().lexically_relative(root).generic_string();
        std::error_code e;
        entry.type = it->is_symlink(e)        ? fs::file_type::symlink
                     : it->is_regular_file(e) ? fs::file_type::regular
                     : it->is_directory(e)    ? fs::file_type::directory
                                              : fs::file_type::none;
        out.push_back(std::move(entry));
    }
    if (ec) {
        all.add("unreadable:" + dir.string());
        site.add("unreadable:" + dir.string());
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.rel < b.rel; });
    const std::int64_t settled_before = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count() -
                                        k_settled_ns;
    parallel_for(out.size(), jobs, [&](size_t i) {
        Entry& entry = out[i];
        std::error_code e;
        if (entry.type == fs::file_type::symlink) {
            entry.kind = "link:";
            entry.value = digest(fs::read_symlink(entry.path, e).string());
        } else if (entry.type == fs::file_type::regular) {
            entry.kind = "file:";
            if (auto stamp = known ? stamp_file(entry.path) : std::nullopt; stamp)
                if (auto it = known->files.find(entry.rel);
                    it != known->files.end() && it->second.first == *stamp) {
                    entry.value = it->second.second;
                    entry.settled = stamp;
                    return;
                }
            entry.read = true;
            auto bytes = read_file_no_follow(entry.path);
            entry.value = bytes ? Hasher().add("=").add(bytes->bytes).finish() : digest("absent");
            if (bytes && bytes->stamp.modified_ns < settled_before &&
                bytes->stamp.changed_ns < settled_before)
                entry.settled = bytes->stamp;
        } else if (entry.type == fs::file_type::directory) {
            entry.kind = "dir:";
        }
    });
    for (auto& entry : out) {
        if (!*entry.kind) continue;
        std::string name = entry.kind + entry.rel;
        all.add(name).add(entry.value);
        if (!is_postmortem_file(entry.rel)) site.add(name).add(entry.value);
        seen.read += entry.read;
        if (entry.settled)
            seen.stamps.files.emplace(std::move(entry.rel), std::pair{*entry.settled, entry.value});
    }
}

bool stat_of(const fs::path& path, std::int64_t& size, std::int64_t& mtime) {
    struct ::stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    size = st.st_size;
    mtime = std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return true;
}

}  // namespace

// A file of the last build, as a record holds it.
template <class Archive>
void serialize(Archive& ar, RecordedFile& f) {
    ar(f.size, f.mtime, f.key, f.ids);
}

namespace {

// A record: the build's key, its exit status and as-of day, then the files it left, then the
// stale findings and the problems it reported. Its key is its first line: a build after an edit
// reads that line alone to know the record is not for it.
struct Record {
    int status = 0;
    Days as_of{};
    std::string stale_policy;
    std::vector<std::pair<std::string, RecordedFile>> outputs;
};
template <class Archive>
void serialize(Archive& ar, Record& r) {
    ar(r.status, r.as_of, r.stale_policy, r.outputs);
}

// A stale finding as the report shows it: the post-mortem and item by id and title.
struct RecordedStale {
    int kind = 0;
    std::string id, title;
    std::optional<size_t> item;
    std::string item_title;
    int days = 0;
    std::string owner;
    std::optional<Days> due;
    SourcePos pos;
    std::string message, fix;
};
template <class Archive>
void serialize(Archive& ar, RecordedStale& s) {
    ar(s.kind, s.id, s.title, s.item, s.item_title, s.days, s.owner, s.due, s.pos, s.message,
       s.fix);
}

}  // namespace

// The binary's GNU build ID, read from its own notes in memory: it changes with every change to
// the binary. Without one, the file's size and time stand in.
std::string binary_identity() {
    std::string id;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* data) -> int {
            auto* out = static_cast<std::string*>(data);
            for (int i = 0; i < info->dlpi_phnum; ++i) {
                const auto& ph = info->dlpi_phdr[i];
                if (ph.p_type != PT_NOTE) continue;
                const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
                const char* end = p + ph.p_memsz;
                while (p + sizeof(ElfW(Nhdr)) <= end) {
                    const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
                    const char* name = p + sizeof(ElfW(Nhdr));
                    const char* desc = name + ((note->n_namesz + 3) & ~3u);
                    if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 &&
                        std::memcmp(name, "GNU", 4) == 0 && desc + note->n_descsz <= end) {
                        out->assign(desc, note->n_descsz);
                        return 1;
                    }
                    p = desc + ((note->n_descsz + 3) & ~3u);
                }
            }
            return 1;  // the first object is the program itself; libraries do not matter
        },
        &id);
    if (!id.empty()) return "build-id " + id;
    struct ::stat st {};
    if (::stat("/proc/self/exe", &st) != 0) return "unknown";
    return "file " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
}

std::optional<fs::path> cache_record_path(const BuildOptions& options, const fs::path& out) {
    if (!options.cache_dir) return std::nullopt;
    std::error_code ec;
    fs::path root = fs::weakly_canonical(options.root, ec);
    fs::path folder = fs::weakly_canonical(out, ec);
    return *options.cache_dir /
           ("build-" + Hasher().add(root.string()).add(folder.string()).finish().hex() + ".record");
}

std::optional<fs::path> cache_memo_path(const BuildOptions& options, const fs::path& out) {
    auto record = cache_record_path(options, out);
    if (!record) return std::nullopt;
    return record->replace_extension(".memo");  // a folder
}

InputDigests build_inputs_digest(const BuildOptions& options, const InputStamps* known) {
    InputDigests out;
    Hasher site;
    site.add("hindsight build cache").add(std::to_string(k_format));
    site.add(binary_identity());
    site.add(options.as_of ? format_date(*options.as_of) : "today " + format_date(today_utc()));
    site.add(maybe(options.base_url)).add(maybe(options.stale));
    site.add(options.in_ci ? "ci" : "local");
    site.add(options.public_site ? "public" : "whole");
    if (options.tickets) {
        auto bytes = read_file(*options.tickets);
        site.add("tickets:" + options.tickets->string()).add(maybe(bytes));
    }
    auto config = read_file(options.root / "hindsight.yaml");
    site.add("config").add(maybe(config));
    // The tracker snapshot the config names, wherever in the knowledge base it is.
    DiagnosticSink ignored;  // the build reports the config's problems
    if (auto named = load_config(options.root, ignored).tracker_snapshot; !named.empty())
        site.add("snapshot:" + named).add(maybe(read_file(options.root / named)));
    Hasher all;
    // Pages say when post-mortems last changed: a commit changes those of the files it changed
    // (in their keys), not every page.
    all.add("git").add(git_head(options.root));
    for (const char* dir : {"content", "themes"}) {
        all.add(dir);
        site.add(dir);
        add_tree(all, site, options.root, options.root / dir, options.jobs, known, out);
    }
    out.site = site.finish();
    out.all = all.add(out.site).finish();
    return out;
}

InputDigests cached_inputs_digest(const BuildOptions& options, const fs::path& record) {
    fs::path file = fs::path(record).replace_extension(".stamps");
    InputStamps known;
    read_archive(file, "", k_stamps, [&](cereal::BinaryInputArchive& ar) { ar(known.files); });
    InputDigests digests = build_inputs_digest(options, &known);
    if (digests.stamps != known) try {
            fs::create_directories(file.parent_path());
            write_archive(file, "", k_stamps,
                          [&](cereal::BinaryOutputArchive& ar) { ar(digests.stamps.files); });
        } catch (const std::exception&) {  // best effort: the next build reads every file
        }
    return digests;
}

std::map<std::string, RecordedFile> recorded_files(const fs::path& record) {
    Record r;
    read_archive(record, std::nullopt, k_record, [&](cereal::BinaryInputArchive& ar) { ar(r); });
    return {std::make_move_iterator(r.outputs.begin()), std::make_move_iterator(r.outputs.end())};
}

bool unchanged_since(const fs::path& file, const RecordedFile& recorded) {
    std::int64_t size = 0, mtime = 0;
    return stat_of(file, size, mtime) && size == recorded.size && mtime == recorded.mtime;
}

std::optional<BuildResult> replay_build(const fs::path& record, const Digest& key,
                                        const fs::path& out, DiagnosticSink& sink) {
    Record r;
    std::vector<RecordedStale> stale;
    std::vector<Diagnostic> diagnostics;
    if (!read_archive(record, key.hex(), k_record,
                      [&](cereal::BinaryInputArchive& ar) { ar(r, stale, diagnostics); }) ||
        r.outputs.empty())
        return std::nullopt;
    std::error_code ec;
    for (const char* pending : {".hindsight-journal", ".hindsight-staging"})
        if (fs::exists(out / pending, ec)) return std::nullopt;  // a publish to finish
    for (const auto& [path, file] : r.outputs)
        if (!unchanged_since(out / path, file)) return std::nullopt;
    BuildResult result;
    result.out = out;
    result.status = ExitCode(r.status);
    result.written.unchanged = r.outputs.size() - 1;  // the manifest is not a file of the site
    CompileResult& compiled = result.compiled;
    compiled.status = result.status;
    compiled.as_of = r.as_of;
    compiled.site.config.policy.stale = r.stale_policy;
    // The stale report names post-mortems by id and title and items by title: stand-ins with
    // just those are enough.
    std::map<std::string, size_t> index;
    for (auto& s : stale) {
        auto [it, added] = index.emplace(s.id, compiled.site.postmortems.size());
        if (added) {
            PostMortem pm;
            pm.id = s.id;
            pm.title = s.title;
            compiled.site.postmortems.push_back(std::move(pm));
        }
        PostMortem& pm = compiled.site.postmortems[it->second];
        Stale finding;
        finding.kind = StaleKind(s.kind);
        finding.postmortem = it->second;
        if (s.item) {
            if (*s.item > 100'000) return std::nullopt;  // no post-mortem has as many items
            if (pm.action_items.size() <= *s.item) pm.action_items.resize(*s.item + 1);
            pm.action_items[*s.item].title = s.item_title;
            finding.item = s.item;
        }
        finding.days = s.days;
        finding.owner = std::move(s.owner);
        finding.due = s.due;
        finding.pos = std::move(s.pos);
        finding.message = std::move(s.message);
        finding.fix = std::move(s.fix);
        compiled.stale.push_back(std::move(finding));
    }
    sink.add_all(std::move(diagnostics));
    return result;
}

void record_build(const fs::path& record, const Digest& key, const BuildResult& result,
                  const DiagnosticSink& sink, unsigned jobs) try {
    const CompileResult& compiled = result.compiled;
    Record r;
    r.status = int(result.status);
    r.as_of = compiled.as_of;
    r.stale_policy = compiled.site.config.policy.stale;
    std::set<std::string> paths{k_manifest_name};
    paths.insert(result.paths.begin(), result.paths.end());
    auto find = [](const std::map<std::string, Digest>& digests,
                   const std::string& path) -> std::optional<Digest> {
        auto it = digests.find(path);
        return it == digests.end() ? std::nullopt : std::optional(it->second);
    };
    r.outputs.reserve(paths.size());
    for (const auto& path : paths)
        r.outputs.emplace_back(path,
                               RecordedFile{0, 0, find(result.keys, path), find(result.ids, path)});
    std::atomic<bool> published = true;
    parallel_for(r.outputs.size(), jobs, [&](size_t i) {
        auto& [path, file] = r.outputs[i];
        if (!stat_of(result.out / path, file.size, file.mtime)) published = false;
    });
    if (!published) return;  // not as published: no record
    std::vector<RecordedStale> stale;
    for (const auto& s : compiled.stale) {
        const PostMortem& pm = compiled.site.postmortems[s.postmortem];
        stale.push_back({int(s.kind), pm.id, pm.title, s.item,
                         s.item ? pm.action_items[*s.item].title : "", s.days, s.owner, s.due,
                         s.pos, s.message, s.fix});
    }
    fs::create_directories(record.parent_path());
    std::error_code ec;
    fs::remove(fs::path(record).replace_extension(".json"), ec);  // an earlier version's record
    write_archive(record, key.hex(), k_record,
                  [&](cereal::BinaryOutputArchive& ar) { ar(r, stale, sink.sorted()); });
} catch (const std::exception&) {  // no record: the next build compiles
}

}  // namespace hs
