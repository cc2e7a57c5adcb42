#include <doctest/doctest.h>

#include <sstream>
#include <vector>

#include "cli/app.hpp"
#include "support.hpp"

using namespace hs;

namespace {

struct Run {
    int code;
    std::string out, err;
};

Run run(std::vector<std::string> args) {
    args.insert(args.begin(), "hindsight");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    std::ostringstream out, err;
    int code = run_cli(int(argv.size()), argv.data(), out, err);
    return {code, out.str(), err.str()};
}

}  // namespace

TEST_SUITE("cli::app") {
    TEST_CASE("build prints what it wrote and exits 0") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1"));
        auto r = run({"build", "-C", kb.path().string(), "--jobs", "2"});
        CHECK(r.code == 0);
        CHECK(r.out.find("Built ") == 0);
        CHECK(fs::exists(kb / "site/postmortems/PM-1/index.html"));
        auto again = run({"build", "-C", kb.path().string()});
        CHECK(again.out.find("0 written") != std::string::npos);  // nothing changed
    }

    TEST_CASE("content errors exit 1 and print paths as the user named the knowledge base") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", "");
        auto r = run({"build", "-C", kb.path().string()});
        CHECK(r.code == 1);
        CHECK(r.err.find(kb.path().string() +
                         "/content/postmortems/a.md:1:1: error: the file is empty") == 0);
        CHECK(r.err.find("nothing was written") != std::string::npos);
    }

    TEST_CASE("usage errors exit 2") {
        CHECK(run({}).code == 2);
        CHECK(run({"frobnicate"}).code == 2);
        CHECK(run({"build", "--as-of", "2026-02-30"}).code == 2);
        CHECK(run({"build", "-C", "/nonexistent"}).code == 2);
        CHECK(run({"--help"}).code == 0);
    }
}
