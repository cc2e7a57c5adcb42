#include "pipeline/build_cache.hpp"

#include <link.h>
#include <sys/stat.h>

#include <cstring>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "content/git_history.hpp"
#include "content/loader.hpp"
#include "util/files.hpp"
#include "util/parallel.hpp"

namespace hs {
namespace {

constexpr int k_format = 3;  // of the record; a different one is a miss

using nlohmann::json;

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
// cache. Files are read and hashed on `jobs` threads, and added in order.
void add_tree(Hasher& all, Hasher& site, const fs::path& root, const fs::path& dir, unsigned jobs) {
    std::error_code ec;
    std::vector<fs::path> entries;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec))
        entries.push_back(it->path());
    if (ec) {
        all.add("unreadable:" + dir.string());
        site.add("unreadable:" + dir.string());
    }
    std::sort(entries.begin(), entries.end());
    struct Entry {
        std::string kind, rel;  // kind "" for neither a file, a link nor a folder
        Digest value;
    };
    std::vector<Entry> out(entries.size());
    parallel_for(entries.size(), jobs, [&](size_t i) {
        const fs::path& p = entries[i];
        Entry& entry = out[i];
        std::error_code e;
        auto status = fs::symlink_status(p, e);
        entry.rel = p.lexically_relative(root).generic_string();
        if (fs::is_symlink(status)) {
            entry.kind = "link:";
            entry.value = digest(fs::read_symlink(p, e).string());
        } else if (fs::is_regular_file(status)) {
            entry.kind = "file:";
            auto bytes = read_file(p);
            entry.value = bytes ? Hasher().add("=").add(*bytes).finish() : digest("absent");
        } else if (fs::is_directory(status)) {
            entry.kind = "dir:";
        }
    });
    for (const auto& entry : out) {
        if (entry.kind.empty()) continue;
        all.add(entry.kind + entry.rel).add(entry.value);
        if (!is_postmortem_file(entry.rel)) site.add(entry.kind + entry.rel).add(entry.value);
    }
}

bool stat_of(const fs::path& path, std::int64_t& size, std::int64_t& mtime) {
    struct ::stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    size = st.st_size;
    mtime = std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return true;
}

// A record is its key's hex digits on a line, then JSON: a build after an edit reads that line
// alone to know the record is not for it, and the JSON (megabytes, with every warning) once.
std::optional<std::string_view> record_json(const std::string& text, const Digest* key) {
    size_t line = text.find('\n');
    if (line == std::string::npos) return std::nullopt;
    if (key && std::string_view(text).substr(0, line) != key->hex()) return std::nullopt;
    return std::string_view(text).substr(line + 1);
}

json position(const SourcePos& pos) {
    return {pos.path, pos.line, pos.col};
}
SourcePos position(const json& j) {
    return {j.at(0).get<std::string>(), j.at(1).get<int>(), j.at(2).get<int>()};
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
           ("build-" + Hasher().add(root.string()).add(folder.string()).finish().hex() + ".json");
}

std::optional<fs::path> cache_memo_path(const BuildOptions& options, const fs::path& out) {
    auto record = cache_record_path(options, out);
    if (!record) return std::nullopt;
    return record->replace_extension(".memo");  // a folder
}

InputDigests build_inputs_digest(const BuildOptions& options) {
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
        add_tree(all, site, options.root, options.root / dir, options.jobs);
    }
    Digest site_digest = site.finish();
    return {all.add(site_digest).finish(), site_digest};
}

std::map<std::string, RecordedFile> recorded_files(const fs::path& record) {
    std::map<std::string, RecordedFile> out;
    auto text = read_file(record);
    auto body = text ? record_json(*text, nullptr) : std::nullopt;
    if (!body) return out;
    try {
        json r = json::parse(*body);
        if (r.at("format").get<int>() != k_format) return out;
        for (const auto& f : r.at("outputs")) {
            RecordedFile& file = out[f.at(0).get<std::string>()];
            file.size = f.at(1).get<std::int64_t>();
            file.mtime = f.at(2).get<std::int64_t>();
            file.key = Digest::from_hex(f.at(3).get<std::string>());
            file.ids = Digest::from_hex(f.at(4).get<std::string>());
        }
    } catch (const std::exception&) {  // a damaged or foreign record: nothing to keep
        out.clear();
    }
    return out;
}

bool unchanged_since(const fs::path& file, const RecordedFile& recorded) {
    std::int64_t size = 0, mtime = 0;
    return stat_of(file, size, mtime) && size == recorded.size && mtime == recorded.mtime;
}

