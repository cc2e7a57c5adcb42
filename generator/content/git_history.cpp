#include "content/git_history.hpp"

#include "util/process.hpp"
#include "util/strings.hpp"

namespace hs {

std::string git_head(const std::filesystem::path& root) {
    auto out = run_program({"git", "-C", root.string(), "rev-parse", "--verify", "-q", "HEAD"});
    return out ? trim(*out) : std::string();
}

std::map<std::string, Days> parse_git_log(const std::string& log) {
    std::map<std::string, Days> changed;
    std::optional<Days> day;
    for (size_t start = 0; start < log.size();) {
        size_t end = log.find('\0', start);
        if (end == std::string::npos) end = log.size();
        std::string_view field(log.data() + start, end - start);
        start = end + 1;
        if (!field.empty() && field[0] == '\x01') {  // a commit: its committer time
            day.reset();
            long long seconds = 0;
            bool digits = field.size() > 1;
            for (char c : field.substr(1))
                if (c >= '0' && c <= '9')
                    seconds = seconds * 10 + (c - '0');
                else
                    digits = false;
            if (digits)
                day = std::chrono::floor<std::chrono::days>(Seconds(std::chrono::seconds(seconds)));
            continue;
        }
        while (!field.empty() && field[0] == '\n')
            field.remove_prefix(1);
        if (field.empty() || !day) continue;
        changed.emplace(std::string(field), *day);  // newest first: the first one stays
    }
    return changed;
}

void warn_shallow(DiagnosticSink& sink) {
    sink.warning({},
                 "the knowledge base is a shallow git clone: pages do not say when post-mortems "
                 "were last updated",
                 "git.shallow",
                 "fetch the whole history (actions/checkout: `fetch-depth: 0`; or `git fetch "
                 "--unshallow`)");
}

GitHistory read_git_history(const std::filesystem::path& root, const std::string& head) {
    GitHistory history;
    history.head = head;
    if (head.empty()) return history;
    std::string dir = root.string();
    auto shallow = run_program({"git", "-C", dir, "rev-parse", "--is-shallow-repository"});
    if (shallow && trim(*shallow) == "true") {
        history.shallow = true;
        return history;
    }
    // --relative: paths from the knowledge base's folder, which may be inside the repository.
    auto log =
        run_program({"git", "-C", dir, "-c", "core.quotepath=off", "log", "-z", "--relative",
                     "--no-renames", "--format=%x01%ct", "--name-only", head, "--", "content"});
    if (log) history.changed = parse_git_log(*log);
    return history;
}

}  // namespace hs
