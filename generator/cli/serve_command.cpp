// `hindsight serve`: builds in memory, serves the site with cpp-httplib, rebuilds when content,
// config or theme change, and reloads the open page. Problems show in the terminal and on an
// error page in the browser; the server keeps running.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <atomic>

#include <csignal>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/watcher.hpp"
#include "util/memory.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

struct ServeArgs {
    CommonArgs common;
    std::string host = "127.0.0.1";
    int port = 8080;
    int max_seconds = 0;  // for tests: stop after this long
    bool verbose = false;
    bool public_site = false;
};

// One compiled version of the site. A page is made when it is first asked for and then kept,
// so a save shows after re-reading the changed file and re-analysing, without rendering the
// whole site first (Hugo's server renders only visited pages the same way).
class LiveSite {
  public:
    // The post-mortems go back to `spare` when the site is no longer served.
    LiveSite(std::unique_ptr<PlannedSite> planned, ParseMemo& spare)
        : m_planned(std::move(planned)), m_spare(spare) {}
    ~LiveSite() {  // the list goes back once nothing of the site that refers to it is left
        auto postmortems = std::move(m_planned->result.site.postmortems);
        m_planned.reset();
        m_spare.give_back(std::move(postmortems));
    }
    LiveSite(const LiveSite&) = delete;
    LiveSite& operator=(const LiveSite&) = delete;

    std::optional<std::string> file(const std::string& path) {
        {
            std::lock_guard lock(m_mutex);
            if (auto it = m_made.find(path); it != m_made.end()) return it->second;
        }
        if (!m_planned->plan->has(path)) return std::nullopt;
        std::string bytes = m_planned->plan->render(path);  // outside the lock: pages in parallel
        std::lock_guard lock(m_mutex);
        return m_made.emplace(path, std::move(bytes)).first->second;
    }

    // Keeps files made elsewhere (the search indexes, made once for the whole site).
    void keep(const std::string& path, std::string bytes) {
        std::lock_guard lock(m_mutex);
        m_made.insert_or_assign(path, std::move(bytes));
    }

    PlannedSite& planned() { return *m_planned; }

  private:
    std::unique_ptr<PlannedSite> m_planned;
    ParseMemo& m_spare;
    std::mutex m_mutex;
    std::map<std::string, std::string> m_made;
};

// What the server shows: the last good site, or the problems of the last build.
struct Snapshot {
    std::shared_ptr<LiveSite> site;
    std::string problems;  // text of the diagnostics when the last build failed
    long version = 0;
};

// Polls the version and reloads the page when it differs from the version the page was made
// from, which the page carries: a save made between serving the page and its first poll is
// not missed (the first poll used to learn the version, so such a save was).
std::string reload_script(long version) {
    return "<script>(function(){var v='" + std::to_string(version) +
           "';setInterval(function(){fetch('/__hindsight/version',{cache:'no-store'}).then("
           "function(r){return r.text()}).then(function(t){if(t!==v)location.reload()}).catch("
           "function(){})},1000)})()</script>";
}

std::string content_type(const std::string& path) {
    auto ends = [&](const char* ext) {
        std::string e(ext);
        return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".css")) return "text/css; charset=utf-8";
    if (ends(".js")) return "text/javascript; charset=utf-8";
    if (ends(".json")) return "application/json; charset=utf-8";
    if (ends(".xml")) return "application/xml; charset=utf-8";
    if (ends(".csv")) return "text/csv; charset=utf-8";
    if (ends(".ics")) return "text/calendar; charset=utf-8";
    if (ends(".svg")) return "image/svg+xml";
    if (ends(".png")) return "image/png";
    return "application/octet-stream";
}

std::string with_reload(std::string html, long version) {
    size_t at = html.rfind("</body>");
    html.insert(at == std::string::npos ? html.size() : at, reload_script(version));
    return html;
}

// What the log has shown. After the first build, a save prints only the problems it brought,
// and counts the rest, so an author sees what the save changed rather than the same thousand
// warnings again.
class ShownProblems {
  public:
    std::string report(const std::vector<Diagnostic>& problems, const std::string& prefix) {
        std::ostringstream out;
        std::set<std::string> now;
        size_t repeated = 0;
        for (const auto& d : problems) {
            std::ostringstream one;
            print_text(one, {d}, prefix);
            std::string text = one.str();
            if (m_shown.count(text))
                ++repeated;
            else
                out << text;
            now.insert(std::move(text));
        }
        size_t gone = 0;
        for (const auto& text : m_shown)
            gone += now.count(text) == 0;
        if (repeated || gone)
            out << "(" << repeated << " problem(s) as before, not shown again; " << gone
                << " gone)\n";
        m_shown = std::move(now);
        return out.str();
    }