std::optional<BuildResult> replay_build(const fs::path& record, const Digest& key,
                                        const fs::path& out, DiagnosticSink& sink) {
    auto text = read_file(record);
    auto body = text ? record_json(*text, &key) : std::nullopt;
    if (!body) return std::nullopt;
    try {
        json r = json::parse(*body);
        if (r.at("format").get<int>() != k_format || r.at("key").get<std::string>() != key.hex())
            return std::nullopt;
        std::error_code ec;
        for (const char* pending : {".hindsight-journal", ".hindsight-staging"})
            if (fs::exists(out / pending, ec)) return std::nullopt;  // a publish to finish
        size_t files = 0;
        for (const auto& f : r.at("outputs")) {
            std::int64_t size = 0, mtime = 0;
            if (!stat_of(out / f.at(0).get<std::string>(), size, mtime) ||
                size != f.at(1).get<std::int64_t>() || mtime != f.at(2).get<std::int64_t>())
                return std::nullopt;
            ++files;
        }
        BuildResult result;
        result.out = out;
        result.status = ExitCode(r.at("status").get<int>());
        result.written.unchanged = files - 1;  // the manifest is not a file of the site
        CompileResult& compiled = result.compiled;
        compiled.status = result.status;
        compiled.as_of = *parse_date(r.at("as_of").get<std::string>());
        compiled.site.config.policy.stale = r.at("stale_policy").get<std::string>();
        // The stale report names post-mortems by id and title and items by title: stand-ins
        // with just those are enough.
        std::map<std::string, size_t> index;
        for (const auto& s : r.at("stale")) {
            std::string id = s.at("postmortem").get<std::string>();
            auto [it, added] = index.emplace(id, compiled.site.postmortems.size());
            if (added) {
                PostMortem pm;
                pm.id = id;
                pm.title = s.at("title").get<std::string>();
                compiled.site.postmortems.push_back(std::move(pm));
            }
            PostMortem& pm = compiled.site.postmortems[it->second];
            Stale stale;
            stale.kind = StaleKind(s.at("kind").get<int>());
            stale.postmortem = it->second;
            if (!s.at("item").is_null()) {
                size_t item = s.at("item").get<size_t>();
                if (pm.action_items.size() <= item) pm.action_items.resize(item + 1);
                pm.action_items[item].title = s.at("item_title").get<std::string>();
                stale.item = item;
            }
            stale.days = s.at("days").get<int>();
            stale.owner = s.at("owner").get<std::string>();
            if (!s.at("due").is_null()) stale.due = parse_date(s.at("due").get<std::string>());
            stale.pos = position(s.at("pos"));
            stale.message = s.at("message").get<std::string>();
            stale.fix = s.at("fix").get<std::string>();
            compiled.stale.push_back(std::move(stale));
        }
        for (const auto& d : r.at("diagnostics"))
            sink.add({d.at("error").get<bool>() ? Severity::error : Severity::warning,
                      position(d.at("pos")), d.at("message").get<std::string>(),
                      d.at("rule").get<std::string>(), d.at("hint").get<std::string>()});
        return result;
    } catch (const std::exception&) {  // a damaged or foreign record is a miss
        return std::nullopt;
    }
}

void record_build(const fs::path& record, const Digest& key, const BuildResult& result,
                  const DiagnosticSink& sink) try {
    const CompileResult& compiled = result.compiled;
    json r = {{"format", k_format},
              {"key", key.hex()},
              {"status", int(result.status)},
              {"as_of", format_date(compiled.as_of)},
              {"stale_policy", compiled.site.config.policy.stale}};
    json outputs = json::array();
    std::set<std::string> paths{k_manifest_name};
    paths.insert(result.paths.begin(), result.paths.end());
    auto hex = [](const std::map<std::string, Digest>& digests, const std::string& path) {
        auto it = digests.find(path);
        return it == digests.end() ? std::string() : it->second.hex();
    };
    for (const auto& path : paths) {
        std::int64_t size = 0, mtime = 0;
        if (!stat_of(result.out / path, size, mtime)) return;  // not as published: no record
        outputs.push_back({path, size, mtime, hex(result.keys, path), hex(result.ids, path)});
    }
    r["outputs"] = std::move(outputs);
    json stale = json::array();
    for (const auto& s : compiled.stale) {
        const PostMortem& pm = compiled.site.postmortems[s.postmortem];
        stale.push_back({{"kind", int(s.kind)},
                         {"postmortem", pm.id},
                         {"title", pm.title},
                         {"item", s.item ? json(*s.item) : json()},
                         {"item_title", s.item ? pm.action_items[*s.item].title : ""},
                         {"days", s.days},
                         {"owner", s.owner},
                         {"due", s.due ? json(format_date(*s.due)) : json()},
                         {"pos", position(s.pos)},
                         {"message", s.message},
                         {"fix", s.fix}});
    }
    r["stale"] = std::move(stale);
    json diagnostics = json::array();
    for (const auto& d : sink.sorted())
        diagnostics.push_back({{"error", d.severity == Severity::error},
                               {"pos", position(d.pos)},
                               {"message", d.message},
                               {"rule", d.rule},
                               {"hint", d.hint}});
    r["diagnostics"] = std::move(diagnostics);
    fs::create_directories(record.parent_path());
    write_file_atomic(record, key.hex() + "\n" + r.dump());
} catch (const std::exception&) {  // no record: the next build compiles
}

}  // namespace hs
