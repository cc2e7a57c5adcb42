#pragma once
// Calendar dates and UTC instants, parsed from the ISO 8601 subset that post-mortems use.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hs {

using Days = std::chrono::sys_days;
using Seconds = std::chrono::sys_seconds;

// A point in time from front matter: `2026-03-14` (a date) or `2026-03-14T09:12:00Z` (an
// instant). Date-only values count as midnight UTC when durations are computed.
struct Timestamp {
    Seconds instant{};
    bool has_time = false;

    Days day() const { return std::chrono::floor<std::chrono::days>(instant); }
    auto operator<=>(const Timestamp&) const = default;
};

// `YYYY-MM-DD`, a real calendar day (leap years checked).
std::optional<Days> parse_date(std::string_view text);
// `YYYY-MM-DD`, or that followed by `T` or a space, `HH:MM[:SS]` and an optional `Z` or `±HH:MM`
// offset (no offset means UTC).
std::optional<Timestamp> parse_timestamp(std::string_view text);

std::string format_date(Days day);                    // 2026-03-14
std::string format_timestamp(const Timestamp& t);     // 2026-03-14 09:12 UTC, or the date alone
std::string format_iso(const Timestamp& t);           // 2026-03-14T09:12:00Z
std::string format_human_date(Days day);              // 14 Mar 2026
std::string format_duration(std::chrono::seconds d);  // 1h 25m, 3d 4h, 12m
int year_of(Days day);
// Whole days from `from` to `to`: 0 on the same day, negative when `to` is earlier.
int days_between(Days from, Days to);

Days today_utc();

}  // namespace hs
