#include <doctest/doctest.h>

#include <set>

#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "support.hpp"
#include "util/strings.hpp"

using namespace hs;

namespace {

struct Run {
    int code;
    std::string out, err;
};

Run run(std::vector<std::string> args) {
    args.insert(args.begin(), "hindsight");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    std::ostringstream out, err;
    int code = run_cli(int(argv.size()), argv.data(), out, err);
    return {code, out.str(), err.str()};
}

}  // namespace

TEST_SUITE("cli::app") {
    TEST_CASE("build prints what it wrote and exits 0") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1"));
        auto r = run({"build", "-C", kb.path().string(), "--jobs", "2"});
        CHECK(r.code == 0);
        CHECK(r.out.find("Built ") == 0);
        CHECK(fs::exists(kb / "site/postmortems/PM-1/index.html"));
        auto again = run({"build", "-C", kb.path().string()});
        CHECK(again.out.find("0 written") != std::string::npos);  // nothing changed
    }

    TEST_CASE("build --public writes the public site beside the company's; the gate is not its") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md",
                 hs::test::postmortem_text("PM-1", "visibility: public\n"));
        kb.write("content/postmortems/b.md", hs::test::postmortem_text("PM-2"));
        // Both items are overdue on 1 April: the company's site fails on them, the public one not.
        CHECK(run({"build", "-C", kb.path().string(), "--as-of", "2026-04-01"}).code == 3);
        auto r = run({"build", "-C", kb.path().string(), "--as-of", "2026-04-01", "--public"});
        CHECK(r.code == 0);
        CHECK(r.out.find("Built " + (kb / "site-public").string()) == 0);
        CHECK(fs::exists(kb / "site-public/postmortems/PM-1/index.html"));
        CHECK_FALSE(fs::exists(kb / "site-public/postmortems/PM-2"));
        CHECK_FALSE(fs::exists(kb / "site-public/action-items"));
        CHECK(fs::exists(kb / "site/postmortems/PM-2/index.html"));  // untouched
    }

    TEST_CASE("content errors exit 1 and print paths as the user named the knowledge base") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", "");
        auto r = run({"build", "-C", kb.path().string()});
        CHECK(r.code == 1);
        CHECK(r.err.find(kb.path().string() +
                         "/content/postmortems/a.md:1:1: error: the file is empty") == 0);
        CHECK(r.err.find("nothing was written") != std::string::npos);
    }

    TEST_CASE("usage errors exit 2") {
        CHECK(run({}).code == 2);
        CHECK(run({"frobnicate"}).code == 2);
        CHECK(run({"build", "--as-of", "2026-02-30"}).code == 2);
        CHECK(run({"build", "-C", "/nonexistent"}).code == 2);
        CHECK(run({"--help"}).code == 0);
    }
}

