#pragma once
// lunr.Index#toJSON, and JSON.stringify's exact text for it.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "search/index.hpp"
#include "search/js_json.hpp"
#include "util/hash.hpp"

namespace hs::search {

// {"version", "fields", "fieldVectors", "invertedIndex", "pipeline"}, keys in JavaScript's order:
// write_json's text read back, so dump_js(to_json(index)) == serialize(index). For large indexes
// prefer write_json, which never holds the whole document.
nlohmann::ordered_json to_json(const Index& index);

// JSON.stringify(idx) of the index lunr.js would build, streamed a few hundred terms at a time,
// made on up to `jobs` threads.
void write_json(std::ostream& out, const Index& index, unsigned jobs = 1);
std::string serialize(const Index& index);

// The index cut into lunr-loadable shards by term range: `ranges` are [begin, end) pairs into
// index.terms (UTF-16 order) that cover it. cut_vectors gives each shard its field vectors cut
// to its terms, in the index's order (a vector empty to begin with goes to the first shard), in
// one pass; serialize_shard writes shard [begin, end) with those vectors. Shards merged back
// (each vector's pairs in term-index order, vectors in the index's order) are the whole index,
// and give lunr.js the same answers and scores: a document's score only reads the weights of
// the query's own terms.
std::vector<std::vector<FieldVector>> cut_vectors(
    const Index& index, const std::vector<std::pair<size_t, size_t>>& ranges);
std::string serialize_shard(const Index& index, size_t begin, size_t end,
                            const std::vector<FieldVector>& vectors);
// For each shard, a digest of everything serialize_shard reads to write it: the index's fields,
// whitelist and refs, the shard's terms and its vectors. Two shards with the same digest are
// the same text (given the same program), so a build may keep the shard its last build wrote
// without writing it again. Hashing the data is several times cheaper than writing its JSON.
std::vector<Digest> shard_digests(const Index& index,
                                  const std::vector<std::pair<size_t, size_t>>& ranges,
                                  const std::vector<std::vector<FieldVector>>& vectors,
                                  unsigned jobs = 1);

}  // namespace hs::search
