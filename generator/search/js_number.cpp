#include "search/js_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace hs::search {

void append_js_number(std::string& out, double value) {
    if (std::isnan(value)) return out.append("NaN"), void();
    if (value == 0) return out.push_back('0');
    if (value < 0) out.push_back('-'), value = -value;
    if (std::isinf(value)) return out.append("Infinity"), void();

    // Shortest round-trip digits d1.d2d3…e±x, rearranged by ECMA-262 Number::toString. The
    // digits stay in a local array: an index writes millions of weights.
    char buf[64];
    auto end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific).ptr;
    std::string_view sci(buf, size_t(end - buf));
    size_t e_at = sci.find('e');
    char digit_buf[32];
    size_t k = 0;  // how many digits
    for (size_t i = 0; i < e_at; ++i)
        if (sci[i] != '.') digit_buf[k++] = sci[i];
    std::string_view digits(digit_buf, k);
    int exponent = 0;
    const char* exp_begin = sci.data() + e_at + (sci[e_at + 1] == '+' ? 2 : 1);
    std::from_chars(exp_begin, sci.data() + sci.size(), exponent);
    int n = exponent + 1;  // value = 0.digits × 10^n

    if (int(k) <= n && n <= 21) {
        out += digits;
        out.append(size_t(n) - k, '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, size_t(n));
        out.push_back('.');
        out += digits.substr(size_t(n));
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(size_t(-n), '0');
        out += digits;
    } else {
        out.push_back(digits[0]);
        if (k > 1) out.push_back('.'), out += digits.substr(1);
        out.push_back('e');
        out.push_back(n - 1 >= 0 ? '+' : '-');
        char exp_buf[8];
        out.append(exp_buf, std::to_chars(exp_buf, exp_buf + sizeof exp_buf, std::abs(n - 1)).ptr);
    }
}

std::string js_number(double value) {
    std::string out;
    append_js_number(out, value);
    return out;
}

}  // namespace hs::search
