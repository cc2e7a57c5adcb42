// "Last updated" from git history and "Edit this page" from the repository's address.
#include <doctest/doctest.h>

#include <cstdlib>

#include "content/git_history.hpp"
#include "pipeline/build.hpp"
#include "render/urls.hpp"
#include "support.hpp"
#include "util/files.hpp"

using namespace hs;
using hs::test::postmortem_text;
using hs::test::TempDir;

namespace {

// Runs git in `dir` with a fixed author and the given commit time; fails the test if git does.
void git(const fs::path& dir, const std::string& args, const std::string& when = "") {
    std::string env =
        "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t "
        "GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME=" +
        dir.string();
    if (!when.empty()) env += " GIT_AUTHOR_DATE='" + when + "' GIT_COMMITTER_DATE='" + when + "'";
    std::string command = env + " git -C '" + dir.string() + "' " + args + " >/dev/null 2>&1";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
}

// With a build cache, as the command line has.
BuildOptions options_for(const fs::path& kb, const fs::path& out) {
    BuildOptions options;
    options.root = kb;
    options.out = out;
    options.jobs = 2;
    options.cache_dir = out.parent_path() / "cache";
    return options;
}

std::string page_of(const fs::path& out, const std::string& id) {
    return read_file(out / "postmortems" / id / "index.html").value_or("");
}

std::string updated(const std::string& html) {
    std::string mark = "Last updated <time datetime=\"";
    auto at = html.find(mark);
    if (at == std::string::npos) return "";
    return html.substr(at + mark.size(), 10);
}

}  // namespace

