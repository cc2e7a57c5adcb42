#pragma once
// Charts as inline SVG, made at build time: no JavaScript, readable with a title and a
// description for screen readers; pages put the same numbers in a table beside them.
#include <string>
#include <vector>

namespace hs {

struct ChartSeries {
    std::string name;
    std::string css_class;       // colors come from the theme's stylesheet
    std::vector<double> values;  // one per label
};

struct BarChart {
    std::string title;
    std::string description;
    std::vector<std::string> labels;  // along the x axis
    std::vector<ChartSeries> series;  // stacked, first at the bottom
};

// Safe to insert unescaped: every text from the chart is escaped for XML.
std::string render_bar_chart(const BarChart& chart);

// "2026-Q3"
std::string quarter_of(int year, unsigned month);

}  // namespace hs
