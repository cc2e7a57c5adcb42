#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

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

namespace {

// Every file under `dir` with its bytes, by relative path.
std::map<std::string, std::string> tree(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file())
            files[fs::relative(entry.path(), dir).string()] = *read_file(entry.path());
    return files;
}

// What a clean publish of `site` into an empty folder leaves.
std::map<std::string, std::string> expected_tree(const SiteFiles& site) {
    TempDir clean;
    publish(site, clean / "site");
    return tree(clean / "site");
}

}  // namespace

TEST_SUITE("output::publish") {
    TEST_CASE("killed at any point, the previous site is intact or the next build finishes") {
        SiteFiles old_site, new_site, third_site;
        old_site.add("index.html", "home v1");
        old_site.add("a/index.html", "a");
        old_site.add("gone/deep/index.html", "gone");
        new_site.add("index.html", "home v2");
        new_site.add("a/index.html", "a");
        new_site.add("b/index.html", "b");
        new_site.add("c/d/index.html", "d");
        third_site.add("index.html", "home v3");
        auto old_tree = expected_tree(old_site), new_tree = expected_tree(new_site),
             third_tree = expected_tree(third_site);

        // Count the steps of an uninterrupted publish, then end the process at each one as
        // kill -9 would: no destructors, no cleanup.
        int steps = 0;
        {
            TempDir dir;
            publish(old_site, dir / "site");
            publish(new_site, dir / "site", {}, [&] { ++steps; });
        }
        REQUIRE(steps >= 6);  // 3 staged, the commit, 3 moves, 1 removal, manifest, journal
        int committed_kills = 0;
        for (int kill_at = 1; kill_at <= steps; ++kill_at) {
            CAPTURE(kill_at);
            for (const SiteFiles* next : {&new_site, &third_site}) {
                TempDir dir;
                fs::path out = dir / "site";
                publish(old_site, out);
                write_file_atomic(out / "CNAME", "kb.example.com");  // the user's own file
                pid_t child = ::fork();
                REQUIRE(child >= 0);
                if (child == 0) {
                    int n = 0;
                    publish(new_site, out, {}, [&] {
                        if (++n == kill_at) ::_exit(9);
                    });
                    ::_exit(0);
                }
                int status = 0;
                REQUIRE(::waitpid(child, &status, 0) == child);
                REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 9));

                // Without a committed journal, a reader sees exactly one whole site (staged
                // files are not part of it).
                auto after_kill = tree(out);
                after_kill.erase("CNAME");
                std::erase_if(after_kill, [](const auto& file) {
                    return file.first.rfind(".hindsight-staging/", 0) == 0;
                });
                if (fs::exists(out / ".hindsight-journal"))
                    ++committed_kills;
                else
                    CHECK((after_kill == old_tree || after_kill == new_tree));
                // The next build (of the same site or another) recovers and is complete.
                publish(*next, out);
                auto after = tree(out);
                CHECK(after["CNAME"] == "kb.example.com");
                after.erase("CNAME");
                CHECK(after == (next == &new_site ? new_tree : third_tree));
            }
        }
        CHECK(committed_kills > 0);  // some kills did land after the commit point
    }

    TEST_CASE("a write that fails half way leaves the previous site and no staging behind") {
        TempDir dir;
        fs::path out = dir / "site";
        SiteFiles first, second;
        first.add("index.html", "home v1");
        second.add("index.html", "home v2");
        second.add("b/index.html", "b");
        publish(first, out);
        auto before = tree(out);
        int n = 0;
        CHECK_THROWS_WITH_AS(publish(second, out, {},
                                     [&] {
                                         if (++n == 1)
                                             throw std::runtime_error("No space left on device");
                                     }),
                             "No space left on device", std::runtime_error);
        CHECK(tree(out) == before);
        CHECK_FALSE(fs::exists(out / ".hindsight-staging"));
    }
}
