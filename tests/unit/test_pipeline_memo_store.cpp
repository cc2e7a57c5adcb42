// The memo a build keeps on disk must give back exactly what was put in it, member for member,
// and must never be read when it is damaged or belongs to another lineage.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "pipeline/memo_store.hpp"
#include "render/search_index.hpp"
#include "support.hpp"
#include "util/files.hpp"

using namespace hs;
using hs::test::TempDir;

namespace {

// Written an hour ago: settled, so a memo keeps their stamps too.
void settle(const fs::path& file) {
    fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(1));
}

// The sample knowledge base, settled.
void copy_sample(const TempDir& kb) {
    hs::test::copy_tree(hs::test::source_dir() / "content", kb / "content");
    kb.write("hindsight.yaml", "title: T\nas_of: 2026-11-20\n");
    // The members the sample leaves out: silenced rules, no items, an item last reviewed.
    kb.write("content/postmortems/2026/PM-200-rare.md",
             hs::test::postmortem_text("PM-200", "lint_ignore: [item.detect, sections]\n"));
    kb.write("content/postmortems/2026/PM-201-none.md",
             "---\nid: PM-201\ntitle: No items\ndate: 2026-03-01T10:00:00Z\nstatus: "
             "published\nseverity: SEV4\nservices: [auth]\ncategory: deployment\n"
             "no_action_items_reason: nothing to change\n---\n" +
                 hs::test::k_full_body);
    std::string rare = *read_file(kb / "content/postmortems/2026/PM-200-rare.md");
    rare.replace(rare.find("    status: open\n"), 17,
                 "    status: open\n    last_reviewed: 2026-03-05\n");
    rare.replace(rare.find("services: [api]"), 15, "services: [auth]");
    kb.write("content/postmortems/2026/PM-200-rare.md", rare);
    for (const auto& entry : fs::recursive_directory_iterator(kb / "content"))
        if (entry.is_regular_file()) settle(entry.path());
}

// A compile of the knowledge base with `memo`, so every per-file memo is full.
void fill(BuildMemo& memo, const TempDir& kb) {
    BuildOptions options;
    options.root = kb.path();
    options.as_of = parse_date(HS_SAMPLE_AS_OF);
    options.jobs = 2;
    options.memo = &memo;
    DiagnosticSink sink;
    auto planned = plan_site(options, sink);
    std::ostringstream problems;
    print_text(problems, sink.sorted());
    REQUIRE_MESSAGE(planned->plan, problems.str());
    (void)planned->plan->render(k_index_builder);  // the search index keeps its documents
}

// Every entry of `a` is in `b` under the same key, with an equal value; and no more.
template <class Value>
void same_entries(const FileMemo<Value>& a, FileMemo<Value>& b) {
    size_t n = 0;
    a.for_each_shared(
        [&](const std::string& file, const Digest& key, const std::shared_ptr<const Value>& value) {
            CAPTURE(file);
            auto kept = b.find(file, key);
            REQUIRE(kept);
            CHECK(*kept == *value);
            ++n;
        });
    CHECK(n > 0);
    CHECK(b.size() == n);
}

void same_memo(const BuildMemo& a, BuildMemo& b) {
    same_entries(a.parse.parsed, b.parse.parsed);
    same_entries(a.parse.stamps, b.parse.stamps);
    same_entries(a.bodies, b.bodies);
    // Packed texts compare by digest: their bytes must come back too.
    a.bodies.for_each_shared([&](const std::string& file, const Digest& key, const auto& value) {
        auto kept = b.bodies.find(file, key);
        REQUIRE(kept);
        CHECK(kept->rendered.html.str() == value->rendered.html.str());
        CHECK(kept->rendered.text.str() == value->rendered.text.str());
    });
    same_entries(a.lint, b.lint);
    same_entries(a.similar.counts, b.similar.counts);
    same_entries(a.search, b.search);
    CHECK(a.similar.words == b.similar.words);
    CHECK(a.similar.rank == b.similar.rank);
    CHECK(b.similar.ids.size() == b.similar.words.size());
    CHECK(a.history.head == b.history.head);
    CHECK(a.history.changed == b.history.changed);
}

