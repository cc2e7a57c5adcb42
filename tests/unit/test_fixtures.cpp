// Whole-site fixtures: tests/golden/<case>/kb builds into exactly tests/golden/<case>/expected;
// tests/invalid/<case>/kb fails with exactly tests/invalid/<case>/expected.txt.
// UPDATE_GOLDEN=1 rewrites the expected files; review the diff before committing it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "cli/app.hpp"
#include "pipeline/build.hpp"
#include "support.hpp"

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

CompileResult compile(const fs::path& kb, DiagnosticSink& sink, unsigned jobs = 2) {
    BuildOptions options;
    options.root = kb;
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
    TEST_CASE("the sample knowledge base builds without errors or warnings at its pinned date") {
        DiagnosticSink sink;
        auto result = compile(hs::test::source_dir(), sink);
        std::ostringstream diagnostics;
        print_text(diagnostics, sink.sorted());
        CHECK_MESSAGE(sink.sorted().empty(), diagnostics.str());
        CHECK(result.status == k_exit_ok);
        size_t pages = 0;
        for (auto& [path, bytes] : result.files.files)
            pages += path.rfind("postmortems/", 0) == 0 && path != "postmortems/index.html";
        CHECK(pages >= 15);
    }
}

namespace {

// Runs the real command line in `dir` (so paths print as `content/...`) and returns its
// output with the temporary output folder replaced by <out>, and its exit code appended.
std::string run_in(const fs::path& dir, std::vector<std::string> args) {
    hs::test::TempDir out;
    args.push_back("--out");
    args.push_back((out / "site").string());
    args.insert(args.begin(), "hindsight");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    auto previous = fs::current_path();
    fs::current_path(dir);
    std::ostringstream stdout_text, stderr_text;
    int code = run_cli(int(argv.size()), argv.data(), stdout_text, stderr_text);
    fs::current_path(previous);
    std::string text =
        stderr_text.str() + stdout_text.str() + "exit " + std::to_string(code) + "\n";
    for (size_t at; (at = text.find((out / "site").string())) != std::string::npos;)
        text.replace(at, (out / "site").string().size(), "<out>");
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
