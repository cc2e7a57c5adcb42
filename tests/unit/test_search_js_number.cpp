#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "search/js_json.hpp"
#include "search/js_number.hpp"

using namespace hs::search;

// What String(n) and JSON.stringify print in Node.js.
TEST_SUITE("search::js_number") {
    TEST_CASE("integers without a fraction, shortest round-trip digits otherwise") {
        CHECK(js_number(0) == "0");
        CHECK(js_number(-0.0) == "0");
        CHECK(js_number(2) == "2");
        CHECK(js_number(-1) == "-1");
        CHECK(js_number(0.1) == "0.1");
        CHECK(js_number(0.1 + 0.2) == "0.30000000000000004");
        CHECK(js_number(17.263) == "17.263");
        CHECK(js_number(1.5) == "1.5");
    }

    TEST_CASE("decimal notation from 1e-6 up to 1e21, exponents outside") {
        CHECK(js_number(1e-6) == "0.000001");
        CHECK(js_number(1e-7) == "1e-7");
        CHECK(js_number(-2.5e-8) == "-2.5e-8");
        CHECK(js_number(1.23e-18) == "1.23e-18");
        CHECK(js_number(1e20) == "100000000000000000000");
        CHECK(js_number(1e21) == "1e+21");
        CHECK(js_number(1152921504606846976.0) == "1152921504606847000");  // 2^60
        CHECK(js_number(9007199254740992.0) == "9007199254740992");
        CHECK(js_number(9.808292530117266e+29) == "9.808292530117266e+29");
        CHECK(js_number(5e-324) == "5e-324");
        CHECK(js_number(1.7976931348623157e308) == "1.7976931348623157e+308");
    }

    TEST_CASE("non-finite numbers") {
        CHECK(js_number(std::numeric_limits<double>::quiet_NaN()) == "NaN");
        CHECK(js_number(-std::numeric_limits<double>::infinity()) == "-Infinity");
        nlohmann::ordered_json j = {std::numeric_limits<double>::infinity()};
        CHECK(dump_js(j) == "[null]");
    }

    TEST_CASE("JSON.stringify's text: compact, insertion order, minimal escapes") {
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        j["b"] = 2.0;
        j["a"] =
            nlohmann::ordered_json::array({1e-7, 3, "x\"\\\n\t\x01\x7f\u2028é", nullptr, true});
        CHECK(dump_js(j) ==
              "{\"b\":2,\"a\":[1e-7,3,\"x\\\"\\\\\\n\\t\\u0001\x7f\u2028é\",null,true]}");
        CHECK(dump_js(nlohmann::ordered_json(uint64_t(1) << 60)) == "1152921504606847000");
    }
}
