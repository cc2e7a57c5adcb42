#include <doctest/doctest.h>

#include "util/dates.hpp"

using namespace hs;

TEST_SUITE("util::dates") {
    TEST_CASE("parse_date accepts real calendar days only") {
        CHECK(parse_date("2026-03-14"));
        CHECK(parse_date("2024-02-29"));        // leap year
        CHECK_FALSE(parse_date("2026-02-29"));  // not a leap year
        CHECK_FALSE(parse_date("2026-13-01"));
        CHECK_FALSE(parse_date("2026-3-14"));
        CHECK_FALSE(parse_date("2026-03-14T10:00:00Z"));
        CHECK_FALSE(parse_date("14/03/2026"));
        CHECK_FALSE(parse_date(""));
        CHECK(format_date(*parse_date("2024-02-29")) == "2024-02-29");
    }

    TEST_CASE("parse_timestamp reads dates, times and offsets as UTC instants") {
        auto t = parse_timestamp("2026-03-14T09:12:00Z");
        REQUIRE(t);
        CHECK(t->has_time);
        CHECK(format_iso(*t) == "2026-03-14T09:12:00Z");
        auto offset = parse_timestamp("2026-03-14T11:12+02:00");
        REQUIRE(offset);
        CHECK(offset->instant == t->instant);
        auto date_only = parse_timestamp("2026-03-14");
        REQUIRE(date_only);
        CHECK_FALSE(date_only->has_time);
        CHECK(format_timestamp(*date_only) == "2026-03-14");
        CHECK(format_timestamp(*t) == "2026-03-14 09:12 UTC");
        CHECK(parse_timestamp("2026-03-14 09:12"));
        CHECK_FALSE(parse_timestamp("2026-03-14T25:00Z"));
        CHECK_FALSE(parse_timestamp("2026-03-14T09:12Zjunk"));
        CHECK_FALSE(parse_timestamp("yesterday"));
    }

    TEST_CASE("an offset can move the instant to the previous day") {
        auto t = parse_timestamp("2026-03-01T01:00:00+03:00");
        REQUIRE(t);
        CHECK(format_date(t->day()) == "2026-02-28");
    }

    TEST_CASE("durations and human dates") {
        using namespace std::chrono;
        CHECK(format_duration(minutes{12}) == "12m");
        CHECK(format_duration(minutes{85}) == "1h 25m");
        CHECK(format_duration(hours{76}) == "3d 4h");
        CHECK(format_duration(seconds{-5}) == "0m");
        CHECK(format_human_date(*parse_date("2026-11-03")) == "3 Nov 2026");
    }
}