  private:
    std::set<std::string> m_shown;
};

// Rebuilds in two steps. First the site is planned (files re-read, unchanged ones reused from
// the memo, everything re-analysed) and served at once. Then, in the background, every file is
// made to check the links between them and to build the search index; a broken link turns the
// preview into the error page. A newer save stops that second step.
class Preview {
  public:
    Preview(BuildOptions options, std::string prefix, bool verbose)
        : m_options(std::move(options)), m_prefix(std::move(prefix)), m_verbose(verbose) {
        m_options.memo = &m_memo;
        m_memo.parse.changes.watch();  // each rebuild after the first is told what changed
    }
    ~Preview() {
        stop_finishing();
        for (auto& t : m_finishers)
            t.join();
    }

    // `changes`: what the watcher saw change since the last rebuild; null for the first.
    void rebuild(std::ostream& log, const FileChanges* changes = nullptr) {
        auto start = std::chrono::steady_clock::now();
        if (changes) m_memo.parse.changes.changed(m_options.root, changes->paths, changes->unknown);
        stop_finishing();
        DiagnosticSink sink;
        std::unique_ptr<PlannedSite> planned;
        try {
            planned = plan_site(m_options, sink);
        } catch (const std::exception& e) {
            sink.error({}, e.what(), "internal");
        }
        bool ok = planned && planned->result.status == k_exit_ok && !sink.has_errors();
        std::vector<StepTime> steps = planned ? planned->result.steps : std::vector<StepTime>{};
        std::shared_ptr<LiveSite> live =
            ok ? std::make_shared<LiveSite>(std::move(planned), m_memo.parse) : nullptr;
        std::string failure;
        if (!ok) {
            std::ostringstream text;
            print_text(text, sink.sorted(), m_prefix);
            failure = text.str();
        }
        auto published = publish(live, failure);  // .second, the old site, is freed on return
        long version = published.first;
        auto served = std::chrono::steady_clock::now() - start;
        // The log is written once the page is served: thousands of warnings take a while.
        std::string report = m_shown.report(sink.sorted(), m_prefix);
        {
            std::lock_guard lock(m_mutex);  // a background pass may be logging too
            log << report;
            if (m_verbose && !steps.empty()) log_steps(log, "planned", steps);
            if (!ok)
                log << "Build failed: " << sink.error_count()
                    << " error(s); showing them in the browser" << std::endl;
            if (m_verbose)
                log << "served after "
                    << std::chrono::duration_cast<std::chrono::milliseconds>(served).count()
                    << " ms" << std::endl;
        }
        if (!ok) return;
        m_stop = std::make_shared<std::atomic<bool>>(false);
        m_finishers.emplace_back([this, live, version, stop = m_stop, &log] {
            // Behind the next save's rebuild, which a person is waiting for.
            ::setpriority(PRIO_PROCESS, pid_t(::syscall(SYS_gettid)), 10);
            finish(live, version, *stop, log);
            std::lock_guard lock(m_mutex);
            m_done.insert(std::this_thread::get_id());
        });
    }

    Snapshot snapshot() const {
        std::lock_guard lock(m_mutex);
        return m_snapshot;
    }

  private:
    // Returns the new version, and the site it replaced: freeing that takes a while, and
    // should happen after the new one is served, not while the page waits.
    std::pair<long, std::shared_ptr<LiveSite>> publish(std::shared_ptr<LiveSite> live,
                                                       std::string problems) {
        std::lock_guard lock(m_mutex);
        std::shared_ptr<LiveSite> old;
        if (live) old = std::exchange(m_snapshot.site, std::move(live));
        m_snapshot.problems = std::move(problems);
        return {++m_snapshot.version, std::move(old)};
    }

