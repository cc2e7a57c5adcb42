// Whole-site fixtures: tests/golden/<case>/kb builds into exactly tests/golden/<case>/expected;
// tests/invalid/<case>/kb fails with exactly tests/invalid/<case>/expected.txt.
// UPDATE_GOLDEN=1 rewrites the expected files; review the diff before committing it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>

#include "cli/app.hpp"
#include "pipeline/build.hpp"
#include "support.hpp"
#include "util/strings.hpp"

using namespace hs;

namespace {

bool updating() {
    const char* v = std::getenv("UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

std::vector<fs::path> cases(const std::string& kind) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(hs::test::tests_dir() / kind))
        if (entry.is_directory()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// Built from a copy: the fixtures are inside this repository, and their pages must not say when
// git last saw them change.
CompileResult compile(const fs::path& kb, DiagnosticSink& sink, unsigned jobs = 2) {
    hs::test::TempDir copy;
    hs::test::copy_tree(kb, copy.path());
    BuildOptions options;
    options.root = copy.path();
    options.jobs = jobs;
    return compile_site(options, sink);
}

// Theme assets are checked by the theme's own tests; goldens hold the pages.
bool in_golden(const std::string& path) {
    return path.rfind("assets/", 0) != 0;
}

}  // namespace

TEST_SUITE("golden") {
    TEST_CASE("each golden knowledge base builds into its expected site") {
        auto all = cases("golden");
        REQUIRE_FALSE(all.empty());
        for (const auto& dir : all) {
            CAPTURE(dir.filename().string());
            DiagnosticSink sink;
            auto result = compile(dir / "kb", sink);
            std::ostringstream diagnostics;
            print_text(diagnostics, sink.sorted());
            // Stale items fail a real build but the site is complete: goldens may show them.
            REQUIRE_MESSAGE((result.status == k_exit_ok || result.status == k_exit_stale),
                            diagnostics.str());
            std::map<std::string, std::string> got;
            for (auto& [path, bytes] : result.files.files)
                if (in_golden(path)) got[path] = bytes;
            if (dir.filename() == "hostile") {
                // Whatever the golden says, nothing from this content may become live markup in
                // a page. (The data exports carry the text as it is, as data should.)
                for (auto& [path, bytes] : got)
                    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0)
                        for (const char* bad :
                             {"<script>alert", "<svg onload", "<iframe", "<img src=x", "<b>mallory",
                              "href=\"javascript:", "src=\"javascript:", "onmouseover=\"",
                              "<div onclick"}) {
                            CAPTURE(path);
                            CHECK_MESSAGE(bytes.find(bad) == std::string::npos, bad);
                        }
            }
            if (updating()) {
                fs::remove_all(dir / "expected");
                for (auto& [path, bytes] : got)
                    write_file_atomic(dir / "expected" / path, bytes);
                continue;
            }
            auto expected = hs::test::read_tree(dir / "expected");
            for (auto& [path, bytes] : expected) {
                CAPTURE(path);
                REQUIRE_MESSAGE(got.count(path), "missing from the build");
                CHECK(got[path] == bytes);
            }
            for (auto& [path, bytes] : got)
                CHECK_MESSAGE(expected.count(path), "unexpected page " << path);
        }
    }
}

TEST_SUITE("invalid") {
    TEST_CASE("each invalid knowledge base fails with its expected diagnostics") {
        auto all = cases("invalid");
        REQUIRE_FALSE(all.empty());
        for (const auto& dir : all) {
            CAPTURE(dir.filename().string());
            DiagnosticSink sink;
            auto result = compile(dir / "kb", sink);
            std::ostringstream got;
            print_text(got, sink.sorted());
            got << "exit " << int(result.status) << "\n";
            if (updating()) {
                write_file_atomic(dir / "expected.txt", got.str());
                continue;
            }
            CHECK(result.status != k_exit_ok);
            auto expected = read_file(dir / "expected.txt");
            REQUIRE(expected);
            CHECK(got.str() == *expected);
        }
    }
}

TEST_SUITE("sample") {
    TEST_CASE(
        "the sample knowledge base builds without errors or warnings on the day it was written") {
        DiagnosticSink sink;
        BuildOptions options;
        options.root = hs::test::source_dir();
        options.jobs = 2;
        options.as_of = parse_date(HS_SAMPLE_AS_OF);
        auto result = compile_site(options, sink);
        std::ostringstream diagnostics;
        print_text(diagnostics, sink.sorted());
        CHECK_MESSAGE(sink.sorted().empty(), diagnostics.str());
        // On that day only its recorded tracker snapshot disagrees with it, once, on purpose: the
        // sample shows what drift looks like.
        CHECK(result.status == k_exit_stale);
        REQUIRE(result.stale.size() == 1);
        CHECK(result.stale[0].kind == StaleKind::drift);
        size_t pages = 0;
        for (auto& [path, bytes] : result.files.files)
            pages += path.rfind("postmortems/", 0) == 0 && path != "postmortems/index.html";
        CHECK(pages >= 15);
    }
}

namespace {

// Runs the real command line in `dir` (so paths print as `content/...`) and returns its
// output with the temporary output folder replaced by <out>, and its exit code appended.
std::string run_in(const fs::path& kb, std::vector<std::string> args) {
    hs::test::TempDir out, dir;
    hs::test::copy_tree(kb, dir.path());  // outside the repository, as compile() does
    args.push_back("--out");
    args.push_back((out / "site").string());
    args.insert(args.begin(), "hindsight");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    auto previous = fs::current_path();
    fs::current_path(dir.path());
    std::ostringstream stdout_text, stderr_text;
    int code = run_cli(int(argv.size()), argv.data(), stdout_text, stderr_text);
    fs::current_path(previous);
    std::string text =
        stderr_text.str() + stdout_text.str() + "exit " + std::to_string(code) + "\n";
    for (size_t at; (at = text.find((out / "site").string())) != std::string::npos;)
        text.replace(at, (out / "site").string().size(), "<out>");
    // The stop-commands token is random on purpose: it must not be guessable from the content.
    text = std::regex_replace(text, std::regex("[0-9a-f]{32}"), "<token>");
    return text;
}

}  // namespace

TEST_SUITE("golden") {
    TEST_CASE("the stale report in each format, for fixtures that have reports/") {
        for (const auto& dir : cases("golden")) {
            if (!fs::is_directory(dir / "reports")) continue;
            CAPTURE(dir.filename().string());
            for (std::string format : {"text", "github", "json"}) {
                CAPTURE(format);
                std::string got =
                    run_in(dir / "kb", {"build", "--jobs", "2", "--diagnostics", format});
                fs::path expected_path = dir / "reports" / (format + ".txt");
                if (updating()) {
                    write_file_atomic(expected_path, got);
                    continue;
                }
                auto expected = read_file(expected_path);
                REQUIRE(expected);
                CHECK(got == *expected);
            }
        }
    }
}

TEST_SUITE("sample") {
    TEST_CASE("the sample knowledge base goes red when its items go stale") {
        BuildOptions options;
        options.root = hs::test::source_dir();
        options.jobs = 2;
        options.as_of = parse_date("2026-12-15");
        DiagnosticSink sink;
        auto result = compile_site(options, sink);
        CHECK(result.status == k_exit_stale);
        CHECK(result.stale.size() >= 5);
        CHECK_FALSE(sink.has_errors());
    }
}

namespace {

// The findings a page shows, as "kind|post-mortem|item" keys from its data-finding attributes.
std::set<std::string> shown_findings(const std::string& html) {
    std::set<std::string> out;
    const std::string attr = "data-finding=\"";
    for (size_t at = html.find(attr); at != std::string::npos; at = html.find(attr, at + 1)) {
        size_t start = at + attr.size();
        out.insert(html.substr(start, html.find('"', start) - start));
    }
    return out;
}

}  // namespace

TEST_SUITE("golden") {
    TEST_CASE("every finding the gate reports is shown on the site, to the person who must act") {
        DiagnosticSink sink;
        auto result = compile(hs::test::tests_dir() / "golden/follow-through/kb", sink);
        REQUIRE(result.status == k_exit_stale);
        const auto& files = result.files.files;
        std::set<std::string> reported;
        std::set<StaleKind> kinds;
        for (const auto& s : result.stale) {
            const auto& pm = result.site.postmortems[s.postmortem];
            std::string key = std::string(slug_of(s.kind)) + "|" + pm.id + "|" +
                              (s.item ? std::to_string(*s.item) : "-");
            reported.insert(key);
            kinds.insert(s.kind);
            CAPTURE(key);
            // On the person's own page and on the post-mortem's page.
            REQUIRE_FALSE(s.owner.empty());
            CHECK(
                shown_findings(files.at("owners/" + slugify(s.owner) + "/index.html")).count(key));
            CHECK(shown_findings(files.at("postmortems/" + pm.id + "/index.html")).count(key));
        }
        // The fixture sits on every kind but `unreviewed` (off unless review_every_days is set).
        CHECK(kinds.size() == 4);
        CHECK(reported.size() == result.stale.size());
        CHECK(shown_findings(files.at("action-items/index.html")) == reported);
        CHECK(shown_findings(files.at("index.html")) == reported);  // few enough for the home page
        // Every header counts all of them, not only the overdue ones.
        std::string badge = "title=\"" + std::to_string(reported.size()) + " stale findings\"";
        for (const auto& [path, bytes] : files)
            if (path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0 &&
                path != "404.html") {
                CAPTURE(path);
                CHECK(bytes.find(badge) != std::string::npos);
            }
    }

    TEST_CASE("a draft's item without an owner builds: no owner page, no broken link") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md",
                 "---\nid: PM-1\ntitle: Draft\ndate: 2026-03-01\nstatus: draft\nseverity: SEV3\n"
                 "services: [api]\ncategory: deployment\naction_items:\n  - title: Add a canary\n"
                 "    status: open\n---\n## Summary\n");
        DiagnosticSink sink;
        auto result = compile(kb.path(), sink);
        std::ostringstream diagnostics;
        print_text(diagnostics, sink.sorted());
        CHECK_MESSAGE(result.status == k_exit_ok, diagnostics.str());
        CHECK_FALSE(result.files.files.count("owners/unnamed/index.html"));
        CHECK(result.files.files.at("action-items/index.html").find("(no owner yet)") !=
              std::string::npos);
    }
}
