// The build cache may only ever save time: a build it answers leaves the same site, prints the
// same problems and findings and exits the same way as a build without it.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

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

Run build(const TempDir& kb, const fs::path& out, std::optional<fs::path> cache) {
    BuildOptions options;
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
        Digest key = build_inputs_digest(options);
        CHECK(build_inputs_digest(options) == key);
        BuildOptions other = options;
        other.as_of = parse_date("2026-01-11");
        CHECK(build_inputs_digest(other) != key);
        other = options;
        other.base_url = "/kb/";
        CHECK(build_inputs_digest(other) != key);
        other = options;
        other.stale = "warn";
        CHECK(build_inputs_digest(other) != key);
        other = options;
        other.in_ci = true;
        CHECK(build_inputs_digest(other) != key);
        CHECK(cache_record_path(options, work / "a") != cache_record_path(options, work / "b"));
        options.cache_dir.reset();
        CHECK_FALSE(cache_record_path(options, work / "a"));
    }
}
