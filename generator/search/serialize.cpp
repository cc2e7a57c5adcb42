// The index's JSON text is written directly: an index with positions holds millions of small
// objects, and building each as an ordered_json first made writing ten times slower. to_json
// reads that same text back, so there is one source of truth for the bytes.
#include "search/serialize.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <numeric>
#include <sstream>
#include <type_traits>

#include "search/js_keys.hpp"
#include "search/js_number.hpp"
#include "util/parallel.hpp"

namespace hs::search {
namespace {

constexpr int k_index_key = -1;  // "_index" among a posting's keys

// What lunr's tokenizer records under a whitelisted key; anything else is undefined (null).
enum class MetadataKey { fields, position, index, other };

MetadataKey metadata_key(const std::string& key) {
    return key == "fields"     ? MetadataKey::fields
           : key == "position" ? MetadataKey::position
           : key == "index"    ? MetadataKey::index
                               : MetadataKey::other;
}

// Key orders that depend only on the index's fields, refs and whitelist, and the quoted strings
// written over and over.
struct Layout {
    std::vector<int> posting_keys;  // k_index_key or a field number, in JavaScript's order
    std::vector<std::pair<std::string, size_t>> metadata;  // key, times the whitelist names it
    std::vector<MetadataKey> metadata_keys;                // what each of them records
    bool numeric_refs = false;  // some ref is an array index, so postings need reordering
    std::vector<std::string> quoted_fields, quoted_refs, quoted_metadata;
};

std::string quoted(const std::string& s) {
    std::string out;
    append_js_string(out, s);
    return out;
}

Layout layout_of(const Index& index) {
    Layout layout;
    std::vector<std::pair<std::string, int>> keys = {{"_index", k_index_key}};
    for (size_t f = 0; f < index.fields.size(); ++f)
        keys.emplace_back(index.fields[f], int(f));
    sort_as_js_keys(keys.begin(), keys.end(), [](const auto& k) { return k.first; });
    for (const auto& k : keys)
        layout.posting_keys.push_back(k.second);

    for (const auto& key : index.metadata_whitelist) {
        auto it = std::find_if(layout.metadata.begin(), layout.metadata.end(),
                               [&](const auto& m) { return m.first == key; });
        if (it != layout.metadata.end())
            ++it->second;
        else
            layout.metadata.emplace_back(key, 1);
    }
    sort_as_js_keys(layout.metadata.begin(), layout.metadata.end(),
                    [](const auto& m) { return m.first; });
    layout.numeric_refs = std::any_of(index.refs.begin(), index.refs.end(),
                                      [](const auto& r) { return array_index(r).has_value(); });
    for (const auto& f : index.fields)
        layout.quoted_fields.push_back(quoted(f));
    for (const auto& r : index.refs)
        layout.quoted_refs.push_back(quoted(r));
    for (const auto& m : layout.metadata) {
        layout.quoted_metadata.push_back(quoted(m.first));
        layout.metadata_keys.push_back(metadata_key(m.first));
    }
    return layout;
}

void append_uint(std::string& out, uint32_t n) {
    char buf[16];
    char* end = buf + sizeof buf;
    char* p = end;
    do {
        *--p = char('0' + n % 10);
        n /= 10;
    } while (n);
    out.append(p, end);
}

void append_metadata(std::string& out, MetadataKey key, const TokenMetadata& t,
                     const std::string& quoted_field) {
    if (key == MetadataKey::fields) {
        out.push_back('[');
        out += quoted_field;
        out.push_back(']');
    } else if (key == MetadataKey::position && !t.from_list) {
        char buf[32];  // "[start,length]" in one append: an index has millions
        char* p = buf;
        *p++ = '[';
        p = std::to_chars(p, buf + sizeof buf, t.start).ptr;
        *p++ = ',';
        p = std::to_chars(p, buf + sizeof buf, t.length).ptr;
        *p++ = ']';
        out.append(buf, p);
    } else if (key == MetadataKey::index && !t.from_list) {
        append_uint(out, t.index);
    } else {
        out += "null";
    }
}

void append_posting(std::string& out, const Layout& layout, const FieldPostings& field,
                    const Posting& posting, size_t field_number) {
    out += layout.quoted_refs[posting.doc];
    out += ":{";
    for (size_t m = 0; m < layout.metadata.size(); ++m) {
        size_t times = layout.metadata[m].second;
        if (m) out.push_back(',');
        out += layout.quoted_metadata[m];
        out += ":[";
        bool first = true;
        for (uint32_t t = posting.first; t < posting.first + posting.count; ++t)
            for (size_t k = 0; k < times; ++k, first = false) {
                if (!first) out.push_back(',');
                append_metadata(out, layout.metadata_keys[m], field.tokens[t],
                                layout.quoted_fields[field_number]);
            }
        out.push_back(']');
    }
    out.push_back('}');
}

void append_field_postings(std::string& out, const Index& index, const Layout& layout,
                           const FieldPostings& field, size_t field_number) {
    const std::vector<Posting>& postings = field.postings;
    out.push_back('{');
    if (layout.numeric_refs) {  // JavaScript lists keys like "7" first, in numeric order
        std::vector<size_t> order(postings.size());
        std::iota(order.begin(), order.end(), size_t(0));
        sort_as_js_keys(order.begin(), order.end(), [&](size_t i) -> const std::string& {
            return index.refs[postings[i].doc];
        });
        for (size_t n = 0; n < order.size(); ++n) {
            if (n) out.push_back(',');
            append_posting(out, layout, field, postings[order[n]], field_number);
        }
    } else {
        for (size_t n = 0; n < postings.size(); ++n) {
            if (n) out.push_back(',');
            append_posting(out, layout, field, postings[n], field_number);
        }
    }
    out.push_back('}');
}

// [term, {"_index": n, field: {ref: {metadata}}}]
void append_term(std::string& out, const Index& index, const Layout& layout,
                 const IndexedTerm& term) {
    out.push_back('[');
    append_js_string(out, term.text);
    out += ",{";
    for (size_t k = 0; k < layout.posting_keys.size(); ++k) {
        if (k) out.push_back(',');
        int key = layout.posting_keys[k];
        if (key == k_index_key) {
            out += "\"_index\":";
            append_uint(out, term.index);
        } else {
            out += layout.quoted_fields[size_t(key)];
            out.push_back(':');
            append_field_postings(out, index, layout, term.fields[size_t(key)], size_t(key));
        }
    }
    out += "}]";
}

// ["field/ref", [termIndex, weight, …]]
void append_vector(std::string& out, const Index& index, const FieldVector& vector) {
    out.push_back('[');
    append_js_string(out, index.fields[vector.field] + "/" + index.refs[vector.doc]);
    out += ",[";
    for (size_t i = 0; i < vector.weights.size(); ++i) {
        if (i) out.push_back(',');
        append_uint(out, vector.weights[i].first);
        out.push_back(',');
        double weight = vector.weights[i].second;
        if (std::isfinite(weight))
            append_js_number(out, weight);
        else
            out += "null";
    }
    out += "]]";
}

}  // namespace

void write_json(std::ostream& out, const Index& index, unsigned jobs) {
    Layout layout = layout_of(index);
    std::string head = "{\"version\":\"2.3.9\",\"fields\":[";
    for (size_t f = 0; f < index.fields.size(); ++f)
        head += (f ? "," : "") + layout.quoted_fields[f];
    head += "],\"fieldVectors\":[";
    out.write(head.data(), std::streamsize(head.size()));

    // Field vectors, then terms, in pieces made on every thread: each piece is written as soon
    // as those before it are, so writing overlaps making, and only a piece per thread is held.
    struct Piece {
        bool terms;
        size_t begin, end;
    };
    constexpr size_t k_vectors = 512, k_terms = 128;
    std::vector<Piece> pieces;
    for (size_t i = 0; i < index.field_vectors.size(); i += k_vectors)
        pieces.push_back({false, i, std::min(index.field_vectors.size(), i + k_vectors)});
    for (size_t i = 0; i < index.terms.size(); i += k_terms)
        pieces.push_back({true, i, std::min(index.terms.size(), i + k_terms)});
    std::mutex turn_mutex;
    std::condition_variable turn_changed;
    size_t turn = 0;  // the next piece to write
    bool first_term = true, failed = false;
    parallel_for(pieces.size(), jobs, [&](size_t p) {
        const Piece& piece = pieces[p];
        std::string text;
        std::exception_ptr problem;
        try {
            for (size_t i = piece.begin; i < piece.end; ++i) {
                if (i) text.push_back(',');
                if (piece.terms)
                    append_term(text, index, layout, index.terms[i]);
                else
                    append_vector(text, index, index.field_vectors[i]);
            }
        } catch (...) {
            problem = std::current_exception();
        }
        std::unique_lock lock(turn_mutex);
        turn_changed.wait(lock, [&] { return turn == p; });
        failed = failed || problem;
        if (!failed) {
            if (piece.terms && std::exchange(first_term, false)) out << "],\"invertedIndex\":[";
            out.write(text.data(), std::streamsize(text.size()));
        }
        ++turn;  // the pieces after this one go on, and write nothing if it failed
        turn_changed.notify_all();
        if (problem) std::rethrow_exception(problem);
    });
    if (first_term) out << "],\"invertedIndex\":[";
    out << "],\"pipeline\":[\"stemmer\"]}";
}

std::vector<std::vector<FieldVector>> cut_vectors(
    const Index& index, const std::vector<std::pair<size_t, size_t>>& ranges) {
    std::vector<uint32_t> shard_of(index.terms.size(), 0);  // by term index
    for (size_t n = 0; n < ranges.size(); ++n)
        for (size_t i = ranges[n].first; i < ranges[n].second; ++i)
            shard_of[index.terms[i].index] = uint32_t(n);
    std::vector<std::vector<FieldVector>> cut(ranges.size());
    for (const auto& vector : index.field_vectors) {
        if (vector.weights.empty()) {  // kept whole somewhere: the first shard
            if (!cut.empty()) cut[0].push_back(vector);
            continue;
        }
        for (const auto& [term, weight] : vector.weights) {
            auto& list = cut[shard_of[term]];
            if (list.empty() || list.back().doc != vector.doc || list.back().field != vector.field)
                list.push_back({vector.field, vector.doc, {}});
            list.back().weights.emplace_back(term, weight);
        }
    }
    return cut;
}

std::string serialize_shard(const Index& index, size_t begin, size_t end,
                            const std::vector<FieldVector>& vectors) {
    Layout layout = layout_of(index);
    std::string out = "{\"version\":\"2.3.9\",\"fields\":[";
    for (size_t f = 0; f < index.fields.size(); ++f)
        out += (f ? "," : "") + layout.quoted_fields[f];
    out += "],\"fieldVectors\":[";
    for (size_t i = 0; i < vectors.size(); ++i) {
        if (i) out.push_back(',');
        append_vector(out, index, vectors[i]);
    }
    out += "],\"invertedIndex\":[";
    for (size_t i = begin; i < end; ++i) {
        if (i > begin) out.push_back(',');
        append_term(out, index, layout, index.terms[i]);
    }
    out += "],\"pipeline\":[\"stemmer\"]}";
    return out;
}

namespace {

// Appends the bytes of a number: what a shard's digest reads, in one Hasher::add per shard
// rather than one per posting.
template <class T>
void append_raw(std::string& out, T value) {
    static_assert(std::has_unique_object_representations_v<T>);
    char bytes[sizeof value];
    std::memcpy(bytes, &value, sizeof value);
    out.append(bytes, sizeof value);
}

}  // namespace

std::vector<Digest> shard_digests(const Index& index,
                                  const std::vector<std::pair<size_t, size_t>>& ranges,
                                  const std::vector<std::vector<FieldVector>>& vectors,
                                  unsigned jobs) {
    Hasher common;  // what every shard's text reads: the layout, and refs through doc numbers
    common.add("hindsight lunr shard 1").add_number(index.fields.size());
    for (const auto& f : index.fields)
        common.add(f);
    common.add_number(index.metadata_whitelist.size());
    for (const auto& key : index.metadata_whitelist)
        common.add(key);
    common.add_number(index.refs.size());
    for (const auto& ref : index.refs)
        common.add(ref);
    const Digest whole = common.finish();
    std::vector<Digest> out(ranges.size());
    parallel_for(ranges.size(), jobs, [&](size_t n) {
        std::string data;
        append_raw(data, uint64_t(vectors[n].size()));
        for (const FieldVector& vector : vectors[n]) {
            append_raw(data, vector.field);
            append_raw(data, vector.doc);
            append_raw(data, uint64_t(vector.weights.size()));
            for (const auto& [term, weight] : vector.weights) {
                append_raw(data, term);
                append_raw(data, std::bit_cast<uint64_t>(weight));
            }
        }
        Hasher h;
        h.add(whole).add(data);
        auto [begin, end] = ranges[n];
        h.add_number(end - begin);
        for (size_t i = begin; i < end; ++i) {
            const IndexedTerm& term = index.terms[i];
            data.clear();
            append_raw(data, term.index);
            for (const FieldPostings& field : term.fields) {
                append_raw(data, uint64_t(field.postings.size()));
                for (const Posting& p : field.postings) {
                    append_raw(data, p.doc);
                    append_raw(data, p.first);
                    append_raw(data, p.count);
                }
                append_raw(data, uint64_t(field.tokens.size()));
                for (const TokenMetadata& t : field.tokens) {
                    append_raw(data, t.start);
                    append_raw(data, t.length);
                    append_raw(data, t.index);
                    append_raw(data, uint8_t(t.from_list));
                }
            }
            h.add(term.text).add(data);
        }
        out[n] = h.finish();
    });
    return out;
}

std::string serialize(const Index& index) {
    std::ostringstream out;
    write_json(out, index);
    return std::move(out).str();
}

nlohmann::ordered_json to_json(const Index& index) {
    return nlohmann::ordered_json::parse(serialize(index));
}

}  // namespace hs::search
