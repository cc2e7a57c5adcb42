#include <doctest/doctest.h>

#include <sstream>
#include <thread>

#include "pipeline/build.hpp"
#include "support.hpp"

using namespace hs;
using hs::test::postmortem_text;
using hs::test::TempDir;

namespace {

BuildOptions options_for(const TempDir& kb, unsigned jobs = 2) {
    BuildOptions options;
    options.root = kb.path();
    options.out = kb / "site";
    options.jobs = jobs;
    return options;
}

}  // namespace

TEST_SUITE("pipeline::build") {
    TEST_CASE("a valid knowledge base builds every page") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-1", "tags: [db-pool]\n"));
        DiagnosticSink sink;
        auto result = build_site(options_for(kb), sink);
        CHECK(result.status == k_exit_ok);
        for (const char* page :
             {"index.html", "404.html", ".nojekyll", "assets/style.css", "postmortems/index.html",
              "postmortems/PM-1/index.html", "services/index.html", "services/api/index.html",
              "services/db/index.html", "categories/index.html", "categories/deployment/index.html",
              "tags/index.html", "tags/db-pool/index.html", ".hindsight-manifest"})
            CHECK_MESSAGE(fs::exists(kb / "site" / page), page);
    }

    TEST_CASE("content errors exit 1 and leave the previous site exactly as it was") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-1"));
        DiagnosticSink first;
        REQUIRE(build_site(options_for(kb), first).status == k_exit_ok);
        auto before = hs::test::read_tree(kb / "site");

        kb.write("content/postmortems/b.md", postmortem_text("PM-2", "tags: [Not A Slug]\n"));
        kb.write("content/postmortems/c.md", "");
        fs::remove(kb /
                   "content/postmortems/a.md");  // would delete a page if anything were written
        DiagnosticSink sink;
        auto result = build_site(options_for(kb), sink);
        CHECK(result.status == k_exit_content);
        CHECK(sink.error_count() >= 2);  // both broken files in one run
        CHECK(hs::test::read_tree(kb / "site") == before);
    }

    TEST_CASE("--out pointing at a folder of someone else's files is refused with exit 2") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("home/.bashrc", "precious");
        auto options = options_for(kb);
        options.out = kb / "home";
        DiagnosticSink sink;
        CHECK(build_site(options, sink).status == k_exit_usage);
        CHECK(*read_file(kb / "home/.bashrc") == "precious");
        CHECK(hs::test::read_tree(kb / "home").size() == 1);
    }

    TEST_CASE("a symlink leading outside the content folder is refused") {
        TempDir outside;
        outside.write("secret.md", postmortem_text("PM-9"));
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        fs::create_symlink(outside / "secret.md", kb / "content/postmortems/link.md");
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_content);
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].rule == "file.symlink");
        CHECK(d[0].pos.path == "content/postmortems/link.md");
    }

    TEST_CASE("a theme file that links outside the theme is refused, never published") {
        TempDir outside;
        outside.write("config", "[http] extraheader = AUTHORIZATION: basic c2VjcmV0");
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-1"));
        fs::create_directories(kb / "themes/default/static");
        fs::create_symlink(outside / "config", kb / "themes/default/static/config.txt");
        DiagnosticSink sink;
        auto result = build_site(options_for(kb), sink);
        CHECK(result.status == k_exit_usage);
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].rule == "file.symlink");
        CHECK(d[0].pos.path == "themes/default/static/config.txt");
        CHECK_FALSE(fs::exists(kb / "site"));

        // The same through a theme folder that is itself a link.
        fs::remove_all(kb / "themes/default");
        outside.write("templates/home.html", "{{%AUTOESCAPE context=\"HTML\"}}leak");
        fs::create_symlink(outside.path(), kb / "themes/default");
        DiagnosticSink again;
        CHECK(build_site(options_for(kb), again).status == k_exit_usage);
        CHECK(again.sorted().at(0).rule == "file.symlink");
    }

    TEST_CASE("a content folder or a config that is a link outside the knowledge base is refused") {
        TempDir outside;
        outside.write("postmortems/secret.md", postmortem_text("PM-9"));
        outside.write("services.yaml", "- { id: api, name: API }\n");
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        fs::remove_all(kb / "content");
        fs::create_symlink(outside.path(), kb / "content");
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_content);
        bool refused_services = false, refused_postmortem = false;
        for (const auto& d : sink.sorted()) {
            refused_services |= d.rule == "file.symlink" && d.pos.path == "content/services.yaml";
            refused_postmortem |=
                d.rule == "file.symlink" && d.pos.path == "content/postmortems/secret.md";
        }
        CHECK(refused_services);
        CHECK(refused_postmortem);
        CHECK_FALSE(fs::exists(kb / "site"));

        TempDir kb2;
        hs::test::write_minimal_kb(kb2);
        outside.write("hindsight.yaml", "title: Elsewhere\n");
        fs::remove(kb2 / "hindsight.yaml");
        fs::create_symlink(outside / "hindsight.yaml", kb2 / "hindsight.yaml");
        DiagnosticSink config;
        CHECK(build_site(options_for(kb2), config).status == k_exit_usage);
        CHECK(config.sorted().at(0).rule == "file.symlink");
    }

    TEST_CASE("symlink loops in content are reported, not a crash") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-1"));
        fs::create_symlink("loop.md", kb / "content/postmortems/loop.md");
        fs::create_symlink(".", kb / "content/postmortems/again");
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_content);
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].pos.path == "content/postmortems/loop.md");
        CHECK(d[0].rule == "file.symlink");
    }

    TEST_CASE("a 300-character owner or id is an error at its line; nothing is written") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        std::string pm = postmortem_text("PM-1");
        pm.replace(pm.find("owner: ana"), 10, "owner: " + std::string(300, 'o'));
        kb.write("content/postmortems/a.md", pm);
        kb.write("content/postmortems/b.md", postmortem_text("PM-" + std::string(300, '2')));
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_content);
        std::vector<std::string> rules;
        for (const auto& d : sink.sorted())
            rules.push_back(d.rule);
        CHECK(rules == std::vector<std::string>{"item.owner-long", "schema.id"});
        CHECK_FALSE(fs::exists(kb / "site"));
    }

    TEST_CASE(
        "two builds into one output folder at once take turns: nothing missing, nothing mixed") {
        TempDir a, b, out;
        for (auto* kb : {&a, &b}) {
            hs::test::write_minimal_kb(*kb);
            for (int i = 0; i < 40; ++i)
                kb->write("content/postmortems/pm-" + std::to_string(i) + ".md",
                          postmortem_text("PM-" + std::to_string(i) + (kb == &a ? "a" : "b")));
        }
        for (int round = 0; round < 8; ++round) {
            std::thread first([&] {
                DiagnosticSink sink;
                auto options = options_for(a, 1);
                options.out = out / "site";
                CHECK(build_site(options, sink).status == k_exit_ok);
            });
            DiagnosticSink sink;
            auto options = options_for(b, 1);
            options.out = out / "site";
            CHECK(build_site(options, sink).status == k_exit_ok);
            first.join();
            // Whoever wrote last, the manifest lists exactly the pages on disk, all of one build.
            auto manifest = *read_file(out / "site" / k_manifest_name);
            std::istringstream lines(manifest);
            size_t listed = 0, from_a = 0, from_b = 0;
            for (std::string line; std::getline(lines, line);) {
                if (line.empty() || line[0] == '#') continue;
                ++listed;
                CHECK_MESSAGE(fs::exists(out / "site" / line), line);
                from_a += line.find("PM-0a/") != std::string::npos;
                from_b += line.find("PM-0b/") != std::string::npos;
            }
            CHECK(listed > 40);
            CHECK(from_a + from_b == 1);
        }
    }

    TEST_CASE("duplicate ids name both files") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-1"));
        kb.write("content/postmortems/sub/b.md", postmortem_text("PM-1"));
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_content);
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].pos == SourcePos{"content/postmortems/sub/b.md", 2, 5});
        CHECK(d[0].message.find("content/postmortems/a.md:2:5") != std::string::npos);
    }

    TEST_CASE("a broken config exits 2 before any content is read") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml", "title: [oops\n");
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_usage);
        CHECK(sink.sorted().at(0).pos.path == "hindsight.yaml");
    }

    TEST_CASE("the same input and as-of date give a byte-identical site, whatever --jobs") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        for (int i = 0; i < 40; ++i)
            kb.write("content/postmortems/pm" + std::to_string(i) + ".md",
                     postmortem_text("PM-" + std::to_string(i),
                                     "tags: [t" + std::to_string(i % 5) + "]\n",
                                     "## Timeline\n\n| a | b |\n|---|---|\n| ~~x~~ | "
                                     "www.example.com |\n\n- [x] task\n"));
        DiagnosticSink sink;
        auto one = compile_site(options_for(kb, 1), sink);
        REQUIRE(one.status == k_exit_ok);
        for (int run = 0; run < 5; ++run) {
            auto many = compile_site(options_for(kb, 8), sink);
            CHECK(many.files.files == one.files.files);
        }
    }
}

