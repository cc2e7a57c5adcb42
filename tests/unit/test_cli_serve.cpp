#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "cli/app.hpp"
#include "cli/watcher.hpp"
#include "support.hpp"

using namespace hs;

namespace {

// A port nothing listens on now, as the kernel picks one. A fixed formula (20000 plus the
// process id) sometimes fell on a port some connection of the machine had, and the server could
// not listen.
int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
              ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    ::close(fd);
    REQUIRE(ok);
    return ntohs(addr.sin_port);
}

// Polls `fetch` until `done` holds for what it returns, for at most ~10 s.
template <class Fetch, class Done>
auto eventually(Fetch fetch, Done done) {
    auto value = fetch();
    for (int i = 0; i < 100 && !done(value); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
        value = fetch();
    }
    return value;
}

// `hindsight serve -C KB --port PORT --max-seconds SECONDS` and `extra` arguments, run in a
// thread; get() asks it for a path, giving (0, "") while it does not answer.
class ServeRun {
  public:
    ServeRun(const fs::path& kb, int port, int seconds, std::vector<std::string> extra = {})
        : m_args{"hindsight",
                 "serve",
                 "-C",
                 kb.string(),
                 "--port",
                 std::to_string(port),
                 "--max-seconds",
                 std::to_string(seconds)},
          m_client("127.0.0.1", port) {
        m_args.insert(m_args.end(), extra.begin(), extra.end());
        for (auto& a : m_args)
            m_argv.push_back(a.data());
        m_thread =
            std::thread([this] { run_cli(int(m_argv.size()), m_argv.data(), m_out, m_err); });
    }
    ~ServeRun() { join(); }
    ServeRun(const ServeRun&) = delete;
    ServeRun& operator=(const ServeRun&) = delete;

    std::pair<int, std::string> get(const std::string& path) {
        auto res = m_client.Get(path.c_str());
        return res ? std::make_pair(res->status, res->body) : std::make_pair(0, std::string());
    }
    void join() {
        if (m_thread.joinable()) m_thread.join();
    }
    std::string log() const { return m_err.str(); }  // after join()

  private:
    std::vector<std::string> m_args;
    std::vector<char*> m_argv;
    std::ostringstream m_out, m_err;
    httplib::Client m_client;
    std::thread m_thread;
};

}  // namespace