TEST_SUITE("cli::app") {
    TEST_CASE("actions lists what people still have to do, filtered, as a table, CSV or JSON") {
        auto kb = (hs::test::tests_dir() / "golden/follow-through/kb").string();
        auto table = run({"actions", "-C", kb});
        CHECK(table.code == 0);
        CHECK(table.out.find("2024-02-29  1d late") != std::string::npos);
        CHECK(table.out.find("2024-03-01  due today") != std::string::npos);
        // Four open items and two done ones waiting to be verified, then the stale findings.
        CHECK(table.out.find("2024-02-28  verify late") != std::string::npos);
        CHECK(table.out.find("2024-02-28  to verify") != std::string::npos);
        CHECK(table.out.find("6 items") != std::string::npos);
        CHECK(table.out.find("Stale (6)") != std::string::npos);
        auto overdue = run({"actions", "-C", kb, "--overdue", "--format", "csv"});
        CHECK(overdue.out.find("Alert when checkout 5xx") != std::string::npos);
        CHECK(overdue.out.find("Block deploys") == std::string::npos);
        auto mine = run({"actions", "-C", kb, "--owner", "cy", "--format", "json"});
        auto items = nlohmann::json::parse(mine.out)["items"];
        REQUIRE(items.size() == 1);
        CHECK(items[0]["title"] == "Replace the deploy tool");
        // A person's list holds every finding that is theirs: ben's overdue and unverified
        // items, and the stuck review of dee, who facilitated it and owns no open item.
        auto ben = nlohmann::json::parse(
            run({"actions", "-C", kb, "--owner", "ben", "--format", "json"}).out);
        CHECK(ben["items"].size() == 2);
        std::multiset<std::string> ben_kinds;
        for (const auto& s : ben["stale"])
            ben_kinds.insert(s["kind"].get<std::string>());
        CHECK(ben_kinds == std::multiset<std::string>{"overdue", "unverified", "tracker drift",
                                                      "tracker drift"});
        auto dee = run({"actions", "-C", kb, "--owner", "dee"});
        CHECK(dee.out.find("review late by 1 day") != std::string::npos);
        CHECK(dee.out.find("status: published") != std::string::npos);
        auto by_service = run({"actions", "-C", kb, "--service", "db"});
        CHECK(by_service.out.find("0 items") != std::string::npos);
        CHECK(run({"actions", "-C", kb, "--format", "xml"}).code == 2);
    }

    TEST_CASE("digest: a quarter as Markdown, with what the site's digest page shows") {
        hs::test::TempDir kb;
        hs::test::copy_tree(hs::test::source_dir() / "content", kb / "content");
        kb.write("hindsight.yaml", *read_file(hs::test::source_dir() / "hindsight.yaml"));
        auto md = run({"digest", "-C", kb.path().string(), "--period", "2026-Q2", "--as-of",
                       HS_SAMPLE_AS_OF});
        REQUIRE_MESSAGE(md.code == 0, md.err);
        CHECK(md.out.rfind("# Northwind Engineering post-mortems: digest for 2026 Q2 (April to "
                           "June)\n",
                           0) == 0);
        CHECK(md.out.find("3 incidents (1 SEV1, 2 SEV3)") != std::string::npos);
        // One line per incident, newest first, with its Surprise (a wiki link as its label).
        auto pm11 = md.out.find("- **PM-011** (SEV1, 2026-06-02)"),
             pm10 = md.out.find("- **PM-010**"), pm09 = md.out.find("- **PM-009**");
        REQUIRE(pm11 != std::string::npos);
        CHECK((pm11 < pm10 && pm10 < pm09 && pm09 != std::string::npos));
        std::string surprise =
            "*Surprise:* We believed checkout's database path had been protected since the "
            "Freshweek outage:";
        CHECK(md.out.find(surprise) != std::string::npos);
        CHECK(md.out.find("## Items that came due") != std::string::npos);

        // The page of the same quarter says the same.
        REQUIRE(run({"build", "-C", kb.path().string(), "--as-of", HS_SAMPLE_AS_OF}).code != 2);
        auto page = *read_file(kb / "site/digest/2026-Q2/index.html");
        CHECK(page.find("Digest: 2026 Q2 (April to June)") != std::string::npos);
        CHECK(page.find("<strong>Surprise:</strong> We believed checkout&#39;s database path") !=
              std::string::npos);
        for (const char* id : {"PM-011", "PM-010", "PM-009"})
            CHECK_MESSAGE(page.find(std::string(">") + id + "</a>") != std::string::npos, id);
        CHECK(fs::exists(kb / "site/digest/2026-09/index.html"));  // a month without incidents

        auto bad = run({"digest", "-C", kb.path().string(), "--period", "2026-Q5"});
        CHECK(bad.code == 2);
        CHECK(bad.err.find("write 2026-09 or 2026-Q3") != std::string::npos);
    }

    TEST_CASE("actions --review: the weekly agenda by person, in Markdown") {
        auto kb = (hs::test::tests_dir() / "golden/follow-through/kb").string();
        auto agenda = run({"actions", "-C", kb, "--review"});
        CHECK(agenda.code == 0);
        const std::string& md = agenda.out;
        CHECK(md.rfind("# Action-item review, 2024-03-01\n", 0) == 0);
        auto ana = md.find("## ana"), ben = md.find("## ben"), dee = md.find("## dee");
        REQUIRE(ana != std::string::npos);
        REQUIRE(ben != std::string::npos);
        REQUIRE(dee != std::string::npos);
        CHECK((ana < ben && ben < dee));
        // Each section lands under its person.
        auto due_soon = md.find("**Due in the next 7 days**", ana);
        CHECK((due_soon > ana && due_soon < ben));
        auto overdue = md.find("**Overdue**", ben);
        CHECK((overdue > ben && overdue < dee));
        CHECK(md.find("**Stuck reviews**", dee) != std::string::npos);
        CHECK(md.find("- [ ] PM-10 · Alert when checkout 5xx exceed 1% for 5 minutes · NW-2") !=
              std::string::npos);
        CHECK(run({"actions", "-C", kb, "--format", "markdown"}).out == md);
        auto json =
            nlohmann::json::parse(run({"actions", "-C", kb, "--review", "--format", "json"}).out);
        CHECK(json["people"]["dee"]["Stuck reviews"].size() == 1);
        CHECK(run({"actions", "-C", kb, "--review", "--format", "csv"}).code == 2);
    }

    TEST_CASE("stale items exit 3, unless the policy is warn; content errors take precedence") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1"));
        auto late = run({"build", "-C", kb.path().string(), "--as-of", "2026-03-11"});
        CHECK(late.code == 3);
        CHECK(late.out.find("overdue by 1 day: Add a canary stage") != std::string::npos);
        CHECK(fs::exists(kb / "site/action-items/index.html"));  // the site is still written
        kb.write("hindsight.yaml", "title: Test KB\npolicy: { stale: warn }\n");
        auto warned = run({"build", "-C", kb.path().string(), "--as-of", "2026-03-11"});
        CHECK(warned.code == 0);
        CHECK(warned.out.find("The stale policy is `warn`") != std::string::npos);
        kb.write("content/postmortems/b.md", "");
        CHECK(run({"build", "-C", kb.path().string(), "--as-of", "2026-03-11"}).code == 1);
    }
}