TEST_SUITE("pipeline::build") {
    TEST_CASE("a knowledge base without post-mortems yet builds an empty site") {
        TempDir kb;
        kb.write("hindsight.yaml", "title: New\n");
        kb.write("content/services.yaml", "- { id: api, name: API }\n");
        DiagnosticSink sink;
        auto result = compile_site(options_for(kb), sink);
        CHECK(result.status == k_exit_ok);
        CHECK(result.files.files.count("services/api/index.html") == 1);
        CHECK(result.files.files.at("index.html").find("No post-mortems yet") != std::string::npos);
    }
}

TEST_SUITE("pipeline::build") {
    TEST_CASE("a knowledge base's own theme files replace the built-in ones file by file") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("themes/default/templates/not_found.html",
                 "{{%AUTOESCAPE context=\"HTML\"}}<p class=\"mine\">Lost? {{home_href}}</p>");
        kb.write("themes/default/static/extra.js", "// extra");
        DiagnosticSink sink;
        auto result = compile_site(options_for(kb), sink);
        REQUIRE(result.status == k_exit_ok);
        CHECK(result.files.files.at("404.html").find("<p class=\"mine\">Lost? /index.html</p>") !=
              std::string::npos);
        CHECK(result.files.files.at("index.html").find("Recent post-mortems") != std::string::npos);
        CHECK(result.files.files.count("assets/extra.js") == 1);
        CHECK(result.files.files.count("assets/style.css") == 1);
    }

    TEST_CASE("a theme template without auto-escaping is a configuration error") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("themes/default/templates/home.html", "<h1>{{title}}</h1>");
        DiagnosticSink sink;
        CHECK(compile_site(options_for(kb), sink).status == k_exit_usage);
        CHECK(sink.sorted().at(0).pos.path == "themes/default/templates/home.html");
    }
}