    void finish(std::shared_ptr<LiveSite> live, long version, const std::atomic<bool>& stop,
                std::ostream& log) {
        DiagnosticSink sink;
        PlannedSite& planned = live->planned();
        try {
            // Pages are quick to make again when asked for; the search indexes are not.
            std::mutex kept;
            finish_site(planned, m_options.jobs, sink, &stop,
                        [&](const std::string& path, std::string bytes) {
                            if (path.rfind("search/", 0) != 0) return;
                            std::lock_guard lock(kept);
                            planned.result.files.add(path, std::move(bytes));
                        });
        } catch (const std::exception& e) {
            sink.error({}, e.what(), "internal");
        }
        if (stop) return;
        std::ostringstream text;
        print_text(text, sink.sorted(), m_prefix);
        std::lock_guard lock(m_mutex);              // also keeps the log's lines whole
        if (m_snapshot.version != version) return;  // a newer save is served already
        if (sink.has_errors()) {
            log << text.str() << "Build failed: " << sink.error_count()
                << " error(s); showing them in the browser" << std::endl;
            m_snapshot.problems = text.str();
            ++m_snapshot.version;
            return;
        }
        log << "Rebuilt: " << planned.plan->paths().size() << " files" << std::endl;
        if (m_verbose) log_steps(log, "finished", planned.result.steps);
        for (auto& [path, bytes] : planned.result.files.files)
            live->keep(path, std::move(bytes));
        planned.result.files = {};
        // The allocator still holds what making the whole site freed; give it back, so an idle
        // server holds what it uses and no more.
        if (!release_free_memory() && m_verbose)
            log << "the allocator did not give freed memory back" << std::endl;
    }

    static void log_steps(std::ostream& log, const char* what, const std::vector<StepTime>& steps) {
        log << what << ":";
        for (const auto& step : steps)
            log << " " << step.name << " " << step.time.count() << " ms";
        log << std::endl;
    }

    // The running background pass ends after the file it is making; it is not waited for, so
    // a save is served without waiting for the search index of the one before.
    void stop_finishing() {
        if (m_stop) *m_stop = true;
        std::lock_guard lock(m_mutex);
        for (auto it = m_finishers.begin(); it != m_finishers.end();) {
            if (it->joinable() && m_done.count(it->get_id())) {
                m_done.erase(it->get_id());
                it->join();
                it = m_finishers.erase(it);
            } else {
                ++it;
            }
        }
    }

    BuildOptions m_options;
    // Declared before the sites (m_snapshot, the finishers' threads), so it outlives them: a
    // site gives its post-mortems back to it when it goes.
    // Used by rebuild only, one at a time; its `search` (documents as cut) also by whichever
    // thread builds a search index, which FileMemo's lock makes safe.
    BuildMemo m_memo;
    ShownProblems m_shown;  // used by rebuild only, one at a time
    std::string m_prefix;
    bool m_verbose = false;
    mutable std::mutex m_mutex;
    Snapshot m_snapshot;
    std::shared_ptr<std::atomic<bool>> m_stop;  // of the newest background pass
    std::list<std::thread> m_finishers;
    std::set<std::thread::id> m_done;  // finishers that have returned, to be joined
};

void respond(const Preview& preview, const httplib::Request& req, httplib::Response& res) {
    Snapshot s = preview.snapshot();
    if (!s.problems.empty()) {
        res.status = 500;
        res.set_content(
            with_reload(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build failed</title>"
                "<style>body{font:16px system-ui;margin:2rem}pre{background:#fdf0ef;padding:1rem;"
                "white-space:pre-wrap}</style></head><body><h1>The build failed</h1>"
                "<p>Fix these and save; the page reloads by itself.</p><pre>" +
                    xml_escape(s.problems) + "</pre></body></html>",
                s.version),
            "text/html; charset=utf-8");
        return;
    }
    if (!s.site) {
        res.status = 503;
        return;
    }
    std::string path = req.path.substr(1);
    if (path.empty() || path.back() == '/') path += "index.html";
    auto bytes = s.site->file(path);
    if (!bytes) bytes = s.site->file(path += "/index.html");
    if (!bytes) {
        res.status = 404;
        if (auto nf = s.site->file("404.html"))
            res.set_content(with_reload(*nf, s.version), "text/html; charset=utf-8");
        return;
    }
    res.set_header("Cache-Control", "no-store");
    const std::string type = content_type(path);
    res.set_content(type.rfind("text/html", 0) == 0 ? with_reload(*bytes, s.version) : *bytes,
                    type);
}

bool is_loopback(const std::string& host) {
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    return host == "localhost" || host == "::1" || host == "[::1]";
}

// A page of some other site can make the browser send requests to this server under its own
// name (DNS rebinding) and read the answers. On a loopback address only loopback names are
// answered; listening on another address (--host) is a deliberate choice to be reachable.
bool host_allowed(const std::string& listen_host, const std::string& host_header) {
    if (!is_loopback(listen_host)) return true;
    std::string name = host_header;
    if (name.rfind('[', 0) == 0)
        name = name.substr(0, name.find(']') + 1);  // [::1]:8080
    else
        name = name.substr(0, name.find(':'));  // localhost:8080
    return is_loopback(name);
}

