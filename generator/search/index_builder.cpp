// How the builder meets lunr's order while cutting documents into words on several threads: each
// thread stems through a lexicon of its own, with ids of its own; build() then walks the adds in
// order, as lunr would, and gives each term the index's id (lunr's `_index`, the order of first
// appearance) the first time it meets it. Postings and field vectors are then made from those
// ids, again on every thread, each thread writing only its own terms and documents.
#include "search/index_builder.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "search/js_keys.hpp"
#include "search/pipeline.hpp"
#include "search/scoring.hpp"
#include "search/tokenizer.hpp"
#include "search/unicode.hpp"
#include "util/parallel.hpp"

namespace hs::search {
namespace {

struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, Hash, std::equal_to<>>;

// lunr keeps fields as keys of an object: a repeated name keeps its place and takes the last
// attributes, and names like "2" come first.
std::vector<FieldSpec> fields_in_lunr_order(const std::vector<FieldSpec>& given) {
    std::vector<FieldSpec> fields;
    for (const auto& f : given) {
        if (f.name.empty() || f.name == "_index" || f.name.find('/') != std::string::npos)
            throw std::invalid_argument("cannot index a field named \"" + f.name + "\"");
        auto same = std::find_if(fields.begin(), fields.end(),
                                 [&](const FieldSpec& g) { return g.name == f.name; });
        if (same != fields.end())
            same->boost = f.boost;
        else
            fields.push_back(f);
    }
    sort_as_js_keys(fields.begin(), fields.end(), [](const FieldSpec& f) { return f.name; });
    return fields;
}

const FieldValue* find_value(const Document& doc, const std::string& name) {
    for (const auto& [field, value] : doc.fields)
        if (field == name) return &value;
    return nullptr;
}

// Tokens to terms, memoised (lunr's pipeline is a pure function of the token), with ids of its
// own. Most tokens are a few thousand common words: a direct-mapped table of short tokens, whose
// slots sit side by side (unlike the hash table's nodes), answers them first. At 10,000 documents
// cutting into words took 0.65–0.91 s without it, 0.55–0.64 s with 8,192 slots and 0.42–0.52 s
// with 65,536 (two threads, side by side).
class Lexicon {
  public:
    Lexicon() : m_recent(k_recent) {}

    // The term's id here, or -1 when the stop-word filter drops the token.
    int32_t term(std::string_view token) {
        size_t hash = Hash{}(token);
        Recent& recent = m_recent[hash & (k_recent - 1)];
        bool fits = token.size() <= sizeof recent.text;
        if (fits && recent.hash == hash && recent.length == token.size() &&
            std::memcmp(recent.text, token.data(), token.size()) == 0)
            return recent.id;
        int32_t id = lookup(token);
        if (fits) {
            recent.hash = hash;
            recent.length = uint8_t(token.size());
            std::memcpy(recent.text, token.data(), token.size());
            recent.id = id;
        }
        return id;
    }
    // The id of a term the pipeline made (a cut document's).
    uint32_t known(std::string_view term) {
        if (auto it = m_ids.find(term); it != m_ids.end()) return uint32_t(it->second);
        auto [it, added] = m_ids.try_emplace(std::string(term), int32_t(m_texts.size()));
        m_texts.push_back(&it->first);
        return uint32_t(it->second);
    }
    const std::string& text(uint32_t id) const { return *m_texts[id]; }
    size_t size() const { return m_texts.size(); }

  private:
    static constexpr size_t k_recent = 65536;  // a power of two; 2 MB
    struct Recent {
        size_t hash = 0;
        int32_t id = 0;
        uint8_t length = 0xff;  // no token yet: no token that fits is this long
        char text[19];
    };

    int32_t lookup(std::string_view token) {
        if (auto it = m_tokens.find(token); it != m_tokens.end()) return it->second;
        int32_t id = -1;
        if (std::optional<std::string> term = run_pipeline(token)) {
            auto [it, added] = m_ids.try_emplace(std::move(*term), int32_t(m_texts.size()));
            if (added) m_texts.push_back(&it->first);
            id = it->second;
        }
        m_tokens.emplace(std::string(token), id);
        return id;
    }