std::vector<fs::path> shards(const fs::path& folder) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().filename().string().starts_with("shard-")) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_SUITE("pipeline::memo_store") {
    TEST_CASE("a memo read back holds every entry it was saved with, member for member") {
        TempDir kb, work;
        copy_sample(kb);
        BuildMemo memo;
        fill(memo, kb);
        REQUIRE(memo.parse.parsed.size() >= 20);
        save_memo(work / "memo", memo, 2);
        auto back = load_memo(work / "memo", 2);
        REQUIRE(back);
        same_memo(memo, *back);
        // Positions of one file share their path again, as when it was parsed.
        auto any = back->parse.parsed.find(
            "content/postmortems/2025/PM-003-routing-corrupt-road-graph.md", [&] {
                Digest key;
                memo.parse.parsed.for_each_shared(
                    [&](const std::string& file, const Digest& k, const auto&) {
                        if (file.ends_with("PM-003-routing-corrupt-road-graph.md")) key = k;
                    });
                return key;
            }());
        REQUIRE(any);
        REQUIRE(any->parsed);
        const PostMortem& pm = *any->parsed;
        REQUIRE(!pm.action_items.empty());
        CHECK(&pm.pos.path.str() == &pm.action_items.front().pos.path.str());
        // The members the sample leaves out were there to be saved.
        bool ignores = false, reviewed = false, reason = false;
        back->parse.parsed.for_each_shared([&](const std::string&, const Digest&, const auto& f) {
            if (!f->parsed) return;
            ignores = ignores || !f->parsed->lint_ignore.empty();
            reason = reason || !f->parsed->no_action_items_reason.empty();
            for (const auto& item : f->parsed->action_items)
                reviewed = reviewed || item.last_reviewed.has_value();
        });
        CHECK(ignores);
        CHECK(reviewed);
        CHECK(reason);
    }

    TEST_CASE("only the shards that changed are written again; a damaged one is left out") {
        TempDir kb, work;
        copy_sample(kb);
        BuildMemo memo;
        fill(memo, kb);
        save_memo(work / "memo", memo, 2);
        auto files = shards(work / "memo");
        REQUIRE(files.size() == 64);
        std::map<fs::path, fs::file_time_type> written;
        for (const auto& f : files)
            written[f] = fs::last_write_time(f);

        auto again = load_memo(work / "memo", 2);
        REQUIRE(again);
        // One file edited: only its shard is written again.
        std::string rel = "content/postmortems/2025/PM-001-acquirer-retry-storm.md";
        kb.write(rel, *read_file(kb / rel) + "\nOne more line.\n");
        settle(kb / rel);
        fill(*again, kb);
        for (const auto& f : files)  // older than anything written from now on
            fs::last_write_time(f, written[f] - std::chrono::hours(1));
        save_memo(work / "memo", *again, 2);
        size_t rewritten = 0;
        for (const auto& f : files)
            rewritten += fs::last_write_time(f) != written[f] - std::chrono::hours(1);
        CHECK(rewritten == 1);

        // A damaged shard is left out, the rest is read; a damaged main part, nothing.
        auto biggest = *std::max_element(
            files.begin(), files.end(),
            [](const auto& a, const auto& b) { return fs::file_size(a) < fs::file_size(b); });
        std::ofstream(biggest, std::ios::binary | std::ios::app) << "x";
        auto partial = load_memo(work / "memo", 2);
        REQUIRE(partial);
        CHECK(partial->parse.parsed.size() < memo.parse.parsed.size());
        std::ofstream(work / "memo" / "main", std::ios::binary | std::ios::app) << "x";
        CHECK_FALSE(load_memo(work / "memo", 2));
        CHECK_FALSE(load_memo(work / "nothing", 2));
    }

    TEST_CASE("shards of another lineage are not read with this one's words") {
        TempDir kb, work;
        copy_sample(kb);
        BuildMemo first, second;
        fill(first, kb);
        fill(second, kb);
        save_memo(work / "a", first, 2);
        save_memo(work / "b", second, 2);
        REQUIRE(first.lineage != second.lineage);
        // b's words with a's shards: none of the shards is read.
        fs::copy_file(work / "b" / "main", work / "a" / "main",
                      fs::copy_options::overwrite_existing);
        auto mixed = load_memo(work / "a", 2);
        REQUIRE(mixed);
        CHECK(mixed->parse.parsed.size() == 0);
        CHECK(mixed->similar.counts.size() == 0);
    }

    TEST_CASE("a memo read before another build saved starts a lineage of its own when saved") {
        TempDir kb, work;
        copy_sample(kb);
        BuildMemo memo;
        fill(memo, kb);
        save_memo(work / "memo", memo, 2);
        auto a = load_memo(work / "memo", 2), b = load_memo(work / "memo", 2);
        REQUIRE(a);
        REQUIRE(b);
        std::string read = a->lineage;
        save_memo(work / "memo", *b, 2);  // b saves first: its new words would not be a's
        CHECK(b->lineage == read);
        save_memo(work / "memo", *a, 2);
        CHECK(a->lineage != read);
        auto c = load_memo(work / "memo", 2);
        REQUIRE(c);
        CHECK(c->lineage == a->lineage);
        same_memo(*a, *c);
    }
}
