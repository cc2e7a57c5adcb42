// A port of lunr.stemmer. Each of lunr's regular expressions becomes a test with the same
// meaning, including the corners of JavaScript regexes: `.` does not match line terminators (an
// array element may hold one) and characters are UTF-16 code units, so anything outside a–z is a
// consonant. The step comments quote the expression they replace.
#include "search/stemmer.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "search/unicode.hpp"

namespace hs::search {
namespace {

struct Rewrite {
    std::string_view suffix;
    std::string_view replacement;
};

// clang-format off
constexpr std::array<Rewrite, 21> k_step2 = {{
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
    {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"},
    {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"},
    {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"},
    {"biliti", "ble"}, {"logi", "log"},
}};
constexpr std::array<Rewrite, 7> k_step3 = {{
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""},
    {"ness", ""},
}};
constexpr std::array<Rewrite, 18> k_step4 = {{
    {"al", ""}, {"ance", ""}, {"ence", ""}, {"er", ""}, {"ic", ""}, {"able", ""}, {"ible", ""},
    {"ant", ""}, {"ement", ""}, {"ment", ""}, {"ent", ""}, {"ou", ""}, {"ism", ""}, {"ate", ""},
    {"iti", ""}, {"ous", ""}, {"ive", ""}, {"ize", ""},
}};
// clang-format on

// Character classes of lunr's expressions: c = [^aeiou], v = [aeiouy] and their relatives.
enum class Cls { not_aeiou, not_aeiouy, aeiouy, aeiou, not_aeiouwxy };
struct Item {
    Cls cls;
    bool star;  // `*` rather than exactly one
};

bool in_set(char32_t c, std::string_view set) {
    return c < 0x80 && set.find(char(c)) != set.npos;
}

bool in_class(char32_t c, Cls cls) {
    switch (cls) {
        case Cls::not_aeiou:
            return !in_set(c, "aeiou");
        case Cls::not_aeiouy:
            return !in_set(c, "aeiouy");
        case Cls::aeiouy:
            return in_set(c, "aeiouy");
        case Cls::aeiou:
            return in_set(c, "aeiou");
        case Cls::not_aeiouwxy:
            return !in_set(c, "aeiouwxy");
    }
    return false;
}

bool is_line_terminator(char32_t c) {
    return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

template <class Str>
char32_t at(const Str& w, size_t i) {
    return static_cast<char32_t>(static_cast<std::make_unsigned_t<typename Str::value_type>>(w[i]));
}

// Does `^items` match a prefix of w (or all of it, when `whole`)? RegExp#test asks only whether
// some match exists, so the set of reachable positions answers it without backtracking.
template <class Str>
bool matches(const Str& w, std::initializer_list<std::span<const Item>> parts, bool whole) {
    std::vector<char> reach(w.size() + 1, 0), next(w.size() + 1);
    reach[0] = 1;
    for (const auto& part : parts) {
        for (const Item& item : part) {
            std::fill(next.begin(), next.end(), 0);
            for (size_t p = 0; p <= w.size(); ++p) {
                if (item.star && (reach[p] || next[p])) next[p] = 1;
                bool from = item.star ? next[p] : reach[p];
                if (from && p < w.size() && in_class(at(w, p), item.cls)) next[p + 1] = 1;
            }
            reach.swap(next);
        }
    }
    return whole ? reach[w.size()] != 0 : std::find(reach.begin(), reach.end(), 1) != reach.end();
}

// C = [^aeiou][^aeiouy]*, V = [aeiouy][aeiou]*, v = [aeiouy]
constexpr std::array<Item, 2> k_C = {{{Cls::not_aeiou, false}, {Cls::not_aeiouy, true}}};
constexpr std::array<Item, 2> k_V = {{{Cls::aeiouy, false}, {Cls::aeiou, true}}};
constexpr std::array<Item, 1> k_v = {{{Cls::aeiouy, false}}};
constexpr std::array<Item, 1> k_not_aeiouwxy = {{{Cls::not_aeiouwxy, false}}};

// mgr0 = ^(C)?VC, meq1 = ^(C)?VC(V)?$, mgr1 = ^(C)?VCVC, s_v = ^(C)?v
template <class Str>
bool mgr0(const Str& s) {
    return matches(s, {k_C, k_V, k_C}, false) || matches(s, {k_V, k_C}, false);
}
template <class Str>
bool meq1(const Str& s) {
    return matches(s, {k_C, k_V, k_C}, true) || matches(s, {k_V, k_C}, true) ||
           matches(s, {k_C, k_V, k_C, k_V}, true) || matches(s, {k_V, k_C, k_V}, true);
}
template <class Str>
bool mgr1(const Str& s) {
    return matches(s, {k_C, k_V, k_C, k_V, k_C}, false) || matches(s, {k_V, k_C, k_V, k_C}, false);
}
template <class Str>
bool s_v(const Str& s) {
    return matches(s, {k_C, k_v}, false) || matches(s, {k_v}, false);
}
// ^C v [^aeiouwxy]$ (re4_1b_2 and re3_5)
template <class Str>
bool cvc(const Str& s) {
    return matches(s, {k_C, k_v, k_not_aeiouwxy}, true);
}

template <class Str>
bool ends_with(const Str& w, std::string_view suffix) {
    if (suffix.size() > w.size()) return false;
    size_t base = w.size() - suffix.size();
    for (size_t i = 0; i < suffix.size(); ++i)
        if (at(w, base + i) != char32_t(suffix[i])) return false;
    return true;
}

// `^(.+?)` before a suffix: at least one character, none a line terminator.
template <class Str>
bool lead_ok(const Str& w, size_t length) {
    if (length == 0) return false;
    for (size_t i = 0; i < length; ++i)
        if (is_line_terminator(at(w, i))) return false;
    return true;
}

template <class Str>
bool ends_after_lead(const Str& w, std::string_view suffix) {
    return ends_with(w, suffix) && lead_ok(w, w.size() - suffix.size());
}

// ^(.+?)(alternatives)$: the lazy group makes the longest matching suffix win.
template <class Str, size_t N>
const Rewrite* longest_suffix(const Str& w, const std::array<Rewrite, N>& rules) {
    const Rewrite* best = nullptr;
    for (const Rewrite& r : rules)
        if (ends_with(w, r.suffix) && w.size() > r.suffix.size() &&
            (!best || r.suffix.size() > best->suffix.size()))
            best = &r;
    return best && lead_ok(w, w.size() - best->suffix.size()) ? best : nullptr;
}

template <class Str>
void append(Str& w, std::string_view s) {
    for (char c : s)
        w.push_back(typename Str::value_type(c));
}

// w.replace(/.$/, "")
template <class Str>
void drop_last(Str& w) {
    if (!w.empty() && !is_line_terminator(at(w, w.size() - 1))) w.pop_back();
}

template <class Str, size_t N>
void rewrite_if_mgr0(Str& w, const std::array<Rewrite, N>& rules) {
    if (const Rewrite* r = longest_suffix(w, rules)) {
        Str stem = w.substr(0, w.size() - r->suffix.size());
        if (mgr0(stem)) w = stem, append(w, r->replacement);
    }
}

template <class Str>
void step1(Str& w) {
    if (ends_after_lead(w, "sses") || ends_after_lead(w, "ies")) {  // ^(.+?)(ss|i)es$
        w.resize(w.size() - 2);
    } else if (w.size() >= 3 && ends_with(w, "s") && at(w, w.size() - 2) != 's' &&
               lead_ok(w, w.size() - 2)) {  // ^(.+?)([^s])s$
        w.pop_back();
    }

    if (ends_after_lead(w, "eed")) {  // ^(.+?)eed$
        if (mgr0(w.substr(0, w.size() - 3))) drop_last(w);
    } else if (ends_after_lead(w, "ed") || ends_after_lead(w, "ing")) {  // ^(.+?)(ed|ing)$
        Str stem = w.substr(0, w.size() - (ends_with(w, "ed") ? 2 : 3));
        if (s_v(stem)) {
            w = stem;
            size_t n = w.size();
            if (ends_with(w, "at") || ends_with(w, "bl") || ends_with(w, "iz"))
                append(w, "e");
            else if (n >= 2 && w[n - 1] == w[n - 2] && !in_set(at(w, n - 1), "aeiouylsz"))
                drop_last(w);  // ([^aeiouylsz])\1$
            else if (cvc(w))
                append(w, "e");
        }
    }

    size_t n = w.size();  // ^(.+?[^aeiou])y$
    if (n >= 3 && at(w, n - 1) == 'y' && !in_set(at(w, n - 2), "aeiou") && lead_ok(w, n - 2))
        w[n - 1] = typename Str::value_type('i');
}

template <class Str>
void step4_5(Str& w) {
    if (const Rewrite* r = longest_suffix(w, k_step4)) {
        Str stem = w.substr(0, w.size() - r->suffix.size());
        if (mgr1(stem)) w = stem;
    } else if (w.size() >= 5 && ends_with(w, "ion") &&
               (at(w, w.size() - 4) == 's' || at(w, w.size() - 4) == 't') &&
               lead_ok(w, w.size() - 4)) {  // ^(.+?)(s|t)(ion)$
        Str stem = w.substr(0, w.size() - 3);
        if (mgr1(stem)) w = stem;
    }

    if (ends_after_lead(w, "e")) {  // ^(.+?)e$
        Str stem = w.substr(0, w.size() - 1);
        if (mgr1(stem) || (meq1(stem) && !cvc(stem))) w = stem;
    }
    if (ends_with(w, "ll") && mgr1(w)) drop_last(w);
}

template <class Str>
Str porter(Str w) {
    if (w.size() < 3) return w;
    bool initial_y = at(w, 0) == 'y';
    if (initial_y) w[0] = typename Str::value_type('Y');  // a consonant to every class below
    step1(w);
    rewrite_if_mgr0(w, k_step2);
    rewrite_if_mgr0(w, k_step3);
    step4_5(w);
    if (initial_y) w[0] = typename Str::value_type('y');
    return w;
}

}  // namespace

std::u16string stem(std::u16string word) {
    return porter(std::move(word));
}

std::string stem(std::string_view word) {
    bool ascii = std::all_of(word.begin(), word.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return porter(std::string(word));
    return from_utf16(porter(to_utf16(word)));
}

}  // namespace hs::search
