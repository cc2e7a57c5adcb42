#include "diag/diagnostic.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace hs {

void DiagnosticSink::error(SourcePos pos, std::string message, std::string rule, std::string hint) {
    add({Severity::error, std::move(pos), std::move(message), std::move(rule), std::move(hint)});
}

void DiagnosticSink::warning(SourcePos pos, std::string message, std::string rule,
                             std::string hint) {
    add({Severity::warning, std::move(pos), std::move(message), std::move(rule), std::move(hint)});
}

void DiagnosticSink::add(Diagnostic d) {
    std::lock_guard lock(m_mutex);
    m_items.push_back(std::move(d));
}

void DiagnosticSink::add_all(const std::vector<Diagnostic>& ds) {
    if (ds.empty()) return;
    std::lock_guard lock(m_mutex);
    m_items.insert(m_items.end(), ds.begin(), ds.end());
}

void DiagnosticSink::add_all(std::vector<Diagnostic>&& ds) {
    if (ds.empty()) return;
    std::lock_guard lock(m_mutex);
    if (m_items.empty()) {
        m_items = std::move(ds);
        return;
    }
    m_items.insert(m_items.end(), std::make_move_iterator(ds.begin()),
                   std::make_move_iterator(ds.end()));
}

std::vector<Diagnostic> DiagnosticSink::take() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_items, {});
}

bool DiagnosticSink::has_errors() const {
    return error_count() > 0;
}

size_t DiagnosticSink::error_count() const {
    std::lock_guard lock(m_mutex);
    return size_t(std::count_if(m_items.begin(), m_items.end(),
                                [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

size_t DiagnosticSink::warning_count() const {
    std::lock_guard lock(m_mutex);
    return m_items.size() - size_t(std::count_if(m_items.begin(), m_items.end(), [](auto& d) {
               return d.severity == Severity::error;
           }));
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
    std::vector<Diagnostic> items;
    {
        std::lock_guard lock(m_mutex);
        items = m_items;
    }
    std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.pos, a.message, a.rule, a.hint, a.severity) <
               std::tie(b.pos, b.message, b.rule, b.hint, b.severity);
    });
    return items;
}

std::string format_position(const SourcePos& pos, const std::string& prefix) {
    std::string out = prefix + pos.path.str();
    if (pos.line > 0) {
        out += ':' + std::to_string(pos.line);
        if (pos.col > 0) out += ':' + std::to_string(pos.col);
    }
    return out;
}

void print_text(std::ostream& out, const std::vector<Diagnostic>& items,
                const std::string& prefix) {
    // Written some 64 KB at a time: std::cerr is unbuffered, and a write per piece of each line
    // took 90 ms for 10,000 warnings.
    std::string text;
    for (const auto& d : items) {
        // Problems that belong to no file (a refused --out folder) name the program instead.
        text += d.pos.path.empty() ? std::string("hindsight") : format_position(d.pos, prefix);
        text += d.severity == Severity::error ? ": error: " : ": warning: ";
        text += d.message;
        if (!d.rule.empty()) text += " [" + d.rule + "]";
        text += '\n';
        if (!d.hint.empty()) text += "  hint: " + d.hint + '\n';
        if (text.size() >= 65536) {
            out << text;
            text.clear();
        }
    }
    out << text;
}

}  // namespace hs
