#include <doctest/doctest.h>

#include "output/link_check.hpp"

using namespace hs;

TEST_SUITE("output::link_check") {
    TEST_CASE("relative links must name a page of the site, and fragments an id on it") {
        SiteFiles site;
        site.add(
            "index.html",
            "<a href=\"postmortems/A/index.html\">a</a> <a href=\"tags/\">t</a> "
            "<a href=\"postmortems/A/index.html#timeline\">ok</a> <a href=\"#top\">top</a> "
            "<a href=\"https://example.com/x\">x</a> <a href=\"/kb/abs\">root-relative</a> "
            "<a href=\"mailto:a@b\">m</a> <img src=\"assets/logo.png\"> <h1 id=\"top\">T</h1>");
        site.add("postmortems/A/index.html",
                 "<h2 id=\"timeline\">T</h2> <a href=\"../B/index.html\">gone</a> "
                 "<a href=\"../../index.html#nope\">bad fragment</a> <a "
                 "href=\"../../../../etc\">out</a> "
                 "<a href=\"?q=a&amp;b=c\">query</a>");
        site.add("tags/index.html", "");
        auto broken = check_links(site);
        REQUIRE(broken.size() == 4);
        CHECK(broken[0].page == "index.html");
        CHECK(broken[0].href == "assets/logo.png");
        CHECK(broken[1].href == "../B/index.html");
        CHECK(broken[2].href == "../../index.html#nope");
        CHECK(broken[2].why.find("nope") != std::string::npos);
        CHECK(broken[3].href == "../../../../etc");
    }
}
