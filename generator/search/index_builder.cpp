#include "search/index_builder.hpp"

#include <algorithm>
#include <stdexcept>

#include "search/js_keys.hpp"
#include "search/pipeline.hpp"
#include "search/scoring.hpp"
#include "search/unicode.hpp"

namespace hs::search {
namespace {

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

std::vector<Token> tokens_of(const FieldValue* value) {
    if (!value) return {};
    if (auto* text = std::get_if<std::string>(value)) return tokenize(*text);
    if (auto* items = std::get_if<std::vector<std::string>>(value)) return tokenize(*items);
    return {};
}

}  // namespace

IndexBuilder::IndexBuilder(const IndexOptions& options)
    : m_fields(fields_in_lunr_order(options.fields)), m_whitelist(options.metadata_whitelist) {}

uint32_t IndexBuilder::slot_for(const std::string& ref) {
    auto [it, added] = m_slots.try_emplace(ref, uint32_t(m_refs.size()));
    if (added) {
        m_refs.push_back(ref);
        m_added_again.push_back(0);
        m_doc_boosts.push_back(1);
        m_stats.resize(m_stats.size() + m_fields.size());
    } else {
        m_added_again[it->second] = 1;
    }
    return it->second;
}

int64_t IndexBuilder::term_for(const std::string& token) {
    if (auto cached = m_token_terms.find(token); cached != m_token_terms.end())
        return cached->second;
    int64_t id = -1;
    if (std::optional<std::string> term = run_pipeline(token)) {
        auto [it, added] = m_term_ids.try_emplace(*term, uint32_t(m_terms.size()));
        if (added) {
            IndexedTerm& t = m_terms.emplace_back();
            t.text = *term;
            t.index = it->second;
            t.fields.resize(m_fields.size());
            m_counts.push_back(0);
        }
        id = it->second;
    }
    m_token_terms.emplace(token, id);
    return id;
}

Posting& IndexBuilder::posting_for(uint32_t term, uint32_t field, uint32_t slot) {
    std::vector<Posting>& postings = m_terms[term].fields[field];
    if (!postings.empty() && postings.back().doc == slot) return postings.back();
    if (m_added_again[slot]) {
        auto it = std::find_if(postings.begin(), postings.end(),
                               [&](const Posting& p) { return p.doc == slot; });
        if (it != postings.end()) return *it;
    }
    return postings.emplace_back(Posting{slot, {}});
}

void IndexBuilder::add_field(uint32_t slot, uint32_t field, const std::vector<Token>& tokens) {
    FieldStats stats;
    for (const Token& token : tokens) {
        int64_t id = term_for(token.text);
        if (id < 0) continue;
        auto term = uint32_t(id);
        ++stats.length;
        if (m_counts[term]++ == 0) stats.frequencies.emplace_back(term, 0);
        Posting& posting = posting_for(term, field, slot);
        if (!m_whitelist.empty())
            posting.tokens.push_back({token.start, token.length, token.index, token.from_list});
    }
    for (auto& [term, count] : stats.frequencies)
        count = std::exchange(m_counts[term], 0);
    std::sort(stats.frequencies.begin(), stats.frequencies.end());
    m_stats[slot * m_fields.size() + field] = std::move(stats);
}

void IndexBuilder::add(const Document& doc) {
    uint32_t slot = slot_for(doc.ref);
    m_doc_boosts[slot] = doc.boost;
    ++m_document_count;
    for (uint32_t f = 0; f < m_fields.size(); ++f)
        add_field(slot, f, tokens_of(find_value(doc, m_fields[f].name)));
}

Index IndexBuilder::build() {
    const size_t field_count = m_fields.size();
    std::vector<double> average(field_count, 0);
    for (size_t f = 0; f < field_count; ++f) {
        uint64_t total = 0;
        for (size_t slot = 0; slot < m_refs.size(); ++slot)
            total += m_stats[slot * field_count + f].length;
        average[f] = double(total) / double(m_refs.size());
    }

    std::vector<double> idfs(m_terms.size(), -1);
    auto idf_of = [&](uint32_t term) {
        if (idfs[term] < 0) {
            uint64_t with_term = 0;
            for (const auto& postings : m_terms[term].fields)
                with_term += postings.size();
            idfs[term] = idf(with_term, m_document_count);
        }
        return idfs[term];
    };

    Index index;
    for (const auto& f : m_fields)
        index.fields.push_back(f.name);
    index.metadata_whitelist = m_whitelist;
    for (uint32_t slot = 0; slot < m_refs.size(); ++slot) {
        for (uint32_t f = 0; f < field_count; ++f) {
            const FieldStats& stats = m_stats[slot * field_count + f];
            FieldVector& vector = index.field_vectors.emplace_back(FieldVector{f, slot, {}});
            for (auto [term, count] : stats.frequencies)
                vector.weights.emplace_back(
                    term, field_weight(idf_of(term), count, stats.length, average[f],
                                       m_fields[f].boost, m_doc_boosts[slot]));
        }
    }
    index.refs = std::move(m_refs);
    index.terms = std::move(m_terms);
    std::sort(
        index.terms.begin(), index.terms.end(),
        [](const IndexedTerm& a, const IndexedTerm& b) { return utf16_less(a.text, b.text); });
    return index;
}

Index build_index(const std::vector<Document>& docs, const IndexOptions& options,
                  const std::function<bool()>& stopped) {
    IndexBuilder builder(options);
    for (size_t i = 0; i < docs.size(); ++i) {
        if (stopped && i % 64 == 0 && stopped()) throw Stopped();
        builder.add(docs[i]);
    }
    return builder.build();
}

}  // namespace hs::search
