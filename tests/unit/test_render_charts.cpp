#include <doctest/doctest.h>

#include <regex>

#include "render/charts.hpp"

using namespace hs;

namespace {

BarChart chart_of(const std::vector<std::string>& names) {
    BarChart chart{"By category", "Post-mortems per quarter", {"2026-Q1", "2026-Q2"}, {}};
    for (size_t i = 0; i < names.size(); ++i)
        chart.series.push_back({names[i], "cat-" + std::to_string(i + 1), {1, 2}});
    return chart;
}

double view_height(const std::string& svg) {
    std::smatch m;
    REQUIRE(std::regex_search(svg, m, std::regex("viewBox=\"0 0 640[.0]* ([0-9.]+)\"")));
    return std::stod(m[1]);
}

}  // namespace

TEST_SUITE("render::charts") {
    TEST_CASE("a legend too long for one row wraps inside the chart instead of running off it") {
        std::string svg =
            render_bar_chart(chart_of({"deployment", "config-change", "capacity", "dependency",
                                       "hardware", "security", "data-loss"}));
        double height = view_height(svg);
        CHECK(height > 240);
        std::regex legend("<text class=\"legend\" x=\"([0-9.]+)\" y=\"([0-9.]+)\">([^<]*)</text>");
        size_t keys = 0;
        for (auto it = std::sregex_iterator(svg.begin(), svg.end(), legend);
             it != std::sregex_iterator(); ++it, ++keys) {
            double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
            CAPTURE((*it)[3].str());
            CHECK(x + 7.0 * double((*it)[3].length()) <= 640);  // the estimate the layout uses
            CHECK(y <= height);
        }
        CHECK(keys == 7);
    }

    TEST_CASE("a short legend keeps the chart at its usual height") {
        CHECK(view_height(render_bar_chart(chart_of({"SEV1", "SEV2"}))) == 240);
    }
}
