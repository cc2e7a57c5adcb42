#pragma once
// lunr.Builder: add documents one by one, then build the index.
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/index.hpp"
#include "search/tokenizer.hpp"

namespace hs::search {

class IndexBuilder {
  public:
    // Throws std::invalid_argument for a field name lunr cannot index ('/', "_index", empty).
    explicit IndexBuilder(const IndexOptions& options);

    // A ref added again replaces that document's lengths, frequencies and boost while its
    // earlier postings stay, as in lunr.
    void add(const Document& doc);
    // Computes the field vectors; call it once, after the last add.
    Index build();

  private:
    struct FieldStats {
        uint32_t length = 0;                                     // terms after the pipeline
        std::vector<std::pair<uint32_t, uint32_t>> frequencies;  // term id, count
    };

    uint32_t slot_for(const std::string& ref);
    int64_t term_for(const std::string& token);  // -1 when the stop-word filter drops it
    Posting& posting_for(uint32_t term, uint32_t field, uint32_t slot);
    void add_field(uint32_t slot, uint32_t field, const std::vector<Token>& tokens);

    std::vector<FieldSpec> m_fields;  // lunr's order
    std::vector<std::string> m_whitelist;
    std::vector<std::string> m_refs;
    std::unordered_map<std::string, uint32_t> m_slots;
    std::vector<char> m_added_again;
    std::vector<double> m_doc_boosts;
    std::vector<FieldStats> m_stats;   // slot * fields + field
    std::vector<IndexedTerm> m_terms;  // by term id, which is lunr's _index
    std::unordered_map<std::string, uint32_t> m_term_ids;
    std::unordered_map<std::string, int64_t> m_token_terms;  // the pipeline is a pure function
    std::vector<uint32_t> m_counts;                          // scratch, by term id
    uint64_t m_document_count = 0;
};

// Thrown by build_index when `stopped` says the index is no longer wanted.
struct Stopped : std::exception {
    const char* what() const noexcept override { return "the search index was called off"; }
};

// `stopped`, when given, is asked between documents; when it answers true, Stopped is thrown.
Index build_index(const std::vector<Document>& docs, const IndexOptions& options,
                  const std::function<bool()>& stopped = {});

}  // namespace hs::search