    std::vector<Recent> m_recent;
    StringMap<int32_t> m_tokens;
    StringMap<int32_t> m_ids;
    std::vector<const std::string*> m_texts;  // m_ids' keys, by id (its nodes stay put)
};

// One field of one add.
struct FieldTerms {
    std::vector<uint32_t> terms;          // a term id per token the pipeline kept, in order
    std::vector<TokenMetadata> metadata;  // the tokens', when the whitelist asks for any
    // After grouping: `terms` is gone, and `metadata` runs term by term as `frequencies` does.
    uint32_t length = 0;
    std::vector<std::pair<uint32_t, uint32_t>> frequencies;  // term id, count; ascending
};

struct Added {
    uint32_t slot = 0;
    bool again = false;    // its ref was added before
    unsigned lexicon = 0;  // whose ids `terms` holds until build() maps them
    std::vector<FieldTerms> fields;
};

struct Scratch {
    std::string lower;
    std::vector<TokenView> tokens;
};

}  // namespace

struct IndexBuilder::Impl {
    std::vector<FieldSpec> fields;  // lunr's order
    std::vector<std::string> whitelist;
    std::vector<std::string> refs;  // by slot, in the order first added
    StringMap<uint32_t> slots;
    std::vector<double> doc_boosts;  // by slot: the last add's
    std::vector<size_t> last_add;    // by slot
    std::vector<Added> adds;
    std::vector<Lexicon> lexicons;
    Scratch scratch;  // add()'s

    explicit Impl(const IndexOptions& options)
        : fields(fields_in_lunr_order(options.fields)), whitelist(options.metadata_whitelist) {}

    // The add's place, in the order adds are made.
    void start_add(const Document& doc) {
        auto [it, added] = slots.try_emplace(doc.ref, uint32_t(refs.size()));
        if (added) {
            refs.push_back(doc.ref);
            doc_boosts.push_back(1);
            last_add.push_back(0);
        }
        Added& add = adds.emplace_back();
        add.slot = it->second;
        add.again = !added;
        add.fields.resize(fields.size());
        doc_boosts[add.slot] = doc.boost;
        last_add[add.slot] = adds.size() - 1;
    }

    // The document cut into tokens and run through the pipeline: may run on any thread, with
    // that thread's lexicon.
    void cut(const Document& doc, Added& add, unsigned lexicon, Scratch& scratch) {
        add.lexicon = lexicon;
        for (size_t f = 0; f < fields.size(); ++f) {
            const FieldValue* value = find_value(doc, fields[f].name);
            scratch.tokens.clear();
            if (!value) {
            } else if (auto* text = std::get_if<std::string>(value)) {
                tokenize(*text, scratch.lower, scratch.tokens);
            } else if (auto* items = std::get_if<std::vector<std::string>>(value)) {
                tokenize(*items, scratch.lower, scratch.tokens);
            }
            FieldTerms& out = add.fields[f];
            out.terms.reserve(scratch.tokens.size());
            if (!whitelist.empty()) out.metadata.reserve(scratch.tokens.size());
            for (const TokenView& token : scratch.tokens) {
                int32_t id = lexicons[lexicon].term(token.text);
                if (id < 0) continue;
                out.terms.push_back(uint32_t(id));
                if (!whitelist.empty())
                    out.metadata.push_back(
                        {token.start, token.length, token.index, token.from_list});
            }
        }
    }

