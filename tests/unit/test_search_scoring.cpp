#include <doctest/doctest.h>

#include <cmath>

#include "search/js_math.hpp"
#include "search/scoring.hpp"

using namespace hs::search;

// Expected values computed by Node.js with lunr's own expressions; compared exactly.
TEST_SUITE("search::scoring") {
    TEST_CASE("Math.log, bit for bit") {
        CHECK(js_log(1.0000001) == 9.999999505838704e-8);
        CHECK(js_log(2) == 0.6931471805599453);
        CHECK(js_log(1e300) == 690.7755278982137);
        CHECK(js_log(1.5) == 0.4054651081081644);
        CHECK(js_log(1) == 0);
        CHECK(std::isinf(js_log(0)));
    }

    TEST_CASE("Math.round: halves toward +infinity, -0 kept") {
        CHECK(js_round(2.5) == 3);
        CHECK(js_round(-2.5) == -2);
        CHECK(js_round(0.49999999999999994) == 0);
        CHECK(std::signbit(js_round(-0.5)));
        CHECK(std::signbit(js_round(-0.4)));
    }

    TEST_CASE("idf counts (field, document) pairs") {
        CHECK(idf(1, 3) == 0.9808292530117264);
        CHECK(idf(3, 3) == 0.13353139262452257);
        CHECK(idf(10, 3) == 0.48183808689273844);  // more pairs than documents
        CHECK(idf(1, 1) == 0.28768207245178085);
        CHECK(idf(5000, 10000) == 0.6931471805599453);
        CHECK(idf(1, 1000000) == 13.41004644985561);
    }

    TEST_CASE("BM25 weights, boosted, rounded to three decimals") {
        double i = idf(1, 3);
        CHECK(field_weight(i, 1, 5, 5, 1, 1) == 0.981);
        CHECK(field_weight(i, 3, 12, 5.5, 10, 1) == 12.298);
        CHECK(field_weight(idf(2, 100), 7, 600, 612.25, 1, 2.5) == 17.405);
        CHECK(field_weight(i, 1, 5, 5, 0, 0) == 0.981);  // boost || 1
        CHECK(field_weight(i, 1, 5, 5, -1, 1) == -0.981);
        CHECK(field_weight(i, 1, 5, 5, 1e30, 1) == 9.808292530117266e+29);
    }
}
