#include <doctest/doctest.h>

#include "render/theme.hpp"

using namespace hs;

TEST_SUITE("render::theme") {
    TEST_CASE("values are escaped for the context they appear in") {
        DiagnosticSink sink;
        auto theme = Theme::from_files({{"templates/t.html",
                                         "{{%AUTOESCAPE context=\"HTML\"}}<a href=\"{{url}}\" "
                                         "title=\"{{text}}\">{{text}}</a>"}},
                                       sink);
        REQUIRE(theme);
        auto html =
            theme->render("t", {{"url", "javascript:alert(1)"}, {"text", "\"><script>x</script>"}});
        CHECK(html.find("javascript:") == std::string::npos);
        CHECK(html.find("<script>") == std::string::npos);
        CHECK(html.find("&quot;&gt;&lt;script&gt;") != std::string::npos);
        auto ok =
            theme->render("t", {{"url", "https://tracker.example/browse/NW-1"}, {"text", "t"}});
        CHECK(ok.find("href=\"https://tracker.example/browse/NW-1\"") != std::string::npos);
    }

    TEST_CASE("a '>name' value includes another template with the section's values, escaped") {
        DiagnosticSink sink;
        auto theme = Theme::from_files(
            {{"templates/page.html",
              "{{%AUTOESCAPE context=\"HTML\"}}<section>{{#s}}{{>part}}{{/s}}</section>"},
             {"templates/part.html",
              "{{%AUTOESCAPE context=\"HTML\"}}{{#kinds}}<i>{{v}}</i>{{/kinds}}"}},
            sink);
        REQUIRE(theme);
        auto html = theme->render(
            "page", {{"s", {{"kinds", {{{"v", "a"}}, {{"v", "<b>"}}}}, {">part", "part"}}}});
        CHECK(html == "<section><i>a</i><i>&lt;b&gt;</i></section>");
    }

    TEST_CASE("a template without auto-escaping or with bad syntax is refused") {
        DiagnosticSink sink;
        CHECK_FALSE(Theme::from_files({{"templates/t.html", "<p>{{x}}</p>"}}, sink));
        CHECK(sink.sorted().at(0).rule == "theme.autoescape");
        DiagnosticSink sink2;
        CHECK_FALSE(Theme::from_files(
            {{"templates/t.html", "{{%AUTOESCAPE context=\"HTML\"}}{{#a}}"}}, sink2));
        CHECK(sink2.sorted().at(0).rule == "theme.syntax");
    }

    TEST_CASE("the built-in theme is compiled in and a local theme overrides it file by file") {
        DiagnosticSink sink;
        auto builtin = Theme::load("/nonexistent-kb", "default", sink);
        REQUIRE(builtin);
        CHECK(builtin->has_template("layout"));
        CHECK(builtin->has_template("postmortem"));
        CHECK(builtin->static_files().count("style.css") == 1);
        CHECK_FALSE(Theme::load("/nonexistent-kb", "fancy", sink));
    }
}
