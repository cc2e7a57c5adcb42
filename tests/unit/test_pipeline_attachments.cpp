// Files a post-mortem links to are published beside its page; everything else about them is an
// error or a warning at the link.
#include <doctest/doctest.h>

#include <fstream>

#include "pipeline/build.hpp"
#include "support.hpp"

using namespace hs;
using hs::test::postmortem_text;
using hs::test::TempDir;

namespace {

struct Built {
    CompileResult result;
    std::vector<Diagnostic> problems;
    std::string at(const std::string& rule) const {  // "line:col" of each problem of `rule`
        std::string out;
        for (const auto& d : problems)
            if (d.rule == rule)
                out += std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) + " ";
        return out;
    }
};

Built compile(const TempDir& kb) {
    BuildOptions options;
    options.root = kb.path();
    options.jobs = 2;
    DiagnosticSink sink;
    Built b{compile_site(options, sink), {}};
    b.problems = sink.sorted();
    return b;
}

// "line:col" where `needle` starts in the file (1-based), to check positions without counting.
std::string where(const TempDir& kb, const std::string& rel, const std::string& needle) {
    std::ifstream in(kb / rel);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        if (auto at = line.find(needle); at != std::string::npos)
            return std::to_string(n) + ":" + std::to_string(at + 1) + " ";
    return "?";
}

}  // namespace

TEST_SUITE("pipeline::attachments") {
    TEST_CASE(
        "linked files beside a post-mortem, or in its folder, are published beside its page") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/PM-1.md",
                 postmortem_text("PM-1", "",
                                 hs::test::k_full_body + "\n![Error rate](pm-1-errors.png)\n\n"
                                                         "The [same graph](pm-1-errors.png) and "
                                                         "[the log](logs/deploy%20log.txt).\n"));
        kb.write("content/postmortems/pm-1-errors.png", "PNG bytes");
        kb.write("content/postmortems/logs/deploy log.txt", "12:00 deploy\n");
        kb.write("content/postmortems/private-notes.txt", "not linked, not published");
        kb.write(
            "content/postmortems/PM-2/index.md",
            postmortem_text("PM-2", "", hs::test::k_full_body + "\n![Queue](img/queue.png)\n"));
        kb.write("content/postmortems/PM-2/img/queue.png", "queue PNG");
        auto b = compile(kb);
        CAPTURE(b.problems.size());
        CHECK(b.result.status == k_exit_ok);
        const auto& files = b.result.files.files;
        CHECK(files.at("postmortems/PM-1/pm-1-errors.png") == "PNG bytes");
        CHECK(files.at("postmortems/PM-1/logs/deploy log.txt") == "12:00 deploy\n");
        CHECK(files.at("postmortems/PM-2/img/queue.png") == "queue PNG");
        CHECK(files.at("postmortems/PM-2/index.html").find("<img src=\"img/queue.png\"") !=
              std::string::npos);
        for (const auto& [path, bytes] : files)
            CHECK_MESSAGE(bytes.find("not linked, not published") == std::string::npos, path);
    }

    TEST_CASE("a missing file is a broken link at each place it is written") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        const std::string rel = "content/postmortems/PM-1.md";
        kb.write(rel, postmortem_text("PM-1", "",
                                      hs::test::k_full_body +
                                          "\n![Graph](gone.png)\n\nAnd [again](gone.png).\n"));
        auto b = compile(kb);
        CHECK(b.result.status == k_exit_content);
        CHECK(b.at("link.broken") == where(kb, rel, "gone.png") + where(kb, rel, "gone.png)."));
        for (const auto& d : b.problems)
            if (d.rule == "link.broken") {
                CHECK(d.message.find("no such file") != std::string::npos);
                CHECK(d.hint.find("next to its Markdown file") != std::string::npos);
            }
    }

    TEST_CASE("types that could run script, hidden files and links out of content/ are refused") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        TempDir outside;
        outside.write("secret.png", "private");
        const std::string rel = "content/postmortems/PM-1.md";
        kb.write(rel,
                 postmortem_text("PM-1", "",
                                 hs::test::k_full_body +
                                     "\n[page](notes.html) [diagram](flow.svg) [env](.env.txt) "
                                     "[link](leak.png) [other](PM-2.md)\n"));
        kb.write("content/postmortems/notes.html", "<script>alert(1)</script>");
        kb.write("content/postmortems/flow.svg", "<svg><script>alert(1)</script></svg>");
        kb.write("content/postmortems/.env.txt", "TOKEN=1");
        kb.write("content/postmortems/PM-2.md", "not a post-mortem");
        std::filesystem::create_symlink(outside / "secret.png",
                                        kb / "content/postmortems/leak.png");
        auto b = compile(kb);
        CHECK(b.result.status == k_exit_content);
        CHECK(b.at("attachment.type") == where(kb, rel, "notes.html") + where(kb, rel, "flow.svg") +
                                             where(kb, rel, "PM-2.md"));
        CHECK(b.at("attachment.hidden") == where(kb, rel, ".env.txt"));
        CHECK(b.at("file.symlink") == where(kb, rel, "leak.png"));

        // SVG is allowed where raw HTML is: the knowledge base trusts its authors with script.
        std::filesystem::remove(kb / "content/postmortems/PM-2.md");
        kb.write("hindsight.yaml",
                 "title: Test KB\nas_of: 2026-03-05\nmarkdown: { raw_html: true }\n");
        kb.write(rel, postmortem_text("PM-1", "", hs::test::k_full_body + "\n![flow](flow.svg)\n"));
        auto trusted = compile(kb);
        CHECK(trusted.at("attachment.type").empty());
        CHECK(trusted.result.status == k_exit_ok);
        CHECK(trusted.result.files.files.count("postmortems/PM-1/flow.svg") == 1);
    }

    TEST_CASE("a large file is published with a warning that lint_ignore can silence") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml",
                 "title: Test KB\nas_of: 2026-03-05\nattachments: { warn_size_mb: 1 }\n");
        const std::string rel = "content/postmortems/PM-1.md";
        kb.write(rel, postmortem_text("PM-1", "", hs::test::k_full_body + "\n![big](big.png)\n"));
        kb.write("content/postmortems/big.png", std::string(2 * 1024 * 1024 + 1, 'x'));
        auto b = compile(kb);
        CHECK(b.result.status == k_exit_ok);
        CHECK(b.at("attachment.large") == where(kb, rel, "big.png"));
        CHECK(b.result.files.files.count("postmortems/PM-1/big.png") == 1);

        kb.write(rel, postmortem_text("PM-1", "lint_ignore: [attachment.large]\n",
                                      hs::test::k_full_body + "\n![big](big.png)\n"));
        CHECK(compile(kb).at("attachment.large").empty());

        kb.write("hindsight.yaml", "title: Test KB\nattachments: { warn_size_mb: 0 }\n");
        CHECK(compile(kb).at("config.value") == "2:30 ");
    }
}