TEST_SUITE("cli::app") {
    TEST_CASE("new writes the next id from the template, which check accepts as a draft") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-009"));
        auto made =
            run({"new", "-C", kb.path().string(), "Queue: \"stuck\" again", "--service", "api",
                 "--severity", "SEV3", "--category", "deployment", "--as-of", "2026-03-04"});
        CHECK(made.code == 0);
        fs::path file = kb / "content/postmortems/2026/PM-010-queue-stuck-again.md";
        REQUIRE(fs::exists(file));
        std::string text = *read_file(file);
        CHECK(text.find("id: PM-010 ") != std::string::npos);
        CHECK(text.find("\ntitle: \"Queue: \\\"stuck\\\" again\"\n") != std::string::npos);
        CHECK(text.find("services: [api]") != std::string::npos);
        CHECK(text.find("## Surprise") != std::string::npos);
        auto checked = run({"check", "-C", kb.path().string(), file.string()});
        CHECK(checked.code == 0);
        CHECK(checked.err.find("0 errors, 0 warnings") != std::string::npos);
        CHECK(run({"new", "-C", kb.path().string(), "X", "--severity", "SEV9"}).code == 2);
    }

    TEST_CASE("check reports only the files asked for, and --strict fails on warnings") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md",
                 hs::test::postmortem_text("PM-1", "", "## Summary\n\nIt was human error.\n"));
        kb.write("content/postmortems/b.md", hs::test::postmortem_text("PM-2", "severity: SEV9\n"));
        auto all = run({"check", "-C", kb.path().string()});
        CHECK(all.code == 1);
        auto only_a =
            run({"check", "-C", kb.path().string(), (kb / "content/postmortems/a.md").string()});
        CHECK(only_a.code == 0);
        CHECK(only_a.err.find("blameless.human-error") != std::string::npos);
        CHECK(only_a.err.find("b.md") == std::string::npos);
        CHECK(run({"check", "-C", kb.path().string(), "--strict",
                   (kb / "content/postmortems/a.md").string()})
                  .code == 1);
        auto json = run({"check", "-C", kb.path().string(), "--diagnostics", "json"});
        CHECK(nlohmann::json::parse(json.out)["exit_code"] == 1);
        CHECK(run({"check", "-C", kb.path().string(), "/etc/hostname"}).code == 2);
    }

    TEST_CASE("check finds the broken links build finds, at the same places") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md",
                 hs::test::postmortem_text("PM-1", "",
                                           "## Summary\n\nSee ![graph](graph.png), "
                                           "[the timeline](#timline) and [[PM-2]].\n"));
        kb.write("content/postmortems/b.md",
                 hs::test::postmortem_text("PM-2", "", "## Summary\n\n[x](../PM-1/#nothing)\n"));
        auto check = run({"check", "-C", kb.path().string(), "--diagnostics", "json"});
        auto build = run({"build", "-C", kb.path().string(), "--diagnostics", "json"});
        CHECK(check.code == 1);
        CHECK(build.code == 1);
        auto broken = [](const std::string& out) {
            std::vector<std::string> found;
            auto parsed = nlohmann::json::parse(out);
            for (const auto& d : parsed["diagnostics"])
                if (d["rule"] == "link.broken")
                    found.push_back(d["file"].get<std::string>() + ":" +
                                    std::to_string(d["line"].get<int>()) + ":" +
                                    std::to_string(d["column"].get<int>()) + " " +
                                    d["message"].get<std::string>());
            return found;
        };
        auto found = broken(check.out);
        CHECK(found.size() == 3);
        CHECK(found == broken(build.out));
        auto only_b = run({"check", "-C", kb.path().string(), "--diagnostics", "json",
                           (kb / "content/postmortems/b.md").string()});
        CHECK(only_b.code == 1);
        CHECK(broken(only_b.out) == std::vector<std::string>{found.back()});
        CHECK(!fs::exists(kb / "site"));  // neither wrote a site
    }

    TEST_CASE("--diagnostics github: text from the content never becomes a workflow command") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md",
                 "---\nid: PM-1\ntitle: \"t\\n::warning::forged title\"\ndate: 2026-03-01\n"
                 "status: published\nseverity: SEV3\nservices: [api]\ncategory: deployment\n"
                 "action_items:\n  - title: \"x\\n::error file=content/services.yaml,line=1,"
                 "title=Security::Forged\"\n    owner: \"ana\\n::add-mask::secret\"\n"
                 "    due: 2026-03-02\n    status: open\n    done_when: [d]\n    verify: v\n---\n"
                 "## Summary\n");
        for (auto command :
             {std::vector<std::string>{"build", "-C", kb.path().string(), "--diagnostics", "github",
                                       "--as-of", "2026-03-05"},
              std::vector<std::string>{"check", "-C", kb.path().string(), "--diagnostics",
                                       "github"}}) {
            auto result = run(command);
            CAPTURE(result.out);
            // Read the output as the runner does: commands are lines starting with `::`, except
            // between `::stop-commands::TOKEN` and `::TOKEN::`.
            std::istringstream lines(result.out + result.err);
            std::string line, stopped;
            size_t ours = 0;
            for (; std::getline(lines, line);) {
                if (!stopped.empty()) {
                    if (line == "::" + stopped + "::") stopped.clear();
                    continue;
                }
                if (line.rfind("::stop-commands::", 0) == 0) {
                    stopped = line.substr(17);
                    CHECK(stopped.size() == 32);
                    continue;
                }
                if (line.rfind("::", 0) != 0) continue;
                CAPTURE(line);
                // Every command is one of ours, about the post-mortem; what it quotes is escaped.
                CHECK((
                    line.rfind("::error file=content/postmortems/a.md", 0) == 0 ||
                    line.rfind("::warning file=content/postmortems/a.md", 0) == 0 ||
                    line.rfind("::error file=" + kb.path().string() + "/content/postmortems/a.md",
                               0) == 0 ||
                    line.rfind("::warning file=" + kb.path().string() + "/content/postmortems/a.md",
                               0) == 0));
                ++ours;
            }
            CHECK(stopped.empty());
            CHECK(ours > 0);
        }
    }

    TEST_CASE("new cuts a long title's slug between characters, not inside one") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        auto made =
            run({"new", "-C", kb.path().string(), std::string(47, 'a') + "\xC3\xA9t\xC3\xA9",
                 "--service", "api", "--as-of", "2026-03-04"});
        CHECK(made.code == 0);
        std::vector<std::string> names;
        for (const auto& e : fs::recursive_directory_iterator(kb / "content/postmortems"))
            if (e.is_regular_file()) names.push_back(e.path().filename().string());
        REQUIRE(names.size() == 1);
        CHECK_FALSE(find_invalid_utf8(names[0]));
        CHECK(names[0] == "PM-001-" + std::string(47, 'a') + ".md");  // é would need byte 49
    }

    TEST_CASE("new --folder makes a folder of its own; a long title is cut between words") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        auto made = run({"new", "-C", kb.path().string(), "--folder",
                         "Search went read-only during the OpenSearch upgrade of the main cluster",
                         "--service", "api", "--as-of", "2026-03-04"});
        CHECK(made.code == 0);
        fs::path file =
            kb /
            "content/postmortems/2026/PM-001-search-went-read-only-during-the-opensearch/"
            "index.md";  // not …-opensearch-upgra
        CHECK(fs::exists(file));
        CHECK(made.out.find("link them by name") != std::string::npos);
    }

    TEST_CASE("a file name that is not UTF-8 is reported, in JSON too, without a crash") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/caf\xE9.md", "---\nid: [broken\n---\n");
        for (auto command : {"check", "build"}) {
            CAPTURE(command);
            auto result = run({command, "-C", kb.path().string(), "--diagnostics", "json"});
            CHECK(result.code == 1);
            auto report = nlohmann::json::parse(result.out);
            REQUIRE(report["diagnostics"].size() >= 1);
            CHECK(report["diagnostics"][0]["file"].get<std::string>().find("caf\xEF\xBF\xBD.md") !=
                  std::string::npos);
        }
    }
}
