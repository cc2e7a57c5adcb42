#include <doctest/doctest.h>

#include "search/pipeline.hpp"

using namespace hs::search;

TEST_SUITE("search::pipeline") {
    TEST_CASE("the trimmer strips everything outside [A-Za-z0-9_] at both ends") {
        CHECK(trim("café") == "caf");
        CHECK(trim("\"quoted\"") == "quoted");
        CHECK(trim("(a.b)") == "a.b");
        CHECK(trim("__init__") == "__init__");
        CHECK(trim("!!!").empty());
        CHECK(trim("ΟΔΥΣΣΕΥΣ").empty());
        CHECK(trim("naïve") == "naïve");  // only the ends
        CHECK(trim("😀x😀") == "x");
    }

    TEST_CASE("the 119 stop words of lunr.stopWordFilter") {
        for (const char* w : {"a", "able", "the", "your", "twas", "tis", "wants", "however", "i"})
            CHECK(is_stop_word(w));
        for (const char* w : {"", "want", "thee", "The", "constructor", "__proto__", "yours"})
            CHECK_FALSE(is_stop_word(w));
    }

    TEST_CASE("trimmer, then stop words, then stemmer; only stop words are dropped") {
        CHECK(run_pipeline("(running)") == "run");
        CHECK_FALSE(run_pipeline("\"the\"").has_value());  // trimmed first, then a stop word
        CHECK(run_pipeline("!!!") == "");                  // "" is indexed as a term
        CHECK(run_pipeline("Running") == "Run");           // lower-casing is the tokenizer's job
    }
}
