#include <doctest/doctest.h>

#include <thread>

#include "analysis/similarity.hpp"

using namespace hs;

namespace {

PostMortem pm(std::string id, std::vector<std::string> services, std::string category,
              std::string body, std::vector<std::string> tags = {}) {
    PostMortem p;
    p.id = std::move(id);
    p.title = "Incident";
    p.services = std::move(services);
    p.category = std::move(category);
    p.body = std::move(body);
    p.tags = std::move(tags);
    return p;
}

}  // namespace

TEST_SUITE("analysis::similarity") {
    TEST_CASE("shared services, category, tags and words rank candidates; never itself") {
        Site site;
        site.services = {{"api", "API", "", 0, "", {}},
                         {"db", "DB", "", 0, "", {}},
                         {"web", "Web", "", 0, "", {}}};
        site.config.categories = {"capacity", "deployment"};
        site.postmortems = {
            pm("A", {"db"}, "capacity", "pgbouncer pool exhausted connections replica lag",
               {"postgres"}),
            pm("B", {"db"}, "capacity", "pgbouncer pool exhausted connections again", {"postgres"}),
            pm("C", {"db"}, "deployment", "a release went wrong"),
            pm("D", {"web"}, "deployment", "pgbouncer pool connections mentioned in passing"),
            pm("E", {"api"}, "deployment", "unrelated css change broke a button"),
        };
        auto similar = find_similar(site, build_taxonomies(site));
        REQUIRE(similar.size() == 5);
        REQUIRE(similar[0].size() >= 2);
        CHECK(similar[0][0].postmortem == 1);  // B: same service, category, tag and words
        CHECK(similar[0][1].postmortem == 2);  // C: same service only
        for (size_t i = 0; i < similar.size(); ++i)
            for (const auto& s : similar[i])
                CHECK(s.postmortem != i);
        CHECK(similar[4].empty());  // E shares nothing worth a score of 2
    }

    TEST_CASE("at most five, and the same answer every time") {
        Site site;
        site.services = {{"api", "API", "", 0, "", {}}};
        site.config.categories = {"capacity"};
        for (int i = 0; i < 12; ++i)
            site.postmortems.push_back(
                pm("P" + std::to_string(i), {"api"}, "capacity", "timeouts in the api"));
        auto once = find_similar(site, build_taxonomies(site));
        auto again = find_similar(site, build_taxonomies(site));
        CHECK(once[0].size() == 5);
        for (size_t i = 0; i < once.size(); ++i)
            for (size_t k = 0; k < once[i].size(); ++k)
                CHECK(once[i][k].postmortem == again[i][k].postmortem);
    }

    TEST_CASE("a large service draws candidates from its 64 nearest in time; any --jobs agrees") {
        Site site;
        site.services = {{"api", "API", "", 0, "", {}}};
        site.config.categories = {"capacity"};
        // 400 post-mortems of one service; the first (newest) and the last share rare words.
        for (int i = 0; i < 400; ++i)
            site.postmortems.push_back(pm("P" + std::to_string(i), {"api"}, "capacity",
                                          i == 0 || i == 399
                                              ? "zebracorn quokkafire outage"
                                              : "timeouts word" + std::to_string(i)));
        auto taxonomies = build_taxonomies(site);
        auto one = find_similar(site, taxonomies, 5, 1);
        auto two = find_similar(site, taxonomies, 5, 2);
        for (size_t i = 0; i < one.size(); ++i) {
            REQUIRE(one[i].size() == two[i].size());
            for (size_t k = 0; k < one[i].size(); ++k) {
                CHECK(one[i][k].postmortem == two[i][k].postmortem);
                CHECK(one[i][k].score == two[i][k].score);
            }
        }
        // Shared words reach across the whole list; a shared service alone only nearby.
        REQUIRE(!one[0].empty());
        CHECK(one[0][0].postmortem == 399);
        for (size_t i = 1; i < 399; ++i)
            for (const auto& s : one[i])
                CHECK((s.postmortem + 64 >= i && s.postmortem <= i + 64));
    }

    TEST_CASE("scored when asked, in any order and from any thread, with the same answers") {
        Site site;
        site.services = {{"api", "API", "", 0, "", {}}, {"db", "DB", "", 0, "", {}}};
        site.config.categories = {"capacity", "deployment"};
        for (int i = 0; i < 40; ++i)
            site.postmortems.push_back(pm(
                "P" + std::to_string(i), {i % 3 ? "api" : "db"}, i % 2 ? "capacity" : "deployment",
                "timeouts word" + std::to_string(i % 7) + " more" + std::to_string(i % 5)));
        auto taxonomies = build_taxonomies(site);
        auto in_order = find_similar(site, taxonomies);
        auto backwards = find_similar(site, taxonomies);
        auto threaded = find_similar(site, taxonomies);
        std::vector<std::vector<SimilarIncident>> expected;
        for (size_t i = 0; i < site.postmortems.size(); ++i)
            expected.push_back(in_order[i]);
        for (size_t i = site.postmortems.size(); i-- > 0;)
            (void)backwards[i];
        std::thread other([&] {
            for (size_t i = 0; i < site.postmortems.size(); i += 2)
                (void)threaded[i];
        });
        for (size_t i = 0; i < site.postmortems.size(); ++i)
            (void)threaded[i];
        other.join();
        for (size_t i = 0; i < site.postmortems.size(); ++i)
            for (const auto* answer : {&backwards[i], &threaded[i]}) {
                REQUIRE(answer->size() == expected[i].size());
                for (size_t k = 0; k < answer->size(); ++k) {
                    CHECK((*answer)[k].postmortem == expected[i][k].postmortem);
                    CHECK((*answer)[k].score == expected[i][k].score);
                }
            }
        CHECK(!expected[0].empty());
    }

    TEST_CASE("words match whatever their case; stop words, short words and numbers do not") {
        Site site;
        site.services = {{"api", "API", "", 0, "", {}}, {"db", "DB", "", 0, "", {}}};
        site.config.categories = {"capacity", "deployment"};
        // A and B share nothing but words written in another case; C and D only words that do
        // not count.
        site.postmortems = {pm("A", {"api"}, "capacity", "ZEBRACORN Quokkafire"),
                            pm("B", {"db"}, "deployment", "zebracorn quokkafire"),
                            pm("C", {"api"}, "deployment", "because should 4711 ox"),
                            pm("D", {"db"}, "capacity", "Because SHOULD 4711 OX")};
        for (int i = 0; i < 30; ++i)  // enough others that the words above are rare
            site.postmortems.push_back(
                pm("X" + std::to_string(i), {}, "capacity", "filler" + std::to_string(i)));
        auto similar = find_similar(site, build_taxonomies(site));
        REQUIRE(!similar[0].empty());
        CHECK(similar[0][0].postmortem == 1);
        for (const auto& s : similar[2])
            CHECK(s.postmortem != 3);
    }
}
