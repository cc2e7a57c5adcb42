#include "pipeline/memo_store.hpp"

#include <unistd.h>
#include <cereal/archives/binary.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include <chrono>
#include <functional>
#include <sstream>
#include <streambuf>
#include <tuple>

#include "pipeline/build_cache.hpp"
#include "util/files.hpp"
#include "util/parallel.hpp"

// Days and instants are std::chrono types: cereal finds their functions in its own namespace.
namespace cereal {

template <class Archive>
void save(Archive& ar, const hs::Days& day) {
    ar(std::int64_t(day.time_since_epoch().count()));
}
template <class Archive>
void load(Archive& ar, hs::Days& day) {
    std::int64_t count = 0;
    ar(count);
    day = hs::Days(std::chrono::days(count));
}

template <class Archive>
void save(Archive& ar, const hs::Seconds& instant) {
    ar(std::int64_t(instant.time_since_epoch().count()));
}
template <class Archive>
void load(Archive& ar, hs::Seconds& instant) {
    std::int64_t count = 0;
    ar(count);
    instant = hs::Seconds(std::chrono::seconds(count));
}

}  // namespace cereal

// How each kept type is written: every member, in the order declared. The round trip of every
// sample post-mortem, body and finding is tested member for member (test_pipeline_memo_store).
namespace hs {
namespace {

// The positions of one file share its path (SourcePath), as when it was parsed: the last path
// read is used again when the next is the same.
thread_local SourcePath t_last_path;

}  // namespace

template <class Archive>
void save(Archive& ar, const SourcePath& path) {
    ar(path.str());
}
template <class Archive>
void load(Archive& ar, SourcePath& path) {
    std::string text;
    ar(text);
    if (t_last_path.str() != text) t_last_path = SourcePath(std::move(text));
    path = t_last_path;
}

template <class Archive>
void save(Archive& ar, const SharedText& text) {
    ar(text.str());
}
template <class Archive>
void load(Archive& ar, SharedText& text) {
    std::string bytes;
    ar(bytes);
    text = SharedText(std::move(bytes));
}

template <class Archive>
void serialize(Archive& ar, Digest& d) {
    ar(d.high, d.low);
}
template <class Archive>
void serialize(Archive& ar, SourcePos& p) {
    ar(p.path, p.line, p.col);
}
template <class Archive>
void serialize(Archive& ar, Diagnostic& d) {
    ar(d.severity, d.pos, d.message, d.rule, d.hint);
}
template <class Archive>
void serialize(Archive& ar, Timestamp& t) {
    ar(t.instant, t.has_time);
}
template <class Archive>
void serialize(Archive& ar, Reference& r) {
    ar(r.id, r.pos);
}
template <class Archive>
void serialize(Archive& ar, Replan& r) {
    ar(r.on, r.from, r.reason, r.pos);
}
template <class Archive>
void serialize(Archive& ar, ActionItem& i) {
    ar(i.title, i.owner, i.due, i.status, i.type, i.ticket, i.done_when, i.verify, i.closed_on,
       i.verified_on, i.project, i.reason, i.last_reviewed, i.verified_by, i.replanned, i.pos,
       i.owner_pos, i.due_pos, i.closed_on_pos, i.verified_on_pos, i.ticket_pos);
}
template <class Archive>
void serialize(Archive& ar, Alias& a) {
    ar(a.written, a.path, a.pos);
}
template <class Archive>
void serialize(Archive& ar, FieldValue& f) {
    ar(f.key, f.values);
}
template <class Archive>
void serialize(Archive& ar, PostMortem& pm) {
    ar(pm.id, pm.title, pm.date, pm.status, pm.is_public, pm.severity, pm.services, pm.category,
       pm.tags, pm.summary, pm.detected, pm.mitigated, pm.resolved, pm.detection, pm.authors,
       pm.facilitator, pm.related, pm.aliases, pm.action_items, pm.no_action_items_reason,
       pm.lint_ignore, pm.fields, pm.body, pm.body_line, pm.source, pm.front, pm.pos, pm.id_pos,
       pm.date_pos);
}
template <class Archive>
void serialize(Archive& ar, ParsedFile& f) {
    ar(f.parsed, f.problems);
}
template <class Archive>
void serialize(Archive& ar, TocEntry& e) {
    ar(e.level, e.text, e.anchor);
}
template <class Archive>
void serialize(Archive& ar, WikiLink& l) {
    ar(l.target, l.label, l.line, l.col, l.resolved);
}
template <class Archive>
void serialize(Archive& ar, BodyLink& l) {
    ar(l.url, l.line, l.col);
}
template <class Archive>
void serialize(Archive& ar, Section& s) {
    ar(s.title, s.line, s.has_content, s.lead);
}
template <class Archive>
void serialize(Archive& ar, RenderedMarkdown& m) {
    ar(m.html, m.toc, m.wiki_links, m.links, m.sections, m.text, m.has_diagram);
}
template <class Archive>
void serialize(Archive& ar, LinkTarget& t) {
    ar(t.href, t.title);
}
template <class Archive>
void serialize(Archive& ar, RenderedBody& b) {
    ar(b.lookups, b.rendered);
}
template <class Archive>
void serialize(Archive& ar, GitHistory& h) {
    ar(h.head, h.changed, h.shallow);
}
namespace search {  // found by cereal where the type is
template <class Archive>
void serialize(Archive& ar, CutDocument& c) {
    ar(c.text, c.ends, c.places, c.field_ends);
}
}  // namespace search

namespace {

constexpr int k_format = 4;
constexpr const char* k_magic = "hindsight memo";
// Files are spread over this many shards, so a build after an edit writes one or two of them,
// not the whole memo (some 38 KB a post-mortem: its parse, body, words, findings and search
// terms).
constexpr std::uint64_t k_shards = 64;

std::uint64_t shard_of(const std::string& file) {
    return digest(file).low % k_shards;
}

std::filesystem::path shard_path(const std::filesystem::path& folder, std::uint64_t shard) {
    return folder / ("shard-" + std::to_string(shard));
}

// Reads from bytes in memory.
struct InMemory : std::streambuf {
    InMemory(char* begin, char* end) { setg(begin, begin, end); }
};

// A file of the memo: the digest of what follows, then the archive, which starts with the
// magic, the format, the program and the lineage (below). Written whole or not read.
void write_part(const std::filesystem::path& file, const std::string& lineage,
                const std::function<void(cereal::BinaryOutputArchive&)>& fill) {
    std::ostringstream out;
    out << std::string(32, '0');  // the digest, once known
    {
        cereal::BinaryOutputArchive ar(out);
        ar(std::string(k_magic), k_format, binary_identity(), lineage);
        fill(ar);
    }
    std::string bytes = std::move(out).str();
    std::string sum = digest(std::string_view(bytes).substr(32)).hex();
    bytes.replace(0, 32, sum);
    write_file_atomic(file, bytes);
}

// Reads a file write_part wrote for `lineage` (any, if empty; then it is set); false if it
// is missing, damaged, or of another program or lineage.
bool read_part(const std::filesystem::path& file, std::string& lineage,
               const std::function<void(cereal::BinaryInputArchive&)>& read) {
    auto bytes = read_file(file);
    if (!bytes || bytes->size() < 32) return false;
    auto recorded = Digest::from_hex(std::string_view(*bytes).substr(0, 32));
    if (!recorded || *recorded != digest(std::string_view(*bytes).substr(32))) return false;
    InMemory buffer(bytes->data() + 32, bytes->data() + bytes->size());
    std::istream in(&buffer);
    try {
        cereal::BinaryInputArchive ar(in);
        std::string magic, identity, theirs;
        int format = 0;
        ar(magic, format, identity, theirs);
        if (magic != k_magic || format != k_format || identity != binary_identity() ||
            (!lineage.empty() && theirs != lineage))
            return false;
        lineage = theirs;
        read(ar);
    } catch (const std::exception&) {
        return false;
    }
    t_last_path = {};
    return true;
}

// The entries of one shard, from every per-file memo.
struct Shard {
    std::vector<std::tuple<std::string, Digest, std::shared_ptr<const ParsedFile>>> parsed;
    std::vector<std::tuple<std::string, Digest, std::shared_ptr<const Digest>>> stamps;
    std::vector<std::tuple<std::string, Digest, std::shared_ptr<const RenderedBody>>> bodies;
    std::vector<std::tuple<std::string, Digest, std::shared_ptr<const std::vector<Diagnostic>>>>
        lint;
    std::vector<std::tuple<std::string, Digest, std::shared_ptr<const WordCounts>>> counts;
    std::vector<std::tuple<std::string, Digest, std::shared_ptr<const search::CutDocument>>> search;
};

template <class Value, class List>
void save_list(cereal::BinaryOutputArchive& ar, const List& list) {
    ar(std::uint64_t(list.size()));
    for (const auto& [file, key, value] : list)
        ar(file, key, static_cast<const Value&>(*value));
}

template <class Value>
void load_list(cereal::BinaryInputArchive& ar, FileMemo<Value>& memo) {
    std::uint64_t count = 0;
    ar(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        std::string file;
        Digest key;
        Value value;
        ar(file, key, value);
        memo.put(file, key, std::move(value));
    }
}

// Every shard's entries of `memo` into `shards` (only those in `wanted`).
template <class Value, class Member>
void gather(const FileMemo<Value>& memo, std::vector<Shard>& shards,
            const std::vector<char>& wanted, Member member) {
    memo.for_each_shared(
        [&](const std::string& file, const Digest& key, const std::shared_ptr<const Value>& value) {
            std::uint64_t shard = shard_of(file);
            if (wanted[shard]) (shards[shard].*member).emplace_back(file, key, value);
        });
}

}  // namespace

std::unique_ptr<BuildMemo> load_memo(const std::filesystem::path& folder, unsigned jobs) {
    auto memo = std::make_unique<BuildMemo>();
    std::string lineage;
    // The words the counts of every shard refer to, and git's history.
    if (!read_part(folder / "main", lineage, [&](cereal::BinaryInputArchive& ar) {
            ar(memo->generation, memo->similar.words, memo->similar.rank, memo->history);
        }))
        return nullptr;
    for (std::uint32_t id = 0; id < memo->similar.words.size(); ++id)
        memo->similar.ids.emplace(memo->similar.words[id], id);
    // A shard that cannot be read is left out: its files are parsed and rendered again, and it
    // is written again.
    parallel_for(k_shards, jobs, [&](size_t shard) {
        std::string mine = lineage;
        read_part(shard_path(folder, shard), mine, [&](cereal::BinaryInputArchive& ar) {
            // Written after words this memo's list does not have yet (another build saved
            // while this one read): left out.
            std::uint64_t words = 0;
            ar(words);
            if (words > memo->similar.words.size()) return;
            load_list(ar, memo->parse.parsed);
            load_list(ar, memo->parse.stamps);
            load_list(ar, memo->bodies);
            load_list(ar, memo->lint);
            load_list(ar, memo->similar.counts);
            load_list(ar, memo->search);
        });
    });
    // A new round: what the next compile does not ask for goes. Nothing loaded is a change.
    memo->parse.parsed.sweep();
    memo->parse.stamps.sweep();
    memo->bodies.sweep();
    memo->lint.sweep();
    memo->similar.counts.sweep();
    memo->search.sweep();
    memo->lineage = lineage;
    // What changes from now on is written again; what was read is not.
    memo->parse.parsed.track_changes();
    memo->parse.stamps.track_changes();
    memo->bodies.track_changes();
    memo->lint.track_changes();
    memo->similar.counts.track_changes();
    memo->search.track_changes();
    return memo;
}

void save_memo(const std::filesystem::path& folder, BuildMemo& memo, unsigned jobs) try {
    std::filesystem::create_directories(folder);
    auto unique = [&](const char* what) {
        return Hasher()
            .add(what)
            .add(folder.string())
            .add_number(std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()))
            .add_number(std::uint64_t(::getpid()))
            .finish()
            .hex();
    };
    // A memo not read from disk starts a lineage of its own: its word ids mean other words, so
    // shards of another lineage are never read with it. So does one read before another build
    // saved (the caller holds the output folder's lock, so saves take turns): the words that
    // build added after the ones both read have the ids this one gave its own.
    bool fresh = memo.lineage.empty();
    if (!fresh) {
        std::string lineage = memo.lineage, generation;
        bool readable = read_part(folder / "main", lineage,
                                  [&](cereal::BinaryInputArchive& ar) { ar(generation); });
        fresh = !readable || generation != memo.generation;
    }
    if (fresh) memo.lineage = unique("lineage");
    memo.generation = unique("generation");
    std::vector<char> dirty(k_shards, fresh);
    auto note = [&](std::vector<std::string> files) {
        for (const auto& file : files)
            dirty[shard_of(file)] = 1;
    };
    note(memo.parse.parsed.take_changed());
    note(memo.parse.stamps.take_changed());
    note(memo.bodies.take_changed());
    note(memo.lint.take_changed());
    note(memo.similar.counts.take_changed());
    note(memo.search.take_changed());
    // The words first: a shard written after it refers only to words it has (ids only grow).
    write_part(folder / "main", memo.lineage, [&](cereal::BinaryOutputArchive& ar) {
        ar(memo.generation, memo.similar.words, memo.similar.rank, memo.history);
    });
    std::vector<Shard> shards(k_shards);
    gather(memo.parse.parsed, shards, dirty, &Shard::parsed);
    gather(memo.parse.stamps, shards, dirty, &Shard::stamps);
    gather(memo.bodies, shards, dirty, &Shard::bodies);
    gather(memo.lint, shards, dirty, &Shard::lint);
    gather(memo.similar.counts, shards, dirty, &Shard::counts);
    gather(memo.search, shards, dirty, &Shard::search);
    parallel_for(k_shards, jobs, [&](size_t shard) {
        if (!dirty[shard]) return;
        const Shard& s = shards[shard];
        write_part(shard_path(folder, shard), memo.lineage, [&](cereal::BinaryOutputArchive& ar) {
            ar(std::uint64_t(memo.similar.words.size()));
            save_list<ParsedFile>(ar, s.parsed);
            save_list<Digest>(ar, s.stamps);
            save_list<RenderedBody>(ar, s.bodies);
            save_list<std::vector<Diagnostic>>(ar, s.lint);
            save_list<WordCounts>(ar, s.counts);
            save_list<search::CutDocument>(ar, s.search);
        });
    });
} catch (const std::exception&) {  // no memo: the next build parses everything again
}

}  // namespace hs
