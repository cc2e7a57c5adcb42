// Team pages: /teams/<team>/ from the registry's `team`.
#include <doctest/doctest.h>

#include "pipeline/build.hpp"
#include "support.hpp"
#include "util/files.hpp"

using namespace hs;
using hs::test::TempDir;

namespace {

std::string with_services(const std::string& id, const std::string& services) {
    std::string text = hs::test::postmortem_text(id);
    text.replace(text.find("services: [api]"), 15, "services: [" + services + "]");
    return text;
}

std::string page(const TempDir& kb, const std::string& path) {
    return read_file(kb / "site" / path).value_or("");
}

bool has(const std::string& html, const std::string& what) {
    return html.find(what) != std::string::npos;
}

}  // namespace

TEST_SUITE("pipeline::teams") {
    TEST_CASE("a team's page lists its services, incidents, stale and open items") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);  // api: team web; db: team data
        kb.write("content/postmortems/a.md", with_services("PM-1", "api, db"));
        kb.write("content/postmortems/b.md", with_services("PM-2", "api"));
        BuildOptions options;
        options.root = kb.path();
        options.out = kb / "site";
        options.as_of = parse_date("2026-03-20");  // both items overdue
        DiagnosticSink sink;
        REQUIRE(build_site(options, sink).status == k_exit_stale);

        std::string web = page(kb, "teams/web/index.html");
        CHECK(has(web, "<h1>web</h1>"));
        CHECK(has(web, "href=\"../../services/api/index.html\">API</a>"));
        CHECK(has(web, "<dt>Post-mortems</dt><dd>2</dd>"));  // PM-1 once, though it has two
        CHECK(has(web, "data-finding=\"overdue|PM-1|0\""));
        CHECK(has(web, "data-finding=\"overdue|PM-2|0\""));
        CHECK(has(web, "id=\"hs-team-open\""));

        std::string data = page(kb, "teams/data/index.html");
        CHECK(has(data, "<dt>Post-mortems</dt><dd>1</dd>"));
        CHECK(has(data, "data-finding=\"overdue|PM-1|0\""));
        CHECK_FALSE(has(data, "data-finding=\"overdue|PM-2|0\""));
        CHECK_FALSE(has(data, "<a href=\"../../postmortems/PM-2/index.html\">Incident PM-2</a>"));

        std::string teams = page(kb, "teams/index.html");
        CHECK(has(teams, "href=\"../teams/web/index.html\">web</a>"));
        CHECK(has(teams, "Services: API"));
        CHECK(has(page(kb, "services/api/index.html"),
                  "<dt>Team</dt><dd><a href=\"../../teams/web/index.html\">web</a></dd>"));
        CHECK(has(page(kb, "services/index.html"), "href=\"../teams/index.html\""));
    }

    TEST_CASE("a registry without teams makes no team pages and no link to them") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/services.yaml", "- { id: api, name: API }\n");
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1"));
        BuildOptions options;
        options.root = kb.path();
        options.out = kb / "site";
        DiagnosticSink sink;
        REQUIRE(build_site(options, sink).status == k_exit_ok);
        CHECK_FALSE(fs::exists(kb / "site/teams"));
        CHECK_FALSE(has(page(kb, "services/index.html"), "teams/"));
    }
}
