#include <doctest/doctest.h>

#include "render/exports.hpp"

using namespace hs;

namespace {

Site one_item_site(const std::string& title, const std::string& owner) {
    Site site;
    site.config.title = "KB";
    site.config.base_url = "https://kb.example/";
    PostMortem pm;
    pm.id = "PM-7";
    pm.title = "Outage, \"big\" one";
    pm.date = {Seconds{*parse_date("2026-03-01")}, false};
    ActionItem item;
    item.title = title;
    item.owner = owner;
    item.status = "open";
    item.due = parse_date("2026-03-10");
    pm.action_items.push_back(item);
    site.postmortems.push_back(pm);
    return site;
}

}  // namespace

TEST_SUITE("render::exports") {
    TEST_CASE("CSV quotes, doubles quotes, starts with a BOM and defuses formulas") {
        Site site = one_item_site("=HYPERLINK(\"http://evil\")", "Zoë, ops");
        auto items = all_items(site, *parse_date("2026-03-05"));
        std::string csv = items_csv(site, items);
        CHECK(csv.rfind("\xEF\xBB\xBFpostmortem,", 0) == 0);
        CHECK(csv.find("\"Outage, \"\"big\"\" one\"") != std::string::npos);
        CHECK(csv.find("\"'=HYPERLINK(\"\"http://evil\"\")\"") != std::string::npos);
        CHECK(csv.find("\"Zoë, ops\"") != std::string::npos);
        CHECK(csv.find("\r\n") != std::string::npos);
    }

    TEST_CASE("ICS: CRLF lines of at most 75 octets, folded between UTF-8 characters, escaped") {
        std::string long_title =
            "Ünïcödé; commas, and a very long title that goes on and on ✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓";
        Site site = one_item_site(long_title, "ana");
        std::string ics =
            items_ics(site, all_items(site, *parse_date("2026-03-05")), *parse_date("2026-03-05"));
        CHECK(ics.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
        CHECK(ics.find("UID:PM-7-item-1@hindsight\r\n") != std::string::npos);
        CHECK(ics.find("DTSTART;VALUE=DATE:20260310\r\n") != std::string::npos);
        CHECK(ics.find("DTEND;VALUE=DATE:20260311\r\n") != std::string::npos);
        CHECK(ics.find("Ünïcödé\\; commas\\, and") != std::string::npos);
        size_t start = 0;
        std::string unfolded;
        while (start < ics.size()) {
            size_t end = ics.find("\r\n", start);
            REQUIRE(end != std::string::npos);
            std::string line = ics.substr(start, end - start);
            CHECK(line.size() <= 75);
            CHECK(line.find('\n') == std::string::npos);
            // A continuation line never starts inside a UTF-8 sequence.
            if (line.size() > 1 && line[0] == ' ')
                CHECK((static_cast<unsigned char>(line[1]) & 0xC0) != 0x80);
            unfolded += line[0] == ' ' ? line.substr(1) : "\n" + line;
            start = end + 2;
        }
        CHECK(unfolded.find(
                  "SUMMARY:Ünïcödé\\; commas\\, and a very long title that goes on and on") !=
              std::string::npos);
        CHECK(unfolded.find("✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓ (PM-7)") != std::string::npos);
    }

    TEST_CASE("closed items are not calendar events") {
        Site site = one_item_site("Done thing", "ana");
        site.postmortems[0].action_items[0].status = "verified";
        std::string ics =
            items_ics(site, all_items(site, *parse_date("2026-03-05")), *parse_date("2026-03-05"));
        CHECK(ics.find("BEGIN:VEVENT") == std::string::npos);
    }
}