TEST_SUITE("pipeline::history") {
    TEST_CASE("git log's output gives each file the day of its newest commit") {
        std::string log = std::string("\x01") + "1770076800" + '\0' + "\ncontent/a.md" + '\0' +
                          "content/b.md" + '\0' + "\x01" + "1769904000" + '\0' + "\ncontent/a.md" +
                          '\0' + "content/c d.md" + '\0';
        auto changed = parse_git_log(log);
        REQUIRE(changed.size() == 3);
        CHECK(format_date(changed["content/a.md"]) == "2026-02-03");  // the newer commit
        CHECK(format_date(changed["content/b.md"]) == "2026-02-03");
        CHECK(format_date(changed["content/c d.md"]) == "2026-02-01");
        CHECK(parse_git_log("").empty());
        CHECK(parse_git_log(std::string("\x01oops") + '\0' + "\ncontent/x.md" + '\0').empty());
    }

    TEST_CASE("a post-mortem's page says when git last saw its file change") {
        TempDir repo, out;
        fs::path kb = repo / "docs/kb";  // the knowledge base in a folder of the repository
        hs::test::write_minimal_kb_at(kb);
        write_file_atomic(kb / "content/postmortems/a.md", postmortem_text("PM-1"));
        write_file_atomic(kb / "content/postmortems/b.md", postmortem_text("PM-2"));
        git(repo.path(), "init -q -b main");
        git(repo.path(), "add -A");
        git(repo.path(), "commit -q -m first", "2026-02-01T10:00:00Z");
        write_file_atomic(kb / "content/postmortems/b.md", postmortem_text("PM-2", "tags: [x]\n"));
        git(repo.path(), "commit -q -am second", "2026-02-03T23:30:00+02:00");  // 21:30 UTC
        write_file_atomic(kb / "content/postmortems/c.md",
                          postmortem_text("PM-3"));  // not committed

        DiagnosticSink sink;
        REQUIRE(build_site(options_for(kb, out / "site"), sink).status == k_exit_ok);
        CHECK(updated(page_of(out / "site", "PM-1")) == "2026-02-01");
        CHECK(updated(page_of(out / "site", "PM-2")) == "2026-02-03");
        CHECK(updated(page_of(out / "site", "PM-3")).empty());
        CHECK(page_of(out / "site", "PM-3").find("page-source") == std::string::npos);

        // Committing an edit changes no byte of the content, only the history: the next build
        // is not replayed from the build cache, and shows the new day.
        write_file_atomic(kb / "content/postmortems/a.md", postmortem_text("PM-1", "tags: [y]\n"));
        REQUIRE(build_site(options_for(kb, out / "site"), sink).status == k_exit_ok);
        CHECK(updated(page_of(out / "site", "PM-1")) == "2026-02-01");
        git(repo.path(), "commit -q -am third", "2026-03-05T08:00:00Z");
        REQUIRE(build_site(options_for(kb, out / "site"), sink).status == k_exit_ok);
        CHECK(updated(page_of(out / "site", "PM-1")) == "2026-03-05");
        CHECK(sink.sorted().empty());
    }

    TEST_CASE("outside a git checkout pages say nothing about it, and a build is unchanged") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-1"));
        DiagnosticSink sink;
        REQUIRE(build_site(options_for(kb.path(), kb / "site"), sink).status == k_exit_ok);
        CHECK(page_of(kb / "site", "PM-1").find("page-source") == std::string::npos);
        CHECK(git_head(kb.path()).empty());
    }

    TEST_CASE("a shallow clone's dates would be wrong: none are shown, and CI gets a warning") {
        TempDir origin, clone;
        hs::test::write_minimal_kb_at(origin.path());
        write_file_atomic(origin / "content/postmortems/a.md", postmortem_text("PM-1"));
        git(origin.path(), "init -q -b main");
        git(origin.path(), "add -A");
        git(origin.path(), "commit -q -m first", "2026-02-01T10:00:00Z");
        write_file_atomic(origin / "content/postmortems/b.md", postmortem_text("PM-2"));
        git(origin.path(), "add -A");
        git(origin.path(), "commit -q -m second", "2026-02-03T10:00:00Z");
        git(clone.path(), "clone -q --depth 1 file://" + origin.path().string() + " kb");
        auto options = options_for(clone / "kb", clone / "site");
        options.in_ci = true;
        DiagnosticSink sink;
        REQUIRE(build_site(options, sink).status == k_exit_ok);
        CHECK(page_of(clone / "site", "PM-1").find("Last updated") == std::string::npos);
        std::vector<Diagnostic> shallow;
        for (auto& d : sink.sorted())  // (the fixture's `as_of` gets its own CI warning)
            if (d.rule == "git.shallow") shallow.push_back(d);
        REQUIRE(shallow.size() == 1);
        CHECK(shallow[0].hint.find("fetch-depth: 0") != std::string::npos);
        options.in_ci = false;  // locally, dates are just left out
        DiagnosticSink local;
        REQUIRE(build_site(options, local).status == k_exit_ok);
        CHECK(local.sorted().empty());
    }

    TEST_CASE("Edit this page leads to the file on its forge") {
        Config config;
        CHECK(edit_url(config, "content/postmortems/a.md").empty());
        config.repo_url = "https://github.com/acme/kb";
        CHECK(edit_url(config, "content/postmortems/2026/PM 1.md") ==
              "https://github.com/acme/kb/edit/main/content/postmortems/2026/PM%201.md");
        config.repo_branch = "release/2026";
        config.repo_folder = "docs/kb";
        CHECK(edit_url(config, "content/a.md") ==
              "https://github.com/acme/kb/edit/release/2026/docs/kb/content/a.md");
        config.repo_url = "https://gitlab.example.com/acme/kb";
        CHECK(edit_url(config, "content/a.md") ==
              "https://gitlab.example.com/acme/kb/-/edit/release/2026/docs/kb/content/a.md");
        config.edit_url = "https://git.example.com/acme/kb/_edit/main/{path}";
        CHECK(edit_url(config, "content/a.md") ==
              "https://git.example.com/acme/kb/_edit/main/docs/kb/content/a.md");
    }

    TEST_CASE("the edit link is on every post-mortem's page; bad repository settings are errors") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml",
                 "title: T\nas_of: 2026-03-05\nrepo_url: https://github.com/acme/kb/\nrepo_branch: "
                 "trunk\n");
        kb.write("content/postmortems/2026/a.md", postmortem_text("PM-1"));
        DiagnosticSink sink;
        REQUIRE(build_site(options_for(kb.path(), kb / "site"), sink).status == k_exit_ok);
        CHECK(page_of(kb / "site", "PM-1")
                  .find("<a class=\"edit-link\" href=\"https://github.com/acme/kb/edit/trunk/"
                        "content/postmortems/2026/a.md\">Edit this page</a>") != std::string::npos);

        kb.write("hindsight.yaml",
                 "title: T\nrepo_url: \"javascript:alert(1)\"\nedit_url: https://x.example/\n"
                 "repo_folder: ../up\n");
        DiagnosticSink bad;
        CHECK(build_site(options_for(kb.path(), kb / "site"), bad).status == k_exit_usage);
        auto d = bad.sorted();
        REQUIRE(d.size() == 3);
        CHECK(d[0].message.find("`repo_url`") != std::string::npos);
        CHECK(d[0].pos.line == 2);
        CHECK(d[1].message.find("`edit_url`") != std::string::npos);
        CHECK(d[2].message.find("`repo_folder`") != std::string::npos);
    }
}
