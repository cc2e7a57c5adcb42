#include "util/dates.hpp"

#include <array>
#include <cstdio>

namespace hs {
namespace {

// Reads exactly `n` digits at `pos`, advancing it.
std::optional<int> digits(std::string_view s, size_t& pos, size_t n) {
    if (pos + n > s.size()) return std::nullopt;
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
}

bool expect(std::string_view s, size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

std::optional<Days> parse_date_at(std::string_view s, size_t& pos) {
    auto y = digits(s, pos, 4);
    if (!y || !expect(s, pos, '-')) return std::nullopt;
    auto m = digits(s, pos, 2);
    if (!m || !expect(s, pos, '-')) return std::nullopt;
    auto d = digits(s, pos, 2);
    if (!d) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{unsigned(*m)},
                                    std::chrono::day{unsigned(*d)}};
    if (!ymd.ok()) return std::nullopt;
    return Days{ymd};
}

}  // namespace

std::optional<Days> parse_date(std::string_view text) {
    size_t pos = 0;
    auto day = parse_date_at(text, pos);
    if (!day || pos != text.size()) return std::nullopt;
    return day;
}

std::optional<Timestamp> parse_timestamp(std::string_view s) {
    size_t pos = 0;
    auto day = parse_date_at(s, pos);
    if (!day) return std::nullopt;
    if (pos == s.size()) return Timestamp{Seconds{*day}, false};
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    auto hh = digits(s, pos, 2);
    if (!hh || !expect(s, pos, ':')) return std::nullopt;
    auto mm = digits(s, pos, 2);
    if (!mm) return std::nullopt;
    int ss = 0;
    if (expect(s, pos, ':')) {
        auto sec = digits(s, pos, 2);
        if (!sec) return std::nullopt;
        ss = *sec;
        if (expect(s, pos, '.')) {  // fractional seconds are accepted and dropped
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
                ++pos;
        }
    }
    if (*hh > 23 || *mm > 59 || ss > 59) return std::nullopt;
    int offset_minutes = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        auto oh = digits(s, pos, 2);
        if (!oh) return std::nullopt;
        expect(s, pos, ':');
        auto om = digits(s, pos, 2);
        if (!om || *oh > 23 || *om > 59) return std::nullopt;
        offset_minutes = sign * (*oh * 60 + *om);
    }
    if (pos != s.size()) return std::nullopt;
    using namespace std::chrono;
    Seconds t = Seconds{*day} + hours{*hh} + minutes{*mm} + seconds{ss} - minutes{offset_minutes};
    return Timestamp{t, true};
}

std::string format_date(Days day) {
    std::chrono::year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return buf;
}

std::string format_timestamp(const Timestamp& t) {
    if (!t.has_time) return format_date(t.day());
    std::chrono::hh_mm_ss hms{t.instant - t.day()};
    char buf[32];
    std::snprintf(buf, sizeof buf, " %02d:%02d UTC", int(hms.hours().count()),
                  int(hms.minutes().count()));
    return format_date(t.day()) + buf;
}

std::string format_iso(const Timestamp& t) {
    std::chrono::hh_mm_ss hms{t.instant - t.day()};
    char buf[32];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()));
    return format_date(t.day()) + buf;
}

std::string format_human_date(Days day) {
    static constexpr std::array<const char*, 12> k_months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::chrono::year_month_day ymd{day};
    return std::to_string(unsigned(ymd.day())) + " " + k_months[unsigned(ymd.month()) - 1] + " " +
           std::to_string(int(ymd.year()));
}

std::string format_duration(std::chrono::seconds d) {
    long total_minutes = long(d.count() / 60);
    if (total_minutes < 0) total_minutes = 0;
    long days = total_minutes / (24 * 60), hours = total_minutes / 60 % 24,
         minutes = total_minutes % 60;
    if (days > 0) return std::to_string(days) + "d " + std::to_string(hours) + "h";
    if (hours > 0) return std::to_string(hours) + "h " + std::to_string(minutes) + "m";
    return std::to_string(minutes) + "m";
}

int days_between(Days from, Days to) {
    return int((to - from).count());
}

int year_of(Days day) {
    return int(std::chrono::year_month_day{day}.year());
}

Days today_utc() {
    return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
}

}  // namespace hs
