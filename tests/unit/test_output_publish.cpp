#include <doctest/doctest.h>

#include <sys/stat.h>

#include "output/publish.hpp"
#include "support.hpp"

using namespace hs;
using hs::test::TempDir;

namespace {

ino_t inode(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_ino;
}

}  // namespace

TEST_SUITE("output::publish") {
    TEST_CASE("a non-empty folder that hindsight did not write is refused") {
        TempDir dir;
        CHECK_FALSE(refuse_output_dir(dir / "new"));  // does not exist yet
        CHECK_FALSE(refuse_output_dir(dir.path()));   // empty
        dir.write("notes.txt", "mine");
        CHECK(refuse_output_dir(dir.path()));
        dir.write(k_manifest_name, "");
        CHECK_FALSE(refuse_output_dir(dir.path()));
        CHECK(refuse_output_dir(dir / "notes.txt"));  // a file, not a folder
    }

    TEST_CASE("only changed files are replaced, and only files of the previous build are removed") {
        TempDir dir;
        fs::path out = dir / "site";
        SiteFiles first;
        first.add("index.html", "home v1");
        first.add("a/index.html", "a");
        first.add("gone/index.html", "gone");
        auto s1 = publish(first, out);
        CHECK(s1.written == 3);
        write_file_atomic(out / "CNAME", "kb.example.com");  // the user's own file
        ino_t a_inode = inode(out / "a/index.html");

        SiteFiles second;
        second.add("index.html", "home v2");
        second.add("a/index.html", "a");
        auto s2 = publish(second, out);
        CHECK(s2.written == 1);
        CHECK(s2.unchanged == 1);
        CHECK(s2.removed == 1);
        CHECK(*read_file(out / "index.html") == "home v2");
        CHECK(inode(out / "a/index.html") == a_inode);  // untouched, not rewritten
        CHECK_FALSE(fs::exists(out / "gone"));          // its empty folder goes too
        CHECK(*read_file(out / "CNAME") == "kb.example.com");
    }

    TEST_CASE("a path the file system cannot hold is refused before anything is written") {
        TempDir dir;
        fs::path out = dir / "site";
        SiteFiles first;
        first.add("index.html", "home v1");
        publish(first, out);
        SiteFiles second;
        second.add("index.html", "home v2");
        second.add("owners/" + std::string(300, 'a') + "/index.html", "x");
        CHECK_THROWS_WITH_AS(publish(second, out), doctest::Contains("longer than 255 bytes"),
                             std::runtime_error);
        CHECK(*read_file(out / "index.html") == "home v1");  // the previous site, untouched
    }

    TEST_CASE("a manifest cannot make publish delete outside the output folder") {
        TempDir dir;
        dir.write("precious.txt", "keep");
        dir.write("site/.hindsight-manifest", "../precious.txt\n/etc/passwd\n");
        publish(SiteFiles{}, dir / "site");
        CHECK(fs::exists(dir / "precious.txt"));
    }
}

TEST_SUITE("output::publish") {
    TEST_CASE("a symlink inside the output folder cannot make publish write or delete outside it") {
        TempDir dir;
        fs::path out = dir / "site";
        SiteFiles first;
        first.add("tags/gone/index.html", "old");
        first.add("index.html", "home");
        publish(first, out);
        // Someone replaces a folder of the output with a link to their own files.
        dir.write("mine/gone/index.html", "precious");
        fs::remove_all(out / "tags");
        fs::create_directory_symlink(dir / "mine", out / "tags");

        SiteFiles second;
        second.add("index.html", "home");
        publish(second, out);  // "tags/gone/index.html" is no longer in the site
        CHECK(*read_file(dir / "mine/gone/index.html") == "precious");

        SiteFiles third;
        third.add("tags/gone/index.html", "new");
        CHECK_THROWS(publish(third, out));
        CHECK(*read_file(dir / "mine/gone/index.html") == "precious");
    }

    TEST_CASE(
        "a valid id containing `..` is still cleaned up; the manifest is rewritten only on "
        "change") {
        TempDir dir;
        fs::path out = dir / "site";
        SiteFiles first;
        first.add("postmortems/v1..2/index.html", "x");
        publish(first, out);
        ino_t manifest = inode(out / k_manifest_name);
        publish(first, out);
        CHECK(inode(out / k_manifest_name) == manifest);
        publish(SiteFiles{}, out);
        CHECK_FALSE(fs::exists(out / "postmortems/v1..2/index.html"));
    }
}
