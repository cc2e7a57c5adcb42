#pragma once
// lunr.Builder: add documents one by one, then build the index.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "search/index.hpp"

namespace hs::search {

// A document as the tokenizer and pipeline cut it: its terms, each once, and each field's
// terms in order as places among them (fields in the index's order). It is all the index needs
// of a document when no token metadata is kept, so a build may keep it for the next build.
// Flat, so reading it back from disk costs a few allocations, not one per term.
struct CutDocument {
    std::string text;                       // its terms, one after another
    std::vector<std::uint32_t> ends;        // where each term ends in `text`
    std::vector<std::uint32_t> places;      // every field's terms in order, as places in `ends`
    std::vector<std::uint32_t> field_ends;  // where each field ends in `places`
    bool operator==(const CutDocument&) const = default;
};

// Whether `cut` is whole, and cut for an index of `fields` fields (the caller's key says which).
bool cut_fits(const CutDocument& cut, size_t fields);

// Where build_index finds documents cut before and keeps those it cuts, by their place in
// `docs` (all called from any thread). The caller keys them by everything cutting reads: the
// fields' names and values. A document whose cut `find` gives, and fits, is read for its ref
// and boost only: its fields may be left out. `find` and `keep` are not used when the metadata
// whitelist names anything; either may be left unset.
//
// `complete`, when set, adds to a copy of a document the fields its caller left out, just
// before that document is cut: a caller whose texts are stored packed need not hold every
// document's text unpacked at once (at 10,000 post-mortems their bodies were 86 MB of a build's
// peak). The index is the same as with every field given.
struct CutCache {
    std::function<std::shared_ptr<const CutDocument>(size_t doc)> find;
    std::function<void(size_t doc, CutDocument cut)> keep;
    std::function<void(size_t doc, Document& whole)> complete;
};

class IndexBuilder {
  public:
    // Throws std::invalid_argument for a field name lunr cannot index ('/', "_index", empty).
    explicit IndexBuilder(const IndexOptions& options);
    ~IndexBuilder();
    IndexBuilder(IndexBuilder&&) noexcept;
    IndexBuilder& operator=(IndexBuilder&&) noexcept;

    // A ref added again replaces that document's lengths, frequencies and boost while its
    // earlier postings stay, as in lunr.
    void add(const Document& doc);
    // Computes the postings and field vectors, on up to `jobs` threads; call it once, after the
    // last add. The index does not depend on `jobs`.
    Index build(unsigned jobs = 1);

  private:
    struct Impl;
    std::unique_ptr<Impl> m;
    friend Index build_index(const std::vector<Document>&, const IndexOptions&,
                             const std::function<bool()>&, unsigned, const CutCache*);
};

// Thrown by build_index when `stopped` says the index is no longer wanted.
struct Stopped : std::exception {
    const char* what() const noexcept override { return "the search index was called off"; }
};

// Every document added in order, then built: documents are cut into words and stemmed on up to
// `jobs` threads, and the index is byte for byte the one a single thread (and lunr) makes.
// `stopped`, when given, is asked between documents; when it answers true, Stopped is thrown.
// With `cache`, a document found there is not cut again, and one cut is kept there; the index
// is the same.
Index build_index(const std::vector<Document>& docs, const IndexOptions& options,
                  const std::function<bool()>& stopped = {}, unsigned jobs = 1,
                  const CutCache* cache = nullptr);

}  // namespace hs::search
