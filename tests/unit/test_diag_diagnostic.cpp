#include <doctest/doctest.h>

#include <sstream>

#include "diag/diagnostic.hpp"

using namespace hs;

TEST_SUITE("diag::diagnostic") {
    TEST_CASE("diagnostics print as path:line:col: severity: message [rule] with a hint") {
        DiagnosticSink sink;
        sink.warning({"b.md", 3, 1}, "unknown key `sevrity`", "schema.unknown-key",
                     "did you mean `severity`?");
        sink.error({"a.md", 10, 4}, "bad date", "schema.date");
        sink.error({"a.md", 2, 7}, "missing title", "schema.required");
        CHECK(sink.error_count() == 2);
        CHECK(sink.warning_count() == 1);
        std::ostringstream out;
        print_text(out, sink.sorted(), "kb/");
        CHECK(out.str() ==
              "kb/a.md:2:7: error: missing title [schema.required]\n"
              "kb/a.md:10:4: error: bad date [schema.date]\n"
              "kb/b.md:3:1: warning: unknown key `sevrity` [schema.unknown-key]\n"
              "  hint: did you mean `severity`?\n");
    }

    TEST_CASE("a problem without a file is attributed to the program") {
        std::ostringstream out;
        print_text(out, {{Severity::error, {}, "out is not empty", "output.refused", ""}});
        CHECK(out.str() == "hindsight: error: out is not empty [output.refused]\n");
    }
}