    bool fits(const CutDocument& cut) const { return cut_fits(cut, fields.size()); }
    // A document cut before (fits() says so), with `lexicon`'s ids.
    void use(const CutDocument& cut, Added& add, unsigned lexicon, std::vector<uint32_t>& ids) {
        add.lexicon = lexicon;
        ids.resize(cut.ends.size());
        uint32_t from = 0;
        for (size_t t = 0; t < cut.ends.size(); ++t) {
            ids[t] = lexicons[lexicon].known(
                std::string_view(cut.text).substr(from, cut.ends[t] - from));
            from = cut.ends[t];
        }
        from = 0;
        for (size_t f = 0; f < fields.size(); ++f) {
            std::vector<uint32_t>& terms = add.fields[f].terms;
            terms.reserve(cut.field_ends[f] - from);
            for (uint32_t k = from; k < cut.field_ends[f]; ++k)
                terms.push_back(ids[cut.places[k]]);
            from = cut.field_ends[f];
        }
    }
    // What cut() made of a document, to use again.
    CutDocument export_cut(const Added& add) const {
        CutDocument cut;
        std::unordered_map<uint32_t, uint32_t> place;  // lexicon id → place among its terms
        for (const FieldTerms& field : add.fields) {
            for (uint32_t id : field.terms) {
                auto [it, added] = place.try_emplace(id, uint32_t(cut.ends.size()));
                if (added) {
                    cut.text += lexicons[add.lexicon].text(id);
                    cut.ends.push_back(uint32_t(cut.text.size()));
                }
                cut.places.push_back(it->second);
            }
            cut.field_ends.push_back(uint32_t(cut.places.size()));
        }
        // Kept until the build ends, ten thousand of them: without the room they grew into.
        cut.text.shrink_to_fit();
        cut.ends.shrink_to_fit();
        cut.places.shrink_to_fit();
        return cut;
    }