TEST_SUITE("cli::serve") {
    TEST_CASE("SIGTERM and SIGINT stop the server cleanly, and the port is free again") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        // Enough post-mortems that the first build's background pass is still running when the
        // signal comes: it must not be the thread that takes it (that would kill the process).
        for (int i = 0; i < 400; ++i)
            kb.write("content/postmortems/pm" + std::to_string(i) + ".md",
                     hs::test::postmortem_text("PM-" + std::to_string(i)));
        for (int sig : {SIGTERM, SIGINT}) {
            CAPTURE(sig);
            int port = free_port();
            std::string port_text = std::to_string(port), root = kb.path().string();
            std::vector<const char*> argv = {HS_BINARY, "serve",           "-C",   root.c_str(),
                                             "--port",  port_text.c_str(), nullptr};
            pid_t pid = 0;
            REQUIRE(::posix_spawn(&pid, HS_BINARY, nullptr, nullptr,
                                  const_cast<char* const*>(argv.data()), environ) == 0);
            httplib::Client client("127.0.0.1", port);
            auto up =
                eventually([&] { return client.Get("/") ? 1 : 0; }, [](int ok) { return ok == 1; });
            REQUIRE(up == 1);
            ::kill(pid, sig);
            int status = 0;
            auto exited = eventually([&] { return ::waitpid(pid, &status, WNOHANG); },
                                     [&](pid_t r) { return r == pid; });
            if (exited != pid) ::kill(pid, SIGKILL), ::waitpid(pid, &status, 0);
            CHECK(exited == pid);
            CHECK(WIFEXITED(status));
            CHECK(WEXITSTATUS(status) == 0);
            CHECK_FALSE(client.Get("/"));  // nothing listens any more
        }
    }

    TEST_CASE("the watcher survives symlink loops, present at start or made later") {
        hs::test::TempDir dir;
        dir.write("content/postmortems/a.md", "x");
        fs::create_symlink(".", dir / "content/postmortems/loop");
        fs::create_symlink("b", dir / "content/a-to-b");
        fs::create_symlink("a-to-b", dir / "content/b");
        Watcher watcher({dir / "content"});
        fs::create_directories(dir / "content/later");
        fs::create_symlink("../later", dir / "content/later/again");
        CHECK(watcher.wait(std::chrono::milliseconds{300}));  // the new folder is a change
        CHECK_NOTHROW(watcher.wait(std::chrono::milliseconds{50}));
    }

    TEST_CASE(
        "the watcher sees a config replaced by a rename, a folder made later and what is "
        "put in it, and nothing of the output folder") {
        hs::test::TempDir kb;
        kb.write("hindsight.yaml", "title: A\n");
        kb.write("content/postmortems/a.md", "x");
        Watcher watcher({kb / "hindsight.yaml", kb / "content", kb / "themes"});
        CHECK_FALSE(watcher.wait(std::chrono::milliseconds{50}));  // idle: nothing
        kb.write("site/index.html", "built");                      // the output folder
        CHECK_FALSE(watcher.wait(std::chrono::milliseconds{100}));
        kb.write("hindsight.yaml.tmp", "title: B\n");
        CHECK_FALSE(watcher.wait(std::chrono::milliseconds{100}));     // not a watched name
        fs::rename(kb / "hindsight.yaml.tmp", kb / "hindsight.yaml");  // as editors save
        CHECK(watcher.wait(std::chrono::milliseconds{300}));
        kb.write("hindsight.yaml", "title: C\n");  // the new file is watched too
        CHECK(watcher.wait(std::chrono::milliseconds{300}));
        fs::create_directories(kb / "themes/mine/templates");  // themes/ did not exist
        CHECK(watcher.wait(std::chrono::milliseconds{300}));
        kb.write("themes/mine/templates/layout.html", "x");
        CHECK(watcher.wait(std::chrono::milliseconds{300}));
        fs::create_directories(kb / "content/postmortems/2027");
        CHECK(watcher.wait(std::chrono::milliseconds{300}));
        kb.write("content/postmortems/2027/b.md", "y");
        CHECK(watcher.wait(std::chrono::milliseconds{300}));
        CHECK_FALSE(watcher.wait(std::chrono::milliseconds{50}));
    }

    TEST_CASE("the watcher says which files changed, or that it cannot say") {
        hs::test::TempDir kb;
        kb.write("hindsight.yaml", "title: A\n");
        kb.write("content/postmortems/a.md", "x");
        kb.write("content/postmortems/b.md", "x");
        Watcher watcher({kb / "hindsight.yaml", kb / "content", kb / "themes"});
        auto write_in_place = [&](const char* rel, const char* text) {
            std::ofstream(kb / rel, std::ios::binary) << text;
        };
        write_in_place("content/postmortems/a.md", "edited");
        write_in_place("content/postmortems/.c.md.swp", "scratch");
        fs::rename(kb / "content/postmortems/.c.md.swp", kb / "content/postmortems/c.md");
        fs::remove(kb / "content/postmortems/b.md");
        while (watcher.wait(std::chrono::milliseconds{100})) {
        }
        FileChanges changes = watcher.take_changes();
        CHECK_FALSE(changes.unknown);
        std::set<fs::path> expected = {
            kb / "content/postmortems/a.md", kb / "content/postmortems/.c.md.swp",
            kb / "content/postmortems/c.md", kb / "content/postmortems/b.md"};
        CHECK(changes.paths == expected);
        CHECK(watcher.take_changes().paths.empty());  // taken

        fs::create_directories(kb / "content/postmortems/2027");  // a folder: its files unseen
        CHECK(watcher.wait(std::chrono::milliseconds{300}));
        CHECK(watcher.take_changes().unknown);
        kb.write("hindsight.yaml", "title: B\n");  // the vocabulary of every file
        CHECK(watcher.wait(std::chrono::milliseconds{300}));
        CHECK(watcher.take_changes().unknown);
        kb.write("site/index.html", "built");  // the output folder: nothing
        CHECK_FALSE(watcher.wait(std::chrono::milliseconds{100}));
        FileChanges none = watcher.take_changes();
        CHECK((none.paths.empty() && !none.unknown));
    }

    TEST_CASE("serve builds, rebuilds on a change, shows errors in the page and keeps running") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1"));
        int port = free_port();
        ServeRun server(kb.path(), port, 15);
        auto get = [&](const std::string& path) { return server.get(path); };
        auto page = eventually([&] { return get("/postmortems/PM-1/"); },
                               [](auto& r) { return r.first == 200; });
        CHECK(page.second.find("Incident PM-1") != std::string::npos);
        CHECK(page.second.find("/__hindsight/version") != std::string::npos);  // reloads itself
        CHECK(get("/assets/style.css").first == 200);
        CHECK(get("/no/such/page").first == 404);
        std::string version = get("/__hindsight/version").second;
        // The page carries the version it was made from, so its first poll already sees a
        // save made right after it loaded.
        CHECK(page.second.find("var v='" + version + "'") != std::string::npos);

        kb.write("content/postmortems/a.md",
                 hs::test::postmortem_text("PM-1", "summary: Now with a summary.\n"));
        auto changed = eventually([&] { return get("/__hindsight/version").second; },
                                  [&](auto& v) { return v != version; });
        CHECK(changed != version);
        CHECK(get("/postmortems/PM-1/").second.find("Now with a summary.") != std::string::npos);

        kb.write("content/postmortems/a.md", "---\nid: [broken\n---\n");
        auto failing = eventually([&] { return get("/"); }, [](auto& r) { return r.first == 500; });
        CHECK(failing.first == 500);
        CHECK(failing.second.find("content/postmortems/a.md:") != std::string::npos);
        CHECK(failing.second.find("invalid YAML") != std::string::npos);

        kb.write("content/postmortems/a.md", hs::test::postmortem_text("PM-1"));
        auto fixed = eventually([&] { return get("/"); }, [](auto& r) { return r.first == 200; });
        CHECK(fixed.first == 200);  // the server kept running through the error

        // Requests during rebuilds: every answer is one whole build, never half of two. Each
        // edit puts the same version number in the summary and the body.
        std::atomic<bool> editing{true};
        std::thread editor([&] {
            for (int v = 1; v <= 12; ++v) {
                std::string n = std::to_string(v);
                write_file_atomic(
                    kb / "content/postmortems/a.md",
                    hs::test::postmortem_text("PM-1", "summary: Summary v" + n + ".\n",
                                              "Body v" + n + ".\n"));
                std::this_thread::sleep_for(std::chrono::milliseconds{150});
            }
            editing = false;
        });
        int whole = 0, mixed = 0;
        std::set<std::string> seen;
        while (editing) {
            auto [status, body] = get("/postmortems/PM-1/");
            auto version_after = [&](const std::string& prefix) -> std::string {
                auto at = body.find(prefix);
                if (at == std::string::npos) return {};
                at += prefix.size();
                return body.substr(at, body.find('.', at) - at);
            };
            std::string a = version_after("Summary v"), b = version_after("Body v");
            if (status != 200 || a.empty() || b.empty()) continue;
            (a == b ? whole : mixed) += 1;
            seen.insert(a);
        }
        editor.join();
        CHECK(mixed == 0);
        CHECK(whole > 0);
        CHECK(seen.size() >= 2);  // the reads did span rebuilds

        // DNS rebinding: another name for this address gets nothing.
        httplib::Client client("127.0.0.1", port);
        auto with_host = [&](const std::string& host) {
            auto res = client.Get("/", {{"Host", host}});
            return res ? res->status : 0;
        };
        CHECK(with_host("evil.example:" + std::to_string(port)) == 403);
        CHECK(with_host("127.0.0.1.nip.io") == 403);
        CHECK(with_host("localhost:" + std::to_string(port)) == 200);
        CHECK(with_host("[::1]:" + std::to_string(port)) == 200);

        // Only the built site is served, from memory: no path reaches a file on disk.
        kb.write("content/secret.txt", "not for the web");
        for (const char* path :
             {"/../content/secret.txt", "/%2e%2e/content/secret.txt", "/..%2fcontent%2fsecret.txt",
              "//etc/passwd", "/%2Fetc%2Fpasswd", "/assets/../../hindsight.yaml"}) {
            CAPTURE(path);
            auto res = get(path);
            CHECK(res.second.find("not for the web") == std::string::npos);
            CHECK(res.second.find("root:") == std::string::npos);
            CHECK(res.first != 200);
        }
        CHECK(get("/" + std::string(20000, 'a')).first != 200);  // a long URL, and still alive
        CHECK(get("/").first == 200);

        // A burst of connections at once, all answered (bounded, loopback only).
        std::vector<std::thread> burst;
        std::atomic<int> answered{0};
        for (int i = 0; i < 64; ++i)
            burst.emplace_back([&] {
                httplib::Client c("127.0.0.1", port);
                c.set_connection_timeout(5);
                if (auto r = c.Get("/assets/style.css"); r && r->status == 200) ++answered;
            });
        for (auto& t : burst)
            t.join();
        CHECK(answered == 64);
        server.join();

        // The log shows each problem when it appears, not again on every later save, and says
        // when problems went away.
        std::string log = server.log();
        auto count = [&](const std::string& what) {
            size_t n = 0;
            for (size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1))
                ++n;
            return n;
        };
        CHECK(count("invalid YAML") == 1);
        CHECK(log.find("not shown again; 1 gone)") != std::string::npos);  // fixed on the next save
    }

    TEST_CASE("serve --public previews the public site, and follows a post-mortem made public") {
        hs::test::TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/a.md",
                 hs::test::postmortem_text("PM-1", "visibility: public\nauthors: [bo.chen]\n"));
        kb.write("content/postmortems/b.md", hs::test::postmortem_text("PM-2"));
        ServeRun server(kb.path(), free_port(), 10, {"--public"});
        auto get = [&](const std::string& path) { return server.get(path); };
        auto page = eventually([&] { return get("/postmortems/PM-1/"); },
                               [](auto& r) { return r.first == 200; });
        CHECK(page.second.find("Incident PM-1") != std::string::npos);
        CHECK(page.second.find("bo.chen") == std::string::npos);
        CHECK(get("/postmortems/PM-2/").first == 404);
        CHECK(get("/action-items/").first == 404);
        kb.write("content/postmortems/b.md",
                 hs::test::postmortem_text("PM-2", "visibility: public\n"));
        auto shown = eventually([&] { return get("/postmortems/PM-2/"); },
                                [](auto& r) { return r.first == 200; });
        CHECK(shown.first == 200);
        server.join();
    }
}
