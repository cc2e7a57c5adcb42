#include <doctest/doctest.h>

#include "render/theme.hpp"

using namespace hs;

namespace {

std::string expand(const std::string& body, const nlohmann::json& view) {
    DiagnosticSink sink;
    auto theme =
        Theme::from_files({{"templates/t.html", "{{%AUTOESCAPE context=\"HTML\"}}" + body}}, sink);
    REQUIRE(theme);
    return theme->render("t", view);
}

}  // namespace

TEST_SUITE("render::json_dict") {
    TEST_CASE("scalars become variables, booleans and objects sections") {
        nlohmann::json view = {
            {"s", "x"}, {"n", 3}, {"yes", true}, {"no", false}, {"o", {{"k", "v"}}}};
        CHECK(expand("{{s}}{{n}}{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#o}}{{k}}{{/o}}", view) ==
              "x3Yv");
    }

    TEST_CASE("arrays repeat sections; an empty array shows the _empty section") {
        nlohmann::json view = {{"a", {{{"k", "1"}}, {{"k", "2"}}}},
                               {"e", nlohmann::json::array()},
                               {"scalars", {"p", "q"}},
                               {"outer", "o"}};
        CHECK(expand("{{#a}}[{{k}}{{outer}}]{{/a}}{{#e}}E{{/e}}{{#e_empty}}none{{/e_empty}}"
                     "{{#scalars}}{{value}}{{/scalars}}",
                     view) == "[1o][2o]nonepq");
    }
}
