#include "search/pipeline.hpp"

#include <algorithm>
#include <array>

#include "search/stemmer.hpp"

namespace hs::search {
namespace {

// lunr.stopWordFilter's list, in its (alphabetical) order.
constexpr std::array<std::string_view, 119> k_stop_words = {
    "a",       "able",    "about", "across", "after",  "all",    "almost", "also",  "am",
    "among",   "an",      "and",   "any",    "are",    "as",     "at",     "be",    "because",
    "been",    "but",     "by",    "can",    "cannot", "could",  "dear",   "did",   "do",
    "does",    "either",  "else",  "ever",   "every",  "for",    "from",   "get",   "got",
    "had",     "has",     "have",  "he",     "her",    "hers",   "him",    "his",   "how",
    "however", "i",       "if",    "in",     "into",   "is",     "it",     "its",   "just",
    "least",   "let",     "like",  "likely", "may",    "me",     "might",  "most",  "must",
    "my",      "neither", "no",    "nor",    "not",    "of",     "off",    "often", "on",
    "only",    "or",      "other", "our",    "own",    "rather", "said",   "say",   "says",
    "she",     "should",  "since", "so",     "some",   "than",   "that",   "the",   "their",
    "them",    "then",    "there", "these",  "they",   "this",   "tis",    "to",    "too",
    "twas",    "us",      "wants", "was",    "we",     "were",   "what",   "when",  "where",
    "which",   "while",   "who",   "whom",   "why",    "will",   "with",   "would", "yet",
    "you",     "your",
};

// \w in a JavaScript regex without the u flag: ASCII letters, digits and underscore. Every byte
// of a multi-byte UTF-8 sequence is outside it, as every UTF-16 unit of that character is.
bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string_view trim(std::string_view token) {
    size_t begin = 0, end = token.size();
    while (begin < end && !is_word_char(token[begin]))
        ++begin;
    while (end > begin && !is_word_char(token[end - 1]))
        --end;
    return token.substr(begin, end - begin);
}

bool is_stop_word(std::string_view token) {
    return std::binary_search(k_stop_words.begin(), k_stop_words.end(), token);
}

std::optional<std::string> run_pipeline(std::string_view token) {
    std::string_view trimmed = trim(token);
    if (is_stop_word(trimmed)) return std::nullopt;
    return stem(trimmed);
}

}  // namespace hs::search