// cpp-httplib (a compiled library in Debian) listens with a backlog of 5, so a burst of
// connections waits seconds for retransmits. listen() again on the bound socket raises it.
void raise_listen_backlog(int port) {
    for (int fd = 3; fd < 1024; ++fd) {
        int listening = 0;
        socklen_t len = sizeof listening;
        if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening)
            continue;
        sockaddr_storage addr{};
        socklen_t addr_len = sizeof addr;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0) continue;
        int bound = addr.ss_family == AF_INET
                        ? ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port)
                        : ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
        if (bound == port) ::listen(fd, SOMAXCONN);
    }
}

int run_serve(const ServeArgs& args, std::ostream& out, std::ostream& err) {
    BuildOptions options;
    if (int code = args.common.apply(options, err)) return code;
    options.base_url = "/";  // served at the root of this server
    options.public_site = args.public_site;
    // Ctrl-C and SIGTERM stop the server cleanly: the signals are blocked before any thread
    // starts (every thread inherits that; the first build's background pass is one) and taken
    // by one thread that stops the server. One that arrives during the first build waits for it.
    sigset_t signals, previous;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, &previous);
    // Watching starts before the first build, so a save made while it runs, or just after the
    // page first answers, is not missed.
    Watcher watcher(
        {options.root / "hindsight.yaml", options.root / "content", options.root / "themes"});
    Preview preview(options, args.common.prefix(), args.verbose);
    preview.rebuild(err);

    httplib::Server server;
    server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        if (host_allowed(args.host, req.get_header_value("Host")))
            return httplib::Server::HandlerResponse::Unhandled;
        res.status = 403;
        res.set_content("This preview answers only to localhost.\n", "text/plain");
        return httplib::Server::HandlerResponse::Handled;
    });
    server.Get("/__hindsight/version", [&](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        res.set_content(std::to_string(preview.snapshot().version), "text/plain");
    });
    server.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
        respond(preview, req, res);
    });
    if (!server.bind_to_port(args.host.c_str(), args.port)) {
        err << "hindsight: error: cannot listen on " << args.host << ":" << args.port
            << " (in use? try --port)\n";
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        return k_exit_usage;
    }
    raise_listen_backlog(args.port);
    out << "Serving " << args.common.root << " at http://" << args.host << ":" << args.port
        << "/ (Ctrl-C to stop); rebuilding on changes" << std::endl;

    std::atomic<bool> stop{false};
    std::thread on_signal([&] {
        const timespec wait{0, 200'000'000};
        while (!stop)
            if (sigtimedwait(&signals, nullptr, &wait) > 0) {
                out << "Stopping." << std::endl;
                server.stop();
                break;
            }
    });
    std::thread watch([&] {
        auto start = std::chrono::steady_clock::now();
        while (!stop) {
            if (watcher.wait(std::chrono::milliseconds{250})) {
                FileChanges changes = watcher.take_changes();
                preview.rebuild(err, &changes);
            }
            if (args.max_seconds > 0 &&
                std::chrono::steady_clock::now() - start > std::chrono::seconds{args.max_seconds}) {
                server.stop();
                break;
            }
        }
    });
    server.listen_after_bind();
    stop = true;
    watch.join();
    on_signal.join();
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return k_exit_ok;
}

}  // namespace

CommandRunner add_serve_command(CLI::App& app) {
    auto args = std::make_shared<ServeArgs>();
    CLI::App* cmd =
        app.add_subcommand("serve", "Build, serve the site locally, and rebuild on changes");
    args->common.add_to(*cmd);
    cmd->add_option("--host", args->host, "Address to listen on (default 127.0.0.1)");
    cmd->add_option("--port", args->port, "Port (default 8080)")->check(CLI::Range(1, 65535));
    cmd->add_flag("--verbose,-v", args->verbose, "Print how long each step of a rebuild took");
    cmd->add_flag("--public", args->public_site,
                  "Preview the public site: only post-mortems with `visibility: public`");
    cmd->add_option("--max-seconds", args->max_seconds, "Stop after this many seconds (for tests)")
        ->group("");
    return [args](std::ostream& out, std::ostream& err) { return run_serve(*args, out, err); };
}

}  // namespace hs
