// `aliases:` — earlier ids and old paths of a post-mortem lead to it through redirect pages.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "pipeline/build.hpp"
#include "support.hpp"
#include "util/files.hpp"

using namespace hs;
using hs::test::postmortem_text;
using hs::test::TempDir;

namespace {

BuildOptions options_for(const TempDir& kb) {
    BuildOptions options;
    options.root = kb.path();
    options.out = kb / "site";
    options.jobs = 2;
    return options;
}

std::string page(const TempDir& kb, const std::string& path) {
    return read_file(kb / "site" / path).value_or("");
}

// The file a relative href on the page at `from` leads to, from the site's root.
std::string followed(const std::string& from, const std::string& href) {
    return (fs::path(from).parent_path() / href).lexically_normal().generic_string();
}

// The href of the first `<a href="…">` on a page.
std::string first_link(const std::string& html) {
    auto at = html.find("<a href=\"");
    REQUIRE(at != std::string::npos);
    at += 9;
    return html.substr(at, html.find('"', at) - at);
}

}  // namespace

TEST_SUITE("pipeline::aliases") {
    TEST_CASE("an old id and an old path each get a redirect page to the post-mortem") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md",
                 postmortem_text("PM-017",
                                 "aliases: [PM-17, /wiki/solver-nulls/, "
                                 "/old/incident-9.html, /postmortems/INC-9/]\n"));
        DiagnosticSink sink;
        REQUIRE(build_site(options_for(kb), sink).status == k_exit_ok);
        for (const std::string path :
             {"postmortems/PM-17/index.html", "wiki/solver-nulls/index.html", "old/incident-9.html",
              "postmortems/INC-9/index.html"}) {
            std::string html = page(kb, path);
            REQUIRE_MESSAGE(!html.empty(), path);
            std::string href = first_link(html);
            CHECK_MESSAGE(followed(path, href) == "postmortems/PM-017/index.html", path);
            CHECK(html.find("http-equiv=\"refresh\" content=\"0; url=" + href + "\"") !=
                  std::string::npos);
            CHECK(html.find("noindex") != std::string::npos);
            CHECK(page(kb, "sitemap.xml").find(path) == std::string::npos);
        }
        auto exported = nlohmann::json::parse(page(kb, "api/postmortems.json"));
        CHECK(exported[0]["aliases"] ==
              nlohmann::json::array(
                  {"PM-17", "/wiki/solver-nulls/", "/old/incident-9.html", "/postmortems/INC-9/"}));
        auto ids = nlohmann::json::parse(page(kb, "search/ids.json"));
        CHECK(ids[0][0] == "PM-017");
        CHECK(ids[0][2][0] == "PM-17");
    }

    TEST_CASE("the canonical link of a redirect page is the post-mortem's address") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-2", "aliases: [PM-02]\n"));
        auto options = options_for(kb);
        options.base_url = "https://kb.example.com/";
        DiagnosticSink sink;
        REQUIRE(build_site(options, sink).status == k_exit_ok);
        CHECK(
            page(kb, "postmortems/PM-02/index.html")
                .find(
                    "<link rel=\"canonical\" href=\"https://kb.example.com/postmortems/PM-2/\">") !=
            std::string::npos);
    }

    TEST_CASE(
        "an alias that is not an id or a path, or that lands on the site's pages, is an "
        "error at its place") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md",
                 postmortem_text("PM-1",
                                 "aliases:\n  - incidents/old\n  - /services/api/\n"
                                 "  - /a/../b/\n  - /\n  - /x/index.html/y\n"));
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_content);
        auto d = sink.sorted();
        REQUIRE(d.size() == 5);
        for (const auto& one : d) {
            CHECK(one.rule == "schema.alias");
            CHECK(one.pos.path == "content/postmortems/a.md");
            CHECK(one.pos.col == 5);
        }
        CHECK(d[0].message.find("neither a post-mortem id nor a path") != std::string::npos);
        CHECK(d[1].message.find("inside `/services`") != std::string::npos);
        CHECK(d[2].message.find("`..`") != std::string::npos);
        CHECK(d[3].message.find("home page") != std::string::npos);
        CHECK(d[4].message.find("`index.html`") != std::string::npos);
        CHECK(d[1].pos.line == d[0].pos.line + 1);
        CHECK(!fs::exists(kb / "site"));
    }

    TEST_CASE("an alias that is another post-mortem's id, or another's alias, is an error") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", postmortem_text("PM-1", "aliases: [PM-2, /old/]\n"));
        kb.write("content/postmortems/b.md", postmortem_text("PM-2", "aliases: [/old]\n"));
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_content);
        auto d = sink.sorted();
        REQUIRE(d.size() == 2);
        CHECK(d[0].rule == "link.alias");
        CHECK(d[0].pos.path == "content/postmortems/a.md");
        CHECK(d[0].message.find("post-mortem PM-2's own page") != std::string::npos);
        CHECK(d[1].pos.path == "content/postmortems/b.md");
        CHECK(d[1].message.find("an alias of PM-1") != std::string::npos);
    }
}
