#include "render/charts.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "util/strings.hpp"

namespace hs {
namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// A round step for about four gridlines.
double nice_step(double max) {
    double raw = std::max(1.0, max / 4);
    double magnitude = std::pow(10, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw) return m * magnitude;
    return 10 * magnitude;
}

}  // namespace

std::string quarter_of(int year, unsigned month) {
    return std::to_string(year) + "-Q" + std::to_string((month - 1) / 3 + 1);
}

std::string render_bar_chart(const BarChart& chart) {
    const double width = 640, one_row = 240, left = 36, right = 8, top = 12, bottom = 46, row = 16;
    // The legend wraps onto more rows rather than run past the chart's right edge (where a
    // phone would cut it off); each row makes the chart taller, never the plot smaller.
    struct Key {
        double x;
        size_t row;
    };
    std::vector<Key> keys;
    double lx = left;
    size_t rows = 1;
    for (const auto& s : chart.series) {
        double w = 24 + 7.0 * double(s.name.size());
        if (lx > left && lx + w - 10 > width - right) {
            lx = left;
            ++rows;
        }
        keys.push_back({lx, rows - 1});
        lx += w;
    }
    const double plot_h = one_row - top - bottom, height = one_row + double(rows - 1) * row;
    const double plot_w = width - left - right;
    size_t n = chart.labels.size();
    double max = 0;
    for (size_t i = 0; i < n; ++i) {
        double total = 0;
        for (const auto& s : chart.series)
            total += i < s.values.size() ? s.values[i] : 0;
        max = std::max(max, total);
    }
    double step = nice_step(max);
    double top_value = std::max(step, std::ceil(max / step) * step);
    auto y = [&](double v) { return top + plot_h - v / top_value * plot_h; };

    // Ids must be unique within a page and stable across builds: derive them from the title.
    std::string id = "hs-chart";
    for (char c : chart.title)
        id += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : '-';
    std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                      "\" role=\"img\" aria-labelledby=\"" + id + "-t " + id + "-d\">";
    svg += "<title id=\"" + id + "-t\">" + xml_escape(chart.title) + "</title>";
    svg += "<desc id=\"" + id + "-d\">" + xml_escape(chart.description) + "</desc>";
    for (double v = 0; v <= top_value + 1e-9; v += step) {
        svg += "<line class=\"grid\" x1=\"" + num(left) + "\" x2=\"" + num(width - right) +
               "\" y1=\"" + num(y(v)) + "\" y2=\"" + num(y(v)) + "\"/>";
        svg += "<text class=\"axis\" x=\"" + num(left - 6) + "\" y=\"" + num(y(v) + 4) +
               "\" text-anchor=\"end\">" + num(v).substr(0, num(v).size() - 2) + "</text>";
    }
    double slot = n ? plot_w / double(n) : plot_w;
    double bar = std::min(48.0, slot * 0.7);
    size_t label_every = std::max<size_t>(1, (n + 11) / 12);  // at most ~12 labels
    for (size_t i = 0; i < n; ++i) {
        double x = left + slot * double(i) + (slot - bar) / 2, base = 0;
        for (const auto& s : chart.series) {
            double v = i < s.values.size() ? s.values[i] : 0;
            if (v <= 0) continue;
            svg += "<rect class=\"" + xml_escape(s.css_class) + "\" x=\"" + num(x) + "\" y=\"" +
                   num(y(base + v)) + "\" width=\"" + num(bar) + "\" height=\"" +
                   num(y(base) - y(base + v)) + "\"><title>" +
                   xml_escape(chart.labels[i] + ", " + s.name + ": " +
                              num(v).substr(0, num(v).size() - 2)) +
                   "</title></rect>";
            base += v;
        }
        if (i % label_every == 0)
            svg += "<text class=\"axis\" x=\"" + num(x + bar / 2) + "\" y=\"" +
                   num(one_row - bottom + 16) + "\" text-anchor=\"middle\">" +
                   xml_escape(chart.labels[i]) + "</text>";
    }
    for (size_t k = 0; k < chart.series.size(); ++k) {
        const auto& s = chart.series[k];
        double ky = one_row + double(keys[k].row) * row;
        svg += "<rect class=\"" + xml_escape(s.css_class) + "\" x=\"" + num(keys[k].x) + "\" y=\"" +
               num(ky - 16) + "\" width=\"10\" height=\"10\"/><text class=\"legend\" x=\"" +
               num(keys[k].x + 14) + "\" y=\"" + num(ky - 7) + "\">" + xml_escape(s.name) +
               "</text>";
    }
    return svg + "</svg>";
}

}  // namespace hs