    std::vector<IndexedTerm> number_terms();
    // Postings and tokens a term needs in a field, by term * fields + field (a ref added again
    // may need fewer postings).
    using Room = std::pair<uint32_t, uint32_t>;
    void group(Added& add, std::vector<uint32_t>& counts, std::vector<Room>& room) const;
    void post(std::vector<IndexedTerm>& terms, const std::vector<Room>& room, unsigned part,
              unsigned parts) const;
    Index build(unsigned jobs);
};

// The index's ids, given in the order lunr meets the terms: add by add, field by field.
std::vector<IndexedTerm> IndexBuilder::Impl::number_terms() {
    std::vector<IndexedTerm> terms;
    std::unordered_map<std::string_view, uint32_t> ids;
    std::vector<std::vector<int64_t>> to(lexicons.size());
    for (size_t l = 0; l < lexicons.size(); ++l)
        to[l].assign(lexicons[l].size(), -1);
    for (Added& add : adds) {
        std::vector<int64_t>& mine = to[add.lexicon];
        for (FieldTerms& field : add.fields)
            for (uint32_t& id : field.terms) {
                int64_t& global = mine[id];
                if (global < 0) {
                    const std::string& text = lexicons[add.lexicon].text(id);
                    auto [it, added] = ids.try_emplace(text, uint32_t(terms.size()));
                    if (added) {
                        IndexedTerm& t = terms.emplace_back();
                        t.text = text;
                        t.index = it->second;
                        t.fields.resize(fields.size());
                    }
                    global = it->second;
                }
                id = uint32_t(global);
            }
    }
    return terms;
}

// An add's tokens grouped by term: frequencies in ascending term id, metadata term by term.
// `counts` is zero for every term id, and is left so.
void IndexBuilder::Impl::group(Added& add, std::vector<uint32_t>& counts,
                               std::vector<Room>& room) const {
    for (size_t f = 0; f < add.fields.size(); ++f) {
        FieldTerms& field = add.fields[f];
        field.length = uint32_t(field.terms.size());
        for (uint32_t term : field.terms)
            if (counts[term]++ == 0) field.frequencies.emplace_back(term, 0);
        std::sort(field.frequencies.begin(), field.frequencies.end());
        for (auto& [term, count] : field.frequencies)
            count = counts[term];
        if (!field.metadata.empty()) {  // counts become where each term's tokens go next
            uint32_t at = 0;
            for (auto [term, count] : field.frequencies)
                counts[term] = std::exchange(at, at + count);
            std::vector<TokenMetadata> grouped(field.metadata.size());
            for (size_t k = 0; k < field.terms.size(); ++k)
                grouped[counts[field.terms[k]]++] = field.metadata[k];
            field.metadata = std::move(grouped);
        }
        for (auto [term, count] : field.frequencies) {
            counts[term] = 0;
            Room& needs = room[term * add.fields.size() + f];
            ++needs.first;
            needs.second += field.metadata.empty() ? 0 : count;
        }
        field.terms = {};
    }
}

// The postings of the terms whose id is `part` modulo `parts`, add by add: a ref added again
// adds its tokens to the posting it already has, as lunr's builder does.
void IndexBuilder::Impl::post(std::vector<IndexedTerm>& terms, const std::vector<Room>& room,
                              unsigned part, unsigned parts) const {
    // Room first, so the lists are not copied as they grow.
    const size_t field_count = fields.size();
    for (size_t term = part; term < terms.size(); term += parts)
        for (size_t f = 0; f < field_count; ++f) {
            terms[term].fields[f].postings.reserve(room[term * field_count + f].first);
            terms[term].fields[f].tokens.reserve(room[term * field_count + f].second);
        }
    for (const Added& add : adds)
        for (size_t f = 0; f < fields.size(); ++f) {
            const FieldTerms& field = add.fields[f];
            auto token = field.metadata.begin();
            for (auto [term, count] : field.frequencies) {
                auto tokens = token;
                token += field.metadata.empty() ? 0 : count;
                if (term % parts != part) continue;
                FieldPostings& into = terms[term].fields[f];
                std::vector<Posting>& postings = into.postings;
                Posting* posting = nullptr;
                if (!postings.empty() && postings.back().doc == add.slot) {
                    posting = &postings.back();
                } else if (add.again) {
                    auto it = std::find_if(postings.begin(), postings.end(),
                                           [&](const Posting& p) { return p.doc == add.slot; });
                    if (it != postings.end()) posting = &*it;
                }
                if (!posting) {
                    posting = &postings.emplace_back(Posting{add.slot, 0, 0});
                    posting->first = uint32_t(into.tokens.size());
                }
                if (tokens == token) continue;
                if (posting->first + posting->count != into.tokens.size()) {
                    // A ref added again, whose posting is not the last: its tokens move to the
                    // end, so they stay side by side (the old ones are left unused).
                    std::vector<TokenMetadata> moved(
                        into.tokens.begin() + posting->first,
                        into.tokens.begin() + posting->first + posting->count);
                    posting->first = uint32_t(into.tokens.size());
                    into.tokens.insert(into.tokens.end(), moved.begin(), moved.end());
                }
                into.tokens.insert(into.tokens.end(), tokens, token);
                posting->count += uint32_t(token - tokens);
            }
        }
}

Index IndexBuilder::Impl::build(unsigned jobs) {
    std::vector<IndexedTerm> terms = number_terms();
    const size_t field_count = fields.size();

    const unsigned workers = workers_for(adds.size(), jobs);
    std::vector<std::vector<uint32_t>> counts(workers);
    std::vector<std::vector<Room>> rooms(workers, std::vector<Room>(terms.size() * field_count));
    parallel_for_workers(adds.size(), workers, [&](size_t a, unsigned w) {
        if (counts[w].empty()) counts[w].assign(terms.size(), 0);
        group(adds[a], counts[w], rooms[w]);
    });
    counts = {};
    std::vector<Room> room = std::move(rooms[0]);
    for (size_t w = 1; w < workers; ++w)
        for (size_t i = 0; i < room.size(); ++i) {
            room[i].first += rooms[w][i].first;
            room[i].second += rooms[w][i].second;
        }
    rooms = {};
    parallel_for(workers, workers, [&](size_t w) { post(terms, room, unsigned(w), workers); });

    // lunr counts every add, a ref added again included; lengths are each ref's last add's.
    std::vector<double> idfs(terms.size());
    for (size_t t = 0; t < terms.size(); ++t) {
        uint64_t with_term = 0;
        for (const auto& field : terms[t].fields)
            with_term += field.postings.size();
        idfs[t] = idf(with_term, adds.size());
    }
    std::vector<double> average(field_count, 0);
    for (size_t f = 0; f < field_count; ++f) {
        uint64_t total = 0;
        for (size_t slot = 0; slot < refs.size(); ++slot)
            total += adds[last_add[slot]].fields[f].length;
        average[f] = double(total) / double(refs.size());
    }

    Index index;
    for (const auto& f : fields)
        index.fields.push_back(f.name);
    index.metadata_whitelist = whitelist;
    index.field_vectors.resize(refs.size() * field_count);
    parallel_for(refs.size(), workers, [&](size_t slot) {
        const Added& add = adds[last_add[slot]];
        for (size_t f = 0; f < field_count; ++f) {
            const FieldTerms& stats = add.fields[f];
            FieldVector& vector = index.field_vectors[slot * field_count + f];
            vector.field = uint32_t(f);
            vector.doc = uint32_t(slot);
            vector.weights.reserve(stats.frequencies.size());
            for (auto [term, count] : stats.frequencies)
                vector.weights.emplace_back(
                    term, field_weight(idfs[term], count, stats.length, average[f], fields[f].boost,
                                       doc_boosts[slot]));
        }
    });
    adds = {};
    lexicons = {};
    index.refs = std::move(refs);
    index.terms = std::move(terms);
    std::sort(
        index.terms.begin(), index.terms.end(),
        [](const IndexedTerm& a, const IndexedTerm& b) { return utf16_less(a.text, b.text); });
    return index;
}

IndexBuilder::IndexBuilder(const IndexOptions& options) : m(std::make_unique<Impl>(options)) {}
IndexBuilder::~IndexBuilder() = default;
IndexBuilder::IndexBuilder(IndexBuilder&&) noexcept = default;
IndexBuilder& IndexBuilder::operator=(IndexBuilder&&) noexcept = default;

void IndexBuilder::add(const Document& doc) {
    if (m->lexicons.empty()) m->lexicons.emplace_back();
    m->start_add(doc);
    m->cut(doc, m->adds.back(), 0, m->scratch);
}

Index IndexBuilder::build(unsigned jobs) {
    return m->build(jobs);
}

bool cut_fits(const CutDocument& cut, size_t fields) {
    if (cut.field_ends.size() != fields) return false;
    uint32_t from = 0;
    for (uint32_t end : cut.ends) {
        if (end < from || end > cut.text.size()) return false;
        from = end;
    }
    from = 0;
    for (uint32_t end : cut.field_ends) {
        if (end < from || end > cut.places.size()) return false;
        from = end;
    }
    return std::all_of(cut.places.begin(), cut.places.end(),
                       [&](uint32_t t) { return t < cut.ends.size(); });
}

Index build_index(const std::vector<Document>& docs, const IndexOptions& options,
                  const std::function<bool()>& stopped, unsigned jobs, const CutCache* cache) {
    IndexBuilder builder(options);
    IndexBuilder::Impl& m = *builder.m;
    m.adds.reserve(docs.size());
    for (const Document& doc : docs)
        m.start_add(doc);
    // Blocks of documents, so a thread keeps its lexicon warm and `stopped` is not asked too
    // often. `stopped` is asked on the calling thread only (it may read that thread's state),
    // and once more after the loop: the other threads may take every block before the calling
    // thread takes one.
    constexpr size_t k_block = 64;
    const size_t blocks = (docs.size() + k_block - 1) / k_block;
    m.lexicons.resize(std::max(1u, workers_for(blocks, jobs)));
    std::atomic<bool> called_off{false};
    // Token metadata is not kept in a cut document.
    const bool use_cache = cache && cache->find && m.whitelist.empty();
    const bool complete = cache && cache->complete;
    parallel_for_workers(blocks, jobs, [&](size_t b, unsigned w) {
        if (called_off) return;
        if (w == 0 && stopped && stopped()) {
            called_off = true;
            return;
        }
        Scratch scratch;
        std::vector<uint32_t> ids;
        Document whole;
        for (size_t i = b * k_block; i < std::min(docs.size(), (b + 1) * k_block); ++i) {
            if (use_cache) {
                if (auto cut = cache->find(i); cut && m.fits(*cut)) {
                    m.use(*cut, m.adds[i], w, ids);
                    continue;
                }
            }
            if (complete) {
                whole = docs[i];
                cache->complete(i, whole);
            }
            m.cut(complete ? whole : docs[i], m.adds[i], w, scratch);
            if (use_cache && cache->keep) cache->keep(i, m.export_cut(m.adds[i]));
        }
    });
    if (called_off || (stopped && stopped())) throw Stopped();
    return builder.build(jobs);
}

}  // namespace hs::search
