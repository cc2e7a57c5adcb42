// The build cache may only ever save time: a build it answers leaves the same site, prints the
// same problems and findings and exits the same way as a build without it.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <thread>

#include "pipeline/build.hpp"
#include "pipeline/build_cache.hpp"
#include "support.hpp"

using namespace hs;
using hs::test::TempDir;

namespace {

struct Run {
    BuildResult result;
    std::string problems;  // every diagnostic as printed
    bool from_cache = false;
};

Run build(const TempDir& kb, const fs::path& out, std::optional<fs::path> cache,
          bool public_site = false) {
    BuildOptions options;
    options.public_site = public_site;
    options.root = kb.path();
    options.out = out;
    options.as_of = parse_date(HS_SAMPLE_AS_OF);
    options.jobs = 2;
    options.cache_dir = std::move(cache);
    DiagnosticSink sink;
    Run run{build_site(options, sink), {}, false};
    std::ostringstream text;
    print_text(text, sink.sorted());
    run.problems = text.str();
    for (const auto& step : run.result.compiled.steps)
        run.from_cache = run.from_cache || step.name == "cache";
    return run;
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What the stale report shows of each finding.
std::vector<std::string> findings(const BuildResult& r) {
    std::vector<std::string> out;
    for (const auto& s : r.compiled.stale)
        out.push_back(r.compiled.site.postmortems[s.postmortem].id + " | " +
                      subject(r.compiled.site, s) + " | " + s.owner + " | " + s.message + " | " +
                      s.fix + " | " + format_position(s.pos));
    return out;
}

// Replaces the first match of `pattern` in the file; the edit must change something.
void edit(const TempDir& kb, const std::string& rel, const std::string& pattern,
          const std::string& replacement) {
    std::string what = rel + ": " + pattern;
    REQUIRE_MESSAGE(hs::test::replace_first(kb, rel, pattern, replacement), what);
}

struct Edit {
    std::string what;
    std::function<void()> change;
    // Pages the build after it must keep, not make again: what the edit is meant to test.
    std::vector<std::string> kept = {};
};

// After each edit, a build into `out` that keeps the pages it can from the build before must
// leave what a build without the cache leaves in a new folder, and say the same. Returns how
// many pages were kept over the series, to show the series kept some.
size_t kept_equals_cold(const TempDir& work, const std::vector<Edit>& edits,
                        const std::function<Run(const fs::path&, std::optional<fs::path>)>& run) {
    const fs::path cache = work / "cache", out = work / "site";
    Run last = run(out, cache);
    REQUIRE_MESSAGE((last.result.status == k_exit_ok || last.result.status == k_exit_stale),
                    last.problems);
    size_t kept = 0, n = 0;
    for (const auto& edit : edits) {
        CAPTURE(edit.what);
        edit.change();
        Run warm = run(out, cache);
        fs::path fresh = work / ("cold-" + std::to_string(n++));
        Run cold = run(fresh, std::nullopt);
        CHECK(warm.result.status == cold.result.status);
        CHECK(warm.problems == cold.problems);
        kept += warm.result.written.kept;
        INFO(warm.problems);
        for (const auto& page : edit.kept) {  // the same key as last time: kept
            CAPTURE(page);
            REQUIRE(warm.result.keys.count(page));
            CHECK(warm.result.keys.at(page) == last.result.keys.at(page));
        }
        if (cold.result.status != k_exit_ok && cold.result.status != k_exit_stale) continue;
        auto a = hs::test::read_tree(out), b = hs::test::read_tree(fresh);
        CHECK_MESSAGE(a == b, hs::test::first_difference(a, b));
        fs::remove_all(fresh);
        if (!warm.from_cache) last = std::move(warm);  // an edit undone: the record answers
    }
    return kept;
}

}  // namespace

TEST_SUITE("pipeline::build_cache") {
    TEST_CASE("a build the cache answers equals one without it; any change is a miss") {
        TempDir kb, work;
        hs::test::copy_tree(hs::test::source_dir() / "content", kb / "content");
        kb.write("hindsight.yaml", read(hs::test::source_dir() / "hindsight.yaml"));
        const fs::path cache = work / "cache", out = work / "site";

        Run first = build(kb, out, cache);
        REQUIRE((first.result.status == k_exit_ok || first.result.status == k_exit_stale));
        CHECK_FALSE(first.from_cache);
        auto site = hs::test::read_tree(out);

        Run again = build(kb, out, cache);
        CHECK(again.from_cache);
        CHECK(again.result.status == first.result.status);
        CHECK(again.problems == first.problems);
        CHECK(findings(again.result) == findings(first.result));
        CHECK(again.result.compiled.as_of == first.result.compiled.as_of);
        CHECK(again.result.compiled.site.config.policy.stale ==
              first.result.compiled.site.config.policy.stale);
        CHECK(again.result.written.written == 0);
        CHECK(again.result.written.unchanged == first.result.paths.size());
        CHECK(hs::test::read_tree(out) == site);

        SUBCASE("an edited post-mortem") {
            kb.write("content/postmortems/2025/PM-002-search-analyzer-accents.md",
                     read(kb / "content/postmortems/2025/PM-002-search-analyzer-accents.md") +
                         "\nOne more line.\n");
        }
        SUBCASE("a new file anywhere under content/") {
            kb.write("content/notes.txt", "x");
        }
        SUBCASE("the config") {
            kb.write("hindsight.yaml", read(kb / "hindsight.yaml") + "\n# a comment\n");
        }
        SUBCASE("a theme file") {
            kb.write("themes/default/static/extra.css", "p{}");
        }
        SUBCASE("a file of the site deleted") {
            fs::remove(out / "postmortems/index.html");
        }
        SUBCASE("a file of the site changed") {
            std::ofstream(out / "index.html", std::ios::app) << "<!-- local edit -->";
        }
        SUBCASE("a damaged record") {
            for (const auto& entry : fs::directory_iterator(cache))
                std::ofstream(entry.path()) << "{\"format\": 1, \"key\": ";
        }
        Run changed = build(kb, out, cache);
        CHECK_FALSE(changed.from_cache);
        Run cold = build(kb, work / "cold", std::nullopt);
        CHECK(changed.result.status == cold.result.status);
        CHECK(changed.problems == cold.problems);
        CHECK(hs::test::read_tree(out) == hs::test::read_tree(work / "cold"));
        CHECK(build(kb, out, cache).from_cache);  // and the next build is answered again
    }

    TEST_CASE("another as-of day, another output folder or other options are other builds") {
        TempDir kb, work;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1"));
        BuildOptions options;
        options.root = kb.path();
        options.out = work / "a";
        options.cache_dir = work / "cache";
        options.as_of = parse_date("2026-01-10");
        Digest key = build_inputs_digest(options).all;
        CHECK(build_inputs_digest(options).all == key);
        BuildOptions other = options;
        other.as_of = parse_date("2026-01-11");
        CHECK(build_inputs_digest(other).all != key);
        other = options;
        other.base_url = "/kb/";
        CHECK(build_inputs_digest(other).all != key);
        other = options;
        other.stale = "warn";
        CHECK(build_inputs_digest(other).all != key);
        other = options;
        other.in_ci = true;
        CHECK(build_inputs_digest(other).all != key);
        // A tracker snapshot the config names, outside content/ too.
        kb.write("hindsight.yaml", "title: Test KB\ntracker: {snapshot: tickets.json}\n");
        kb.write("tickets.json", "[]");
        InputDigests before = build_inputs_digest(options);
        kb.write("tickets.json", "[{\"number\": 1, \"state\": \"CLOSED\"}]");
        CHECK(build_inputs_digest(options).all != before.all);
        CHECK(build_inputs_digest(options).site != before.site);
        // A post-mortem's file is in the whole digest, not in the site's: pages' own keys have it.
        before = build_inputs_digest(options);
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1", "tags: [x]\n"));
        CHECK(build_inputs_digest(options).all != before.all);
        CHECK(build_inputs_digest(options).site == before.site);
        CHECK(cache_record_path(options, work / "a") != cache_record_path(options, work / "b"));
        options.cache_dir.reset();
        CHECK_FALSE(cache_record_path(options, work / "a"));
    }

    TEST_CASE("a file whose settled stamp is unchanged is not read again; any other is") {
        TempDir kb, work;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1"));
        kb.write("content/postmortems/b.md", hs::test::postmortem_text("PM-2"));
        BuildOptions options;
        options.root = kb.path();
        options.as_of = parse_date("2026-01-10");
        const std::string a = "content/postmortems/a.md";
        // Stamps are trusted once the files' last change is 2 s old (git's rule for racy files).
        InputDigests fresh = build_inputs_digest(options);
        CHECK(fresh.stamps.files.empty());
        std::this_thread::sleep_for(std::chrono::milliseconds(2100));

        InputDigests first = build_inputs_digest(options);
        CHECK(first.all == fresh.all);
        CHECK(first.read > 0);
        CHECK(first.stamps.files.size() == first.read);
        REQUIRE(first.stamps.files.count(a));
        InputDigests again = build_inputs_digest(options, &first.stamps);
        CHECK(again.read == 0);
        CHECK(again.all == first.all);
        CHECK(again.site == first.site);
        CHECK(again.stamps == first.stamps);

        // Other bytes of the same size, and the old mtime set again: the ctime tells.
        auto time = fs::last_write_time(kb / a);
        std::string text = read(kb / a);
        text.replace(text.find("PM-1"), 4, "PM-9");
        kb.write(a, text);
        fs::last_write_time(kb / a, time);
        REQUIRE(fs::file_size(kb / a) == read(kb / "content/postmortems/b.md").size());
        InputDigests edited = build_inputs_digest(options, &first.stamps);
        CHECK(edited.read == 1);
        CHECK(edited.all != first.all);
        CHECK(edited.all == build_inputs_digest(options).all);  // as if every file were read
        CHECK_FALSE(edited.stamps.files.count(a));  // changed just now: read again next time
        InputDigests next = build_inputs_digest(options, &edited.stamps);
        CHECK(next.read == 1);
        CHECK(next.all == edited.all);

        // A build keeps the stamps beside its record, and the next reads them; a damaged file
        // of stamps is not read.
        options.cache_dir = work / "cache";
        auto record = *cache_record_path(options, work / "site");
        std::this_thread::sleep_for(std::chrono::milliseconds(2100));
        InputDigests kept = cached_inputs_digest(options, record);
        CHECK(kept.read > 0);
        CHECK(cached_inputs_digest(options, record).read == 0);
        fs::path stamps = fs::path(record).replace_extension(".stamps");
        REQUIRE(fs::exists(stamps));
        std::string bytes = read(stamps);
        bytes[bytes.size() / 2] ^= 1;
        std::ofstream(stamps, std::ios::binary | std::ios::trunc) << bytes;
        InputDigests damaged = cached_inputs_digest(options, record);
        CHECK(damaged.read == kept.read);
        CHECK(damaged.all == kept.all);
        CHECK(cached_inputs_digest(options, record).read == 0);  // written again
    }

    TEST_CASE("pages kept from the last build equal a cold build after every kind of edit") {
        TempDir kb, work;
        hs::test::copy_tree(hs::test::source_dir() / "content", kb / "content");
        // Ten to a page, the fewest allowed: the list of all has two pages, and an edit moves
        // rows between them.
        kb.write("hindsight.yaml",
                 read(hs::test::source_dir() / "hindsight.yaml") + "\nper_page: 10\n");
        const std::string pm1 = "content/postmortems/2025/PM-001-acquirer-retry-storm.md";
        const std::string pm2 = "content/postmortems/2025/PM-002-search-analyzer-accents.md";
        const std::string pm3 = "content/postmortems/2025/PM-003-routing-corrupt-road-graph.md";
        const std::string added = "content/postmortems/2026/PM-100-new.md";
        // Nothing in common with PM-002, PM-003 and PM-101, and nothing for the gate: only its
        // links tie it to them, so their pages and its own are kept when the others change.
        const std::string pm100 =
            "---\nid: PM-100\ntitle: A lost session key\ndate: 2026-03-01T10:00:00Z\n"
            "status: published\nseverity: SEV4\nservices: [auth]\ncategory: data-loss\n"
            "no_action_items_reason: the key store was replaced the same day\n---\n" +
            hs::test::k_full_body +
            "\nSee [another](../PM-101/), [the graph's timeline](../PM-003/#timeline) and "
            "[[PM-002]].\n";
        const std::string added101 = "content/postmortems/2026/PM-101-other.md";
        const std::string pm101 =
            "---\nid: PM-101\ntitle: A crash on start\ndate: 2026-02-01T10:00:00Z\n"
            "status: published\nseverity: SEV4\nservices: [mobile-app]\ncategory: deployment\n"
            "no_action_items_reason: the release was pulled\n---\n## Summary\n\nA crash.\n";
        // Older than every other: no pattern, and an item due the month after, verified late.
        const std::string added102 = "content/postmortems/2024/PM-102-keys.md";
        const std::string pm102 =
            "---\nid: PM-102\ntitle: Keys left unrotated\ndate: 2024-06-25T10:00:00Z\n"
            "status: published\nseverity: SEV4\nservices: [auth]\ncategory: security\n"
            "action_items:\n  - title: Rotate the keys\n    owner: ana\n    due: 2024-07-03\n"
            "    status: verified\n    type: prevent\n    done_when: [no key is older than 90 "
            "days]\n"
            "    verify: the key audit lists none older\n    closed_on: 2024-07-02\n"
            "    verified_on: 2024-07-03\n---\n" +
            std::regex_replace(hs::test::k_full_body, std::regex("## Surprise\n\nText."),
                               "## Surprise\n\nWe believed [[PM-002]] had fixed it.");
        const std::string page2 = "postmortems/PM-002/index.html";
        const std::string page3 = "postmortems/PM-003/index.html";
        const std::string page100 = "postmortems/PM-100/index.html";
        const std::vector<Edit> edits = {
            {"a severity, after the first build: the search index's shards have the keys the "
             "first build gave them once it had made them",
             [&] { edit(kb, pm1, "severity: SEV2", "severity: SEV3"); },
             {"search/index/0.json"}},
            {"a title", [&] { edit(kb, pm1, "title: .*", "title: \"A new title for PM-001\""); }},
            {"services", [&] { edit(kb, pm1, "services: \\[.*\\]", "services: [checkout-api]"); }},
            {"tags", [&] { edit(kb, pm1, "tags: \\[.*\\]", "tags: [retries, brand-new-tag]"); }},
            {"an action item's status: the gate's count on every page changes, the words of "
             "the search index do not",
             [&] { edit(kb, pm1, "status: verified", "status: open"); },
             {"search/index/0.json"}},
            {"the body: the exports, the search's metadata and the lists' rows are front matter",
             [&] { edit(kb, pm1, "## Summary", "## Summary\n\nA new sentence."); },
             {"api/postmortems.json", "api/action-items.json", "action-items.csv",
              "search/meta.json", "search/ids.json", "search/snippets/0.json",
              "postmortems/index.html", "postmortems/page/2/index.html",
              "services/payments-gateway/index.html", "categories/dependency/index.html",
              "tags/retries/index.html"}},
            {"a post-mortem older than all: every chart gains quarters",
             [&] { kb.write(added102, pm102); }},
            {"an item's title, shown in the digest of the month it came due in",
             [&] { edit(kb, added102, "title: Rotate the keys", "title: Rotate every key"); }},
            {"an item closed two months late: the month between counts it overdue",
             [&] {
                 edit(kb, added102, "closed_on: 2024-07-02", "closed_on: 2024-09-01");
                 edit(kb, added102, "verified_on: 2024-07-03", "verified_on: 2024-09-02");
             }},
            {"post-mortems added, one linking into a page kept",
             [&] {
                 kb.write(added, pm100);
                 kb.write(added101, pm101);
             },
             {page3}},
            {"its body: the page it links into is kept again",
             [&] { edit(kb, added, "See ", "Read "); },
             {page3}},
            {"a page a kept page links to is gone: that link breaks",
             [&] { fs::remove(kb / added101); },
             {page100}},
            {"and back", [&] { kb.write(added101, pm101); }},
            {"an element a kept page links to is gone: that link breaks",
             [&] { edit(kb, pm3, "## Timeline", "## What happened when"); },
             {page100}},
            {"and back", [&] { edit(kb, pm3, "## What happened when", "## Timeline"); }},
            {"its date: it moves up the lists, to the first page",
             [&] { edit(kb, added, "date: 2026-03-01", "date: 2026-10-01"); }},
            {"the title of a post-mortem linked by id: the pages linking show it, and the "
             "digest of the month that shows a surprise linking it",
             [&] { edit(kb, pm2, "title: .*", "title: \"Accents, renamed\""); },
             {page3}},
            {"a file renamed",
             [&] { fs::rename(kb / added, kb / "content/postmortems/2026/PM-100-renamed.md"); }},
            {"front matter broken",
             [&] { kb.write("content/postmortems/2026/PM-100-renamed.md", "---\nid: [oops\n"); }},
            {"and fixed", [&] { kb.write("content/postmortems/2026/PM-100-renamed.md", pm100); }},
            {"a post-mortem deleted", [&] { fs::remove(kb / pm1); }},
            {"the services registry",
             [&] { edit(kb, "content/services.yaml", "name: [^,}]*", "name: Renamed service"); }},
            {"the tracker snapshot the config names",
             [&] { edit(kb, "content/tracker-snapshot.json", "\"Done\"", "\"To Do\""); }},
            {"a file of the site changed by hand",
             [&] { std::ofstream(work / "site" / page2, std::ios::app) << "<!-- edit -->"; }},
        };
        auto run = [&](const fs::path& out, std::optional<fs::path> cache) {
            return build(kb, out, std::move(cache));
        };
        CHECK(kept_equals_cold(work, edits, run) > 0);
    }

    TEST_CASE(
        "a public build keeps pages too, and makes them all again when what is internal "
        "changes") {
        TempDir kb, work;
        hs::test::copy_tree(hs::test::source_dir() / "content", kb / "content");
        kb.write("hindsight.yaml", read(hs::test::source_dir() / "hindsight.yaml"));
        const std::string pm1 = "content/postmortems/2025/PM-001-acquirer-retry-storm.md";
        const std::string pm8 = "content/postmortems/2026/PM-008-payments-timeout-units.md";
        const std::string pm16 = "content/postmortems/2026/PM-016-session-store-failover.md";
        const std::vector<Edit> edits = {
            {"a public post-mortem's title",
             [&] { edit(kb, pm1, "title: .*", "title: \"Card payments failed\""); }},
            {"an internal post-mortem's title: no public page shows it",
             [&] { edit(kb, pm8, "title: .*", "title: \"Timeouts in the wrong unit\""); },
             {"postmortems/PM-001/index.html", "postmortems/PM-016/index.html"}},
            {"someone named internally as a word a kept public page has: a leak",
             [&] {
                 edit(kb, pm8, "authors: \\[tomas.eriksen\\]",
                      "authors: [tomas.eriksen, third-party]");
             }},
            {"and gone",
             [&] {
                 edit(kb, pm8, "authors: \\[tomas.eriksen, third-party\\]",
                      "authors: [tomas.eriksen]");
             }},
            {"a post-mortem made public",
             [&] { edit(kb, pm8, "status: published", "status: published\nvisibility: public"); }},
            {"and internal again", [&] { edit(kb, pm16, "visibility: public\n", ""); }},
        };
        auto run = [&](const fs::path& out, std::optional<fs::path> cache) {
            return build(kb, out, std::move(cache), true);
        };
        CHECK(kept_equals_cold(work, edits, run) > 0);
    }
}
