#include "pipeline/memo_store.hpp"

#include <unistd.h>
#include <cereal/types/map.hpp>

#include <chrono>
#include <functional>
#include <tuple>

#include "pipeline/archive.hpp"
#include "util/files.hpp"
#include "util/parallel.hpp"

// How each kept type is written: every member, in the order declared. The round trip of every
// sample post-mortem, body and finding is tested member for member (test_pipeline_memo_store).
// Paths, positions, digests and diagnostics: archive.hpp.
namespace hs {

template <class Archive>
void save(Archive& ar, const PackedText& t);
template <class Archive>
void load(Archive& ar, PackedText& t);
template <class Archive>
void save(Archive& ar, const SharedText& text) {
    save(ar, text.packed());
}
template <class Archive>
void load(Archive& ar, SharedText& text) {
    PackedText packed;
    load(ar, packed);
    text = SharedText(std::move(packed));
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
void save(Archive& ar, const PackedText& t) {
    ar(t.packed(), std::uint64_t(t.size()), t.digest());
}
template <class Archive>
void load(Archive& ar, PackedText& t) {
    std::string packed;
    std::uint64_t size = 0;
    Digest digest;
    ar(packed, size, digest);
    t = PackedText::from_packed(std::move(packed), size, digest);
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

constexpr int k_format = 5;
// Files are spread over this many shards, so a build after an edit writes one or two of them,
// not the whole memo (some 24 KB a post-mortem: its parse, body, words, findings and search
// terms).
constexpr std::uint64_t k_shards = 64;

std::uint64_t shard_of(const std::string& file) {
    return digest(file).low % k_shards;
}

std::filesystem::path shard_path(const std::filesystem::path& folder, std::uint64_t shard) {
    return folder / ("shard-" + std::to_string(shard));
}

constexpr ArchiveKind k_kind{"hindsight memo", k_format};

// A part of the memo: an archive whose first member is the lineage (below).
void write_part(const std::filesystem::path& file, const std::string& lineage,
                const std::function<void(cereal::BinaryOutputArchive&)>& fill) {
    write_archive(file, "", k_kind, [&](cereal::BinaryOutputArchive& ar) {
        ar(lineage);
        fill(ar);
    });
}

// Reads a part write_part wrote for `lineage` (any, if empty; then it is set); false if it is
// missing, damaged, or of another program or lineage.
bool read_part(const std::filesystem::path& file, std::string& lineage,
               const std::function<void(cereal::BinaryInputArchive&)>& read) {
    bool ours = false;
    return read_archive(file, "", k_kind,
                        [&](cereal::BinaryInputArchive& ar) {
                            std::string theirs;
                            ar(theirs);
                            if (!lineage.empty() && theirs != lineage) return;
                            lineage = theirs;
                            ours = true;
                            read(ar);
                        }) &&
           ours;
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
