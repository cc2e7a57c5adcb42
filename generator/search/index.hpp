#pragma once
// What goes into a lunr index and what comes out: documents and options as lunr's builder takes
// them, and the built index as lunr.Index serializes it.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hs::search {

// A field's value as lunr's tokenizer takes it: absent (null or missing), a string (lower-cased
// and split into words), or a list of strings (one token per element, lower-cased, never split).
using FieldValue = std::variant<std::monostate, std::string, std::vector<std::string>>;

struct FieldSpec {
    std::string name;  // no '/', not "_index"
    double boost = 1;  // builder.field(name, {boost}); 0 counts as 1, as in lunr
};

struct Document {
    std::string ref;
    std::vector<std::pair<std::string, FieldValue>> fields;  // by name; missing ones are absent
    double boost = 1;  // builder.add(doc, {boost}); 0 counts as 1, as in lunr
};

struct IndexOptions {
    std::vector<FieldSpec> fields;                // builder.field, in call order
    std::vector<std::string> metadata_whitelist;  // builder.metadataWhitelist, e.g. {"position"}
};

// A token's metadata; lunr keeps whatever the whitelist names.
struct TokenMetadata {
    uint32_t start = 0;
    uint32_t length = 0;
    uint32_t index = 0;
    bool from_list = false;  // list elements have no position or index (serialized as null)
};

struct Posting {
    uint32_t doc = 0;    // into Index::refs
    uint32_t first = 0;  // its tokens: FieldPostings::tokens[first, first + count)
    uint32_t count = 0;  // 0 unless the whitelist asks for metadata
};

// A term's documents in one field. Tokens live side by side rather than in a list per posting:
// an index with positions has millions of postings.
struct FieldPostings {
    std::vector<Posting> postings;  // in the order documents were added
    std::vector<TokenMetadata> tokens;
};

struct IndexedTerm {
    std::string text;
    uint32_t index = 0;                 // "_index": order of first appearance
    std::vector<FieldPostings> fields;  // by field
};

struct FieldVector {
    uint32_t field = 0;
    uint32_t doc = 0;
    std::vector<std::pair<uint32_t, double>> weights;  // ascending term index
};

struct Index {
    std::vector<std::string> fields;  // in lunr's order: array-index names first
    std::vector<std::string> refs;    // each ref once, in the order first added
    std::vector<std::string> metadata_whitelist;
    std::vector<FieldVector> field_vectors;  // document by document, field by field
    std::vector<IndexedTerm> terms;          // in UTF-16 code unit order
};

}  // namespace hs::search