TEST_SUITE("pipeline::build") {
    TEST_CASE("a symlinked post-mortems folder or registry leading outside is refused too") {
        TempDir outside;
        outside.write("pms/secret.md", postmortem_text("PM-9"));
        outside.write("services.yaml", "- { id: api, name: API }\n");
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        fs::remove(kb / "content/postmortems");
        fs::create_directory_symlink(outside / "pms", kb / "content/postmortems");
        fs::remove(kb / "content/services.yaml");
        fs::create_symlink(outside / "services.yaml", kb / "content/services.yaml");
        DiagnosticSink sink;
        CHECK(compile_site(options_for(kb), sink).status == k_exit_content);
        auto d = sink.sorted();
        REQUIRE(d.size() == 2);
        CHECK(d[0].pos.path == "content/postmortems/secret.md");
        CHECK(d[0].rule == "file.symlink");
        CHECK(d[1].pos.path == "content/services.yaml");
    }

    TEST_CASE("a registry or config that is not UTF-8 is refused at the bad byte") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/services.yaml", "- { id: api, name: Caf\xe9 }\n");
        DiagnosticSink sink;
        CHECK(compile_site(options_for(kb), sink).status == k_exit_content);
        CHECK(sink.sorted().at(0).pos == SourcePos{"content/services.yaml", 1, 23});
    }
}

