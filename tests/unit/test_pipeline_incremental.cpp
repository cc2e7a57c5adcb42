// What serve does between saves (a memo of parses and bodies, pages made one at a time from the
// plan) must give byte for byte what a cold build gives, whatever the edit.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include "cli/watcher.hpp"
#include "pipeline/build.hpp"
#include "render/search_index.hpp"
#include "search/index_builder.hpp"
#include "support.hpp"

using namespace hs;
using hs::test::TempDir;

namespace {

struct Outcome {
    ExitCode status = k_exit_ok;
    std::map<std::string, std::string> files;
    std::string problems;  // every diagnostic as printed
};

Outcome compile(BuildOptions options, BuildMemo* memo) {
    options.memo = memo;
    DiagnosticSink sink;
    auto result = compile_site(options, sink);
    std::ostringstream text;
    print_text(text, sink.sorted());
    return {result.status, std::move(result.files.files), text.str()};
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Replaces the first match of `pattern` in the file; the edit must change something.
void edit(const TempDir& kb, const std::string& rel, const std::string& pattern,
          const std::string& replacement) {
    std::string what = rel + ": " + pattern;
    REQUIRE_MESSAGE(hs::test::replace_first(kb, rel, pattern, replacement), what);
}

// The sample knowledge base copied into `kb`, and the options that build it.
BuildOptions copy_of_sample(const TempDir& kb) {
    hs::test::copy_tree(hs::test::source_dir() / "content", kb / "content");
    kb.write("hindsight.yaml", read(hs::test::source_dir() / "hindsight.yaml"));
    BuildOptions options;
    options.root = kb.path();
    options.as_of = parse_date(HS_SAMPLE_AS_OF);
    options.jobs = 2;
    return options;
}

}  // namespace

TEST_SUITE("pipeline::incremental") {
    TEST_CASE(
        "a compile with a memo, and pages made one by one, equal a cold compile after every "
        "kind of edit") {
        TempDir kb;
        BuildOptions options = copy_of_sample(kb);
        BuildMemo memo, plan_memo;  // one for whole compiles, one for serve's planned sites
        // And one told what changed by a watcher, as serve's is: each load takes the files no
        // event named as the last load found them.
        BuildMemo watched_memo;
        watched_memo.parse.changes.watch();
        Watcher watcher({kb / "hindsight.yaml", kb / "content", kb / "themes"});

        const std::string pm1 = "content/postmortems/2025/PM-001-acquirer-retry-storm.md";
        const std::string pm2 = "content/postmortems/2025/PM-002-search-analyzer-accents.md";
        const std::string added = "content/postmortems/2026/PM-100-new.md";
        const std::vector<std::pair<std::string, std::function<void()>>> edits = {
            {"nothing changed", [] {}},
            {"a title", [&] { edit(kb, pm1, "title: .*", "title: \"A new title for PM-001\""); }},
            {"services", [&] { edit(kb, pm1, "services: \\[.*\\]", "services: [checkout-api]"); }},
            {"tags", [&] { edit(kb, pm1, "tags: \\[.*\\]", "tags: [retries, brand-new-tag]"); }},
            {"an action item's status", [&] { edit(kb, pm1, "status: verified", "status: open"); }},
            {"the body", [&] { edit(kb, pm1, "## Summary", "## Summary\n\nA new sentence."); }},
            {"a post-mortem added that links to another by id, without a label",
             [&] {
                 kb.write(added,
                          hs::test::postmortem_text("PM-100", "services: [checkout-api]\n",
                                                    hs::test::k_full_body + "\nSee [[PM-002]].\n"));
             }},
            {"the title its link shows",
             [&] { edit(kb, pm2, "title: .*", "title: \"Accents, renamed\""); }},
            {"an id renamed: links to it break",
             [&] { edit(kb, pm2, "id: PM-002", "id: PM-102"); }},
            {"and renamed back", [&] { edit(kb, pm2, "id: PM-102", "id: PM-002"); }},
            {"a file renamed",
             [&] { fs::rename(kb / added, kb / "content/postmortems/2026/PM-100-renamed.md"); }},
            {"front matter broken",
             [&] { kb.write("content/postmortems/2026/PM-100-renamed.md", "---\nid: [oops\n"); }},
            {"and fixed",
             [&] {
                 kb.write("content/postmortems/2026/PM-100-renamed.md",
                          hs::test::postmortem_text("PM-100", "services: [checkout-api]\n"));
             }},
            {"a post-mortem deleted", [&] { fs::remove(kb / pm1); }},
            {"the services registry",
             [&] { edit(kb, "content/services.yaml", "name: [^,}]*", "name: Renamed service"); }},
        };
        for (const auto& [what, change] : edits) {
            CAPTURE(what);
            change();
            Outcome cold = compile(options, nullptr);
            Outcome warm = compile(options, &memo);
            CHECK(warm.status == cold.status);
            CHECK(warm.problems == cold.problems);
            CHECK_MESSAGE(warm.files == cold.files,
                          hs::test::first_difference(warm.files, cold.files));

            // As serve does: its plan, then pages made one by one; the post-mortems given back
            // once the site is done with, for the next load to refresh in place.
            auto serve = [&](BuildMemo& with) {
                BuildOptions served = options;
                served.memo = &with;
                DiagnosticSink sink;
                auto planned = plan_site(served, sink);
                if (cold.status != k_exit_ok && cold.status != k_exit_stale) return;
                REQUIRE(planned->plan);
                std::map<std::string, std::string> made;
                for (const auto& path : planned->plan->paths())
                    made[path] = planned->plan->render(path);
                CHECK_MESSAGE(made == cold.files, hs::test::first_difference(made, cold.files));
                planned->plan.reset();
                with.parse.give_back(std::move(planned->result.site.postmortems));
            };
            serve(plan_memo);
            while (watcher.wait(std::chrono::milliseconds{100})) {
            }
            FileChanges changes = watcher.take_changes();
            watched_memo.parse.changes.changed(kb.path(), changes.paths, changes.unknown);
            serve(watched_memo);
        }
        // The memo holds the files of the last compile only.
        CHECK(memo.parse.parsed.size() == plan_memo.parse.parsed.size());
        CHECK(memo.parse.parsed.contains("content/postmortems/2026/PM-100-renamed.md"));
        CHECK_FALSE(memo.parse.parsed.contains(pm1));
        CHECK(memo.bodies.size() == memo.parse.parsed.size());
    }

    TEST_CASE(
        "a file written a while ago is not read again while its stamp stands; any write is "
        "seen") {
        TempDir kb;
        BuildOptions options = copy_of_sample(kb);
        BuildMemo memo;
        std::vector<std::string> files;
        auto an_hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
        for (const auto& entry : fs::recursive_directory_iterator(kb / "content/postmortems"))
            if (entry.path().extension() == ".md") {
                fs::last_write_time(entry.path(), an_hour_ago);
                files.push_back(entry.path().lexically_relative(kb.path()).generic_string());
            }
        REQUIRE(files.size() > 2);
        auto same_as_cold = [&](const char* what) {
            CAPTURE(what);
            Outcome cold = compile(options, nullptr);
            Outcome warm = compile(options, &memo);
            CHECK(warm.problems == cold.problems);
            CHECK_MESSAGE(warm.files == cold.files,
                          hs::test::first_difference(warm.files, cold.files));
        };
        same_as_cold("first compile");
        CHECK(memo.parse.stamps.size() == files.size());  // all settled: none is read next time

        // Written just now: read, and not trusted by its stamp until it settles. Its mtime is
        // set a minute ahead, so it has not settled however slowly the compiles below run (a
        // sanitizer build on a busy machine once took over the 2 s between write and compile).
        const std::string pm = "content/postmortems/2025/PM-001-acquirer-retry-storm.md";
        edit(kb, pm, "title: .*", "title: \"Edited just now\"");
        fs::last_write_time(kb / pm, fs::file_time_type::clock::now() + std::chrono::minutes(1));
        same_as_cold("an edit");
        CHECK_FALSE(memo.parse.stamps.contains(pm));
        CHECK(memo.parse.stamps.size() == files.size() - 1);

        // Rewritten in place to the same size with its old mtime put back (what `cp -p` or an
        // archive restore can do): the change time still differs, so the file is read.
        fs::last_write_time(kb / pm, an_hour_ago);
        same_as_cold("settled again");
        CHECK(memo.parse.stamps.contains(pm));
        std::string text = read(kb / pm);
        auto at = text.find("Edited just now");
        REQUIRE(at != std::string::npos);
        text.replace(at, 15, "Edited the same");
        {
            std::ofstream out(kb / pm, std::ios::binary | std::ios::in);  // same file, same inode
            out << text;
        }
        fs::last_write_time(kb / pm, an_hour_ago);
        same_as_cold("same size, old mtime");
        CHECK(compile(options, &memo)
                  .files.at("postmortems/PM-001/index.html")
                  .find("Edited the same") != std::string::npos);

        // A post-mortem that is a symlink is resolved every time, never trusted by its stamp.
        fs::rename(kb / pm, kb / "content/moved.md");
        fs::create_symlink(kb / "content/moved.md", kb / pm);
        same_as_cold("a symlink inside content/");
        CHECK_FALSE(memo.parse.stamps.contains(pm));
    }

    TEST_CASE(
        "told what changed, a load reads those files alone; a file made or gone, a new "
        "vocabulary or an unknown change has every file checked, a symlinked one is read") {
        TempDir kb;
        BuildOptions options = copy_of_sample(kb);
        BuildMemo memo;
        memo.parse.changes.watch();
        const std::string pm1 = "content/postmortems/2025/PM-001-acquirer-retry-storm.md";
        const std::string pm2 = "content/postmortems/2025/PM-002-search-analyzer-accents.md";
        auto page = [&](const char* id) {
            return compile(options, &memo)
                .files.at("postmortems/" + std::string(id) + "/index.html");
        };
        auto shows = [&](const char* id, const char* text) {
            return page(id).find(text) != std::string::npos;
        };
        CHECK_FALSE(shows("PM-001", "Title one"));  // the first load checks every file

        // Written with no event told: the load takes it as the last one found it.
        edit(kb, pm1, "title: .*", "title: \"Title one\"");
        CHECK_FALSE(shows("PM-001", "Title one"));
        memo.parse.changes.changed(kb.path(), kb / pm1);
        CHECK(shows("PM-001", "Title one"));

        // A file named that is not there, yet would be walked (made and gone between loads):
        // every file is checked, so the untold edit of PM-002 shows too.
        edit(kb, pm2, "title: .*", "title: \"Title two\"");
        CHECK_FALSE(shows("PM-002", "Title two"));
        memo.parse.changes.changed(kb.path(), kb / "content/postmortems/2025/gone.md");
        CHECK(shows("PM-002", "Title two"));

        // The watcher cannot say.
        edit(kb, pm1, "title: .*", "title: \"Title three\"");
        memo.parse.changes.unknown();
        CHECK(shows("PM-001", "Title three"));

        // Files other than post-mortems' Markdown, and scratch files, do not matter.
        edit(kb, pm1, "title: .*", "title: \"Title four\"");
        memo.parse.changes.changed(kb.path(), kb / "content/postmortems/2025/.PM-001.md.swp");
        memo.parse.changes.changed(kb.path(), kb / "themes/mine/templates/layout.html");
        CHECK_FALSE(shows("PM-001", "Title four"));

        // A file added: the walk finds it, told or not, and every file is checked.
        kb.write("content/postmortems/2026/PM-100-new.md",
                 std::regex_replace(read(kb / pm2), std::regex("id: PM-002"), "id: PM-100"));
        CHECK(shows("PM-001", "Title four"));
        CHECK(compile(options, &memo).files.count("postmortems/PM-100/index.html"));

        // A new vocabulary parses every file again.
        edit(kb, pm1, "title: .*", "title: \"Title five\"");
        std::string config = read(kb / "hindsight.yaml");
        kb.write("hindsight.yaml", config + "\n# a comment\n");
        CHECK_FALSE(shows("PM-001", "Title five"));  // the same vocabulary
        edit(kb, "hindsight.yaml", "categories: \\[", "categories: [brand-new-category, ");
        CHECK(shows("PM-001", "Title five"));

        // A file gone, untold: the walk misses it, so every file is checked.
        edit(kb, pm1, "title: .*", "title: \"Title six\"");
        fs::remove(kb / "content/postmortems/2026/PM-100-new.md");
        CHECK(shows("PM-001", "Title six"));

        // A symlinked file is read on every load, told or not.
        fs::rename(kb / pm2, kb / "content/pm2.md");
        fs::create_symlink(kb / "content/pm2.md", kb / pm2);
        memo.parse.changes.unknown();
        CHECK(shows("PM-002", "Title two"));
        edit(kb, "content/pm2.md", "title: .*", "title: \"Title seven\"");
        CHECK(shows("PM-002", "Title seven"));

        // What a compile that stops before loading (a broken config) was told is kept for the
        // next load.
        edit(kb, pm1, "title: .*", "title: \"Title eight\"");
        memo.parse.changes.changed(kb.path(), kb / pm1);
        std::string now = read(kb / "hindsight.yaml");
        kb.write("hindsight.yaml", "title: [broken\n");
        CHECK(compile(options, &memo).status == k_exit_usage);
        kb.write("hindsight.yaml", now);  // the same vocabulary as the last load's
        CHECK(shows("PM-001", "Title eight"));

        // What a cold compile makes, after all that and told everything.
        memo.parse.changes.unknown();
        Outcome warm = compile(options, &memo);
        Outcome cold = compile(options, nullptr);
        CHECK(warm.problems == cold.problems);
        CHECK_MESSAGE(warm.files == cold.files, hs::test::first_difference(warm.files, cold.files));
    }

    TEST_CASE("a build streamed to disk equals the site made in memory, on any number of threads") {
        TempDir kb;
        BuildOptions options = copy_of_sample(kb);
        DiagnosticSink memory_sink;
        auto in_memory = compile_site(options, memory_sink);
        REQUIRE(!in_memory.files.files.empty());
        for (unsigned jobs : {1u, 2u, 4u}) {
            CAPTURE(jobs);
            options.jobs = jobs;
            options.out = kb / ("site-" + std::to_string(jobs));
            options.cache_dir.reset();
            DiagnosticSink sink;
            auto built = build_site(options, sink);
            CHECK(built.status == in_memory.status);
            auto on_disk = hs::test::read_tree(*options.out);
            on_disk.erase(".hindsight-manifest");
            CHECK(on_disk == in_memory.files.files);  // and no staging or journal left
            CHECK(built.written.written == in_memory.files.files.size());
            // A post-mortem added later: its new folder moves in whole, the rest is unchanged.
            if (jobs == 1) {
                std::string copy = read(
                    kb / "content/postmortems/2026/PM-007-substitution-preferences-dropped.md");
                copy.replace(copy.find("id: PM-007"), 10, "id: PM-900");
                kb.write("content/postmortems/added.md", copy);
                DiagnosticSink again;
                auto rebuilt = build_site(options, again);
                REQUIRE(rebuilt.status == in_memory.status);
                CHECK(fs::exists(*options.out / "postmortems/PM-900/index.html"));
                DiagnosticSink fresh_sink;
                auto fresh = compile_site(options, fresh_sink);
                auto now = hs::test::read_tree(*options.out);
                now.erase(".hindsight-manifest");
                CHECK(now == fresh.files.files);
                CHECK(rebuilt.written.unchanged > 0);
                fs::remove(kb / "content/postmortems/added.md");
            }
        }
    }

    TEST_CASE("a search index called off throws Stopped, and is built whole when asked again") {
        TempDir kb;
        BuildOptions options = copy_of_sample(kb);
        DiagnosticSink sink;
        auto planned = plan_site(options, sink);
        REQUIRE(planned->plan);
        bool stop = true;
        int asked = 0;
        auto files = search_files(planned->result.site, planned->analysis, [&] {
            ++asked;
            return stop;
        });
        REQUIRE(files.count(k_index_builder));
        CHECK_THROWS_AS(files.at(k_index_builder).make(), search::Stopped);
        CHECK(asked == 1);
        stop = false;
        std::string shard = files.at(k_index_builder).make();
        CHECK(asked > 1);
        CHECK(shard == planned->plan->render(k_index_builder));
        // A pass whose stop flag is set makes nothing; one without makes every file.
        std::atomic<bool> called_off{true};
        size_t made = 0;
        planned->plan->make_each(2, &called_off, [&](const std::string&, std::string) { ++made; });
        CHECK(made == 0);
    }
}
