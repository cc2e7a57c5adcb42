#include <doctest/doctest.h>

#include "render/urls.hpp"

using namespace hs;

TEST_SUITE("render::urls") {
    TEST_CASE("links are relative to the page, so any base path and file:// work") {
        CHECK(Linker::for_page("index.html").to("services/api/index.html") ==
              "services/api/index.html");
        CHECK(Linker::for_page("postmortems/PM-1/index.html").to("tags/db/index.html") ==
              "../../tags/db/index.html");
        CHECK(Linker::for_page("services/index.html").to("assets/style.css") ==
              "../assets/style.css");
    }

    TEST_CASE("404.html links from base_url because it is served at any depth") {
        CHECK(Linker::from_base("/kb/").to("index.html") == "/kb/index.html");
    }

    TEST_CASE("canonical URLs only for an absolute base_url") {
        CHECK(canonical_url("https://acme.github.io/pm/", "postmortems/PM-1/index.html") ==
              "https://acme.github.io/pm/postmortems/PM-1/");
        CHECK(canonical_url("/", "index.html").empty());
    }
}
