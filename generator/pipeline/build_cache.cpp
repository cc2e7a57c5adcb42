#include "pipeline/build_cache.hpp"

#include <link.h>
#include <sys/stat.h>

#include <cstring>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "content/git_history.hpp"
#include "util/files.hpp"

namespace hs {
namespace {

constexpr int k_format = 1;  // of the record; a different one is a miss

using nlohmann::json;

// A value that may be missing, never equal to one that is present.
std::string maybe(const std::optional<std::string>& value) {
    return value ? "=" + *value : std::string("absent");
}

// Every file and symlink under `dir`, by path relative to `root`, sorted. Symlinks are taken
// as their target's name, never followed: the build reads nothing outside the knowledge base,
// and neither does its cache.
void add_tree(Hasher& h, const fs::path& root, const fs::path& dir) {
    std::error_code ec;
    std::vector<fs::path> entries;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec))
        entries.push_back(it->path());
    if (ec) h.add("unreadable:" + dir.string());
    std::sort(entries.begin(), entries.end());
    for (const auto& p : entries) {
        std::error_code e;
        auto status = fs::symlink_status(p, e);
        std::string rel = p.lexically_relative(root).generic_string();
        if (fs::is_symlink(status)) {
            h.add("link:" + rel).add(fs::read_symlink(p, e).string());
        } else if (fs::is_regular_file(status)) {
            auto bytes = read_file(p);
            h.add("file:" + rel).add(maybe(bytes));
        } else if (fs::is_directory(status)) {
            h.add("dir:" + rel);
        }
    }
}

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

bool stat_of(const fs::path& path, std::int64_t& size, std::int64_t& mtime) {
    struct ::stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    size = st.st_size;
    mtime = std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return true;
}

json position(const SourcePos& pos) {
    return {pos.path, pos.line, pos.col};
}
SourcePos position(const json& j) {
    return {j.at(0).get<std::string>(), j.at(1).get<int>(), j.at(2).get<int>()};
}

}  // namespace

std::optional<fs::path> cache_record_path(const BuildOptions& options, const fs::path& out) {
    if (!options.cache_dir) return std::nullopt;
    std::error_code ec;
    fs::path root = fs::weakly_canonical(options.root, ec);
    fs::path folder = fs::weakly_canonical(out, ec);
    return *options.cache_dir /
           ("build-" + Hasher().add(root.string()).add(folder.string()).finish().hex() + ".json");
}

Digest build_inputs_digest(const BuildOptions& options) {
    Hasher h;
    h.add("hindsight build cache").add(std::to_string(k_format));
    h.add(binary_identity());
    h.add(options.as_of ? format_date(*options.as_of) : "today " + format_date(today_utc()));
    h.add(maybe(options.base_url)).add(maybe(options.stale));
    h.add(options.in_ci ? "ci" : "local");
    h.add(options.public_site ? "public" : "whole");
    if (options.tickets) {
        auto bytes = read_file(*options.tickets);
        h.add("tickets:" + options.tickets->string()).add(maybe(bytes));
    }
    h.add("git").add(git_head(options.root));  // pages say when post-mortems last changed
    auto config = read_file(options.root / "hindsight.yaml");
    h.add("config").add(maybe(config));
    for (const char* dir : {"content", "themes"}) {
        h.add(dir);
        add_tree(h, options.root, options.root / dir);
    }
    return h.finish();
}

std::optional<BuildResult> replay_build(const fs::path& record, const Digest& key,
                                        const fs::path& out, DiagnosticSink& sink) {
    auto text = read_file(record);
    if (!text) return std::nullopt;
    try {
        json r = json::parse(*text);
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
    for (const auto& path : paths) {
        std::int64_t size = 0, mtime = 0;
        if (!stat_of(result.out / path, size, mtime)) return;  // not as published: no record
        outputs.push_back({path, size, mtime});
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
    write_file_atomic(record, r.dump());
} catch (const std::exception&) {  // no record: the next build compiles
}

}  // namespace hs
