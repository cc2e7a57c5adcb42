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
                             const std::function<bool()>&, unsigned);
};

// Thrown by build_index when `stopped` says the index is no longer wanted.
struct Stopped : std::exception {
    const char* what() const noexcept override { return "the search index was called off"; }
};

// Every document added in order, then built: documents are cut into words and stemmed on up to
// `jobs` threads, and the index is byte for byte the one a single thread (and lunr) makes.
// `stopped`, when given, is asked between documents; when it answers true, Stopped is thrown.
Index build_index(const std::vector<Document>& docs, const IndexOptions& options,
                  const std::function<bool()>& stopped = {}, unsigned jobs = 1);

}  // namespace hs::search