TEST_SUITE("pipeline::build") {
    TEST_CASE("long lists continue on numbered pages, each post-mortem on exactly one of them") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml", "title: Paged\nper_page: 10\n");
        for (int i = 0; i < 25; ++i)
            kb.write("content/postmortems/pm" + std::to_string(i) + ".md",
                     postmortem_text("PM-" + std::to_string(100 + i), "tags: [flaky]\n"));
        DiagnosticSink sink;
        auto result = compile_site(options_for(kb), sink);
        // Written (stale items aside): every pager link leads to a page (the link check).
        REQUIRE((result.status == k_exit_ok || result.status == k_exit_stale));
        const auto& files = result.files.files;
        for (const std::string list : {"postmortems/", "tags/flaky/"}) {
            CAPTURE(list);
            std::vector<std::string> pages = {list + "index.html", list + "page/2/index.html",
                                              list + "page/3/index.html"};
            CHECK_FALSE(files.count(list + "page/4/index.html"));
            for (int i = 0; i < 25; ++i) {
                // The entry in the list (a pattern on the first page may name it too).
                std::string id = "PM-" + std::to_string(100 + i);
                std::string link = id + "/index.html\">Incident " + id + "</a>";
                int on = 0;
                for (const auto& page : pages) {
                    REQUIRE(files.count(page));
                    on += files.at(page).find(link) != std::string::npos;
                }
                CHECK_MESSAGE(on == 1, id);
            }
            CHECK(files.at(pages[0]).find("Page 1 of 3") != std::string::npos);
            CHECK(files.at(pages[0]).find("rel=\"prev\"") == std::string::npos);
            CHECK(files.at(pages[1]).find("rel=\"prev\"") != std::string::npos);
            CHECK(files.at(pages[2]).find("rel=\"next\"") == std::string::npos);
            CHECK(files.at(pages[1]).find("(page 2 of 3)") != std::string::npos);  // its title
        }
    }

    TEST_CASE("recurrences after a verified fix: Insights shows the newest, the rest are paged") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml", "title: Recurring\nas_of: 2026-03-05\nper_page: 10\n");
        auto incident = [](const std::string& id, const std::string& date,
                           const std::string& items) {
            return "---\nid: " + id + "\ntitle: Incident " + id + "\ndate: " + date +
                   "\nstatus: published\nseverity: SEV3\nservices: [api]\n"
                   "category: deployment\naction_items:\n" +
                   items + "---\n" + hs::test::k_full_body;
        };
        // PM-100's fix was verified on 2026-01-05; 25 incidents on the same service and category
        // came after it, each a recurrence (and the first page of PM-125's list shows the newest).
        kb.write("content/postmortems/first.md",
                 incident("PM-100", "2026-01-01T10:00:00Z",
                          "  - title: Cap the pool\n    owner: ana\n    due: 2026-01-04\n"
                          "    status: verified\n    closed_on: 2026-01-03\n"
                          "    verified_on: 2026-01-05\n    done_when: [the pool is capped]\n"
                          "    verify: a load test stays under the cap\n"));
        for (int i = 1; i <= 25; ++i) {
            char day[16];
            std::snprintf(day, sizeof day, "2026-01-%02d", 5 + i);
            kb.write("content/postmortems/r" + std::to_string(i) + ".md",
                     incident("PM-" + std::to_string(100 + i), day + std::string("T10:00:00Z"),
                              "  - title: Add a canary stage\n    owner: ana\n    due: " +
                                  std::string(day) + "\n    status: done\n    closed_on: " + day +
                                  "\n    done_when: [canary runs]\n"
                                  "    verify: a bad build stops at the canary\n"));
        }
        DiagnosticSink sink;
        auto result = compile_site(options_for(kb), sink);
        std::ostringstream diagnostics;
        print_text(diagnostics, sink.sorted());
        REQUIRE_MESSAGE((result.status == k_exit_ok || result.status == k_exit_stale),
                        diagnostics.str());
        const auto& files = result.files.files;
        auto count = [](const std::string& text, const std::string& what) {
            size_t n = 0;
            for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
                ++n;
            return n;
        };
        // One row per incident; the incident's link opens its row.
        auto row = [](int i) {
            return "<td class=\"cell-main\"><span class=\"badge sev-3\">SEV3</span> <a href=\"" +
                   std::string("../") + "postmortems/PM-" + std::to_string(100 + i) +
                   "/index.html\">";
        };
        const std::string& insights = files.at("insights/index.html");
        for (int i = 1; i <= 25; ++i)
            CHECK_MESSAGE((count(insights, row(i)) == 1) == (i > 5), i);
        CHECK(insights.find("The newest 20 of 25.") != std::string::npos);
        CHECK(insights.find("href=\"../insights/recurrences/index.html\">All 25") !=
              std::string::npos);
        // Every pair on exactly one page of the full list, newest first.
        std::vector<std::string> pages = {"insights/recurrences/index.html",
                                          "insights/recurrences/page/2/index.html",
                                          "insights/recurrences/page/3/index.html"};
        CHECK_FALSE(files.count("insights/recurrences/page/4/index.html"));
        for (int i = 1; i <= 25; ++i) {
            size_t expected = size_t(25 - i) / 10;  // newest first, 10 a page
            for (size_t p = 0; p < pages.size(); ++p) {
                std::string up = p == 0 ? "../../" : "../../../../";
                std::string link = "<a href=\"" + up + "postmortems/PM-" + std::to_string(100 + i) +
                                   "/index.html\">PM-" + std::to_string(100 + i) + "</a> <span";
                CHECK_MESSAGE(count(files.at(pages[p]), link) == (p == expected ? 1 : 0), "PM-",
                              100 + i, " on page ", p + 1);
            }
        }
        CHECK(files.at(pages[0]).find("25 times an incident came back") != std::string::npos);
        // The service's page names the newest five and links to the rest.
        const std::string& api = files.at("services/api/index.html");
        CHECK(count(api, "happened after") == 5);
        CHECK(api.find("And 20 more recurrences after a verified fix. <a href=\"../../insights/"
                       "recurrences/index.html\">") != std::string::npos);
    }

    TEST_CASE("an output folder that cannot be made is a write error, not a crash") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-1"));
        kb.write("not-a-folder", "a file");
        BuildOptions options = options_for(kb);
        options.out = kb / "not-a-folder" / "site";
        DiagnosticSink sink;
        BuildResult result;
        CHECK_NOTHROW(result = build_site(options, sink));
        CHECK(result.status == k_exit_usage);
        REQUIRE(sink.error_count() == 1);
        CHECK(sink.sorted().at(0).rule == "output.write");
    }

    TEST_CASE("per_page below 10 is a configuration error") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml", "title: Paged\nper_page: 3\n");
        DiagnosticSink sink;
        CHECK(compile_site(options_for(kb), sink).status == k_exit_usage);
        CHECK(sink.sorted().at(0).rule == "config.value");
    }
}
