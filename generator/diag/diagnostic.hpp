#pragma once
// Every problem the build finds, with the place in the source it comes from.
#include <compare>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace hs {

// A file's path as diagnostics give it, one copy shared by every position made from it: a
// post-mortem holds dozens of positions (each action item has six), and `serve` copies every
// post-mortem on each save, so a path string in each position was a tenth of that copy (serve
// held 11 MB less after ten saves at 10,000). Immutable; reads as the string it holds.
class SourcePath {
  public:
    SourcePath() = default;
    SourcePath(std::string path)  // NOLINT(google-explicit-constructor): given like a string
        : m_path(std::make_shared<const std::string>(std::move(path))) {}
    SourcePath(const char* path)  // NOLINT(google-explicit-constructor)
        : SourcePath(std::string(path)) {}
    const std::string& str() const { return m_path ? *m_path : empty_string(); }
    operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
    bool empty() const { return str().empty(); }

    friend bool operator==(const SourcePath& a, const SourcePath& b) {
        return a.m_path == b.m_path || a.str() == b.str();
    }
    friend std::strong_ordering operator<=>(const SourcePath& a, const SourcePath& b) {
        return a.str().compare(b.str()) <=> 0;
    }

  private:
    static const std::string& empty_string() {
        static const std::string empty;
        return empty;
    }
    std::shared_ptr<const std::string> m_path;
};

// A place in a source file; `path` is relative to the knowledge base root. Line and column are
// 1-based; 0 means "the file as a whole".
struct SourcePos {
    SourcePath path;
    int line = 0;
    int col = 0;

    auto operator<=>(const SourcePos&) const = default;
};

enum class Severity { warning, error };

struct Diagnostic {
    Severity severity = Severity::error;
    SourcePos pos;
    std::string message;
    std::string rule;  // e.g. "schema.required"; shown in brackets so it can be looked up
    std::string hint;  // what to do about it; may be empty

    bool operator==(const Diagnostic&) const = default;
};

// Collects diagnostics from every stage (and every thread) so that all problems of a run are
// reported together, sorted by position so the output does not depend on thread timing.
class DiagnosticSink {
  public:
    void error(SourcePos pos, std::string message, std::string rule, std::string hint = {});
    void warning(SourcePos pos, std::string message, std::string rule, std::string hint = {});
    void add(Diagnostic d);
    void add_all(const std::vector<Diagnostic>& ds);  // one lock for many (a memo's kept ones)
    void add_all(std::vector<Diagnostic>&& ds);
    std::vector<Diagnostic> take();  // everything added, in no particular order; leaves it empty

    bool has_errors() const;
    size_t error_count() const;
    size_t warning_count() const;
    std::vector<Diagnostic> sorted() const;

  private:
    mutable std::mutex m_mutex;
    std::vector<Diagnostic> m_items;
};

// `prefix` is prepended to each path (the knowledge base root as the user named it).
void print_text(std::ostream& out, const std::vector<Diagnostic>& items,
                const std::string& prefix = {});
std::string format_position(const SourcePos& pos, const std::string& prefix = {});

}  // namespace hs
