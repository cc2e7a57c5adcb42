#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "search/json_documents.hpp"
#include "search/search.hpp"

using namespace hs::search;

namespace {

std::vector<Document> three_documents() {
    return {
        {"pm-1",
         {{"title", "Disk full on the primary database"},
          {"body",
           "The disk filled up. Alerts fired late; the database stopped accepting writes."}},
         2},
        {"pm-2",
         {{"title", "Connection pool exhaustion"},
          {"body", "Connections leaked until the pool was exhausted and requests queued."}}},
        {"3",
         {{"title", "Disk latency"}, {"body", std::vector<std::string>{"storage", "Disk"}}},
         0.5},
    };
}

const IndexOptions k_title_body = {{{"title", 10}, {"body", 1}}, {"position"}};

// JSON.stringify of lunr.js 2.3.9's index for the same documents (builder.add(doc, {boost})).
const char* const k_lunr_json =
    R"({"version":"2.3.9","fields":["title","body"],"fieldVectors":[["title/pm-1",[0,1.854,1,17.263,2,17.263,3,8.272]],["body/pm-1",[0,0.17,3,0.76,4,1.586,5,1.586,6,1.586,7,1.586,8,1.586,9,1.586,10,1.586,11,1.586]],["title/pm-2",[12,4.7,13,4.7,14,4.7]],["body/pm-2",[12,0.451,13,0.451,14,0.451,15,0.94,16,0.94,17,0.94,18,0.94]],["title/3",[0,0.61,19,5.678]],["body/3",[0,0.073,20,0.681]]],"invertedIndex":[["accept",{"_index":10,"title":{},"body":{"pm-1":{"position":[[60,9]]}}}],["alert",{"_index":6,"title":{},"body":{"pm-1":{"position":[[20,6]]}}}],["connect",{"_index":12,"title":{"pm-2":{"position":[[0,10]]}},"body":{"pm-2":{"position":[[0,11]]}}}],["databas",{"_index":3,"title":{"pm-1":{"position":[[25,8]]}},"body":{"pm-1":{"position":[[43,8]]}}}],["disk",{"_index":0,"title":{"3":{"position":[[0,4]]},"pm-1":{"position":[[0,4]]}},"body":{"3":{"position":[null]},"pm-1":{"position":[[4,4]]}}}],["exhaust",{"_index":14,"title":{"pm-2":{"position":[[16,10]]}},"body":{"pm-2":{"position":[[38,9]]}}}],["fill",{"_index":4,"title":{},"body":{"pm-1":{"position":[[9,6]]}}}],["fire",{"_index":7,"title":{},"body":{"pm-1":{"position":[[27,5]]}}}],["full",{"_index":1,"title":{"pm-1":{"position":[[5,4]]}},"body":{}}],["late",{"_index":8,"title":{},"body":{"pm-1":{"position":[[33,5]]}}}],["latenc",{"_index":19,"title":{"3":{"position":[[5,7]]}},"body":{}}],["leak",{"_index":15,"title":{},"body":{"pm-2":{"position":[[12,6]]}}}],["pool",{"_index":13,"title":{"pm-2":{"position":[[11,4]]}},"body":{"pm-2":{"position":[[29,4]]}}}],["primari",{"_index":2,"title":{"pm-1":{"position":[[17,7]]}},"body":{}}],["queu",{"_index":18,"title":{},"body":{"pm-2":{"position":[[61,7]]}}}],["request",{"_index":17,"title":{},"body":{"pm-2":{"position":[[52,8]]}}}],["stop",{"_index":9,"title":{},"body":{"pm-1":{"position":[[52,7]]}}}],["storag",{"_index":20,"title":{},"body":{"3":{"position":[null]}}}],["until",{"_index":16,"title":{},"body":{"pm-2":{"position":[[19,5]]}}}],["up",{"_index":5,"title":{},"body":{"pm-1":{"position":[[16,3]]}}}],["write",{"_index":11,"title":{},"body":{"pm-1":{"position":[[70,7]]}}}]],"pipeline":["stemmer"]})";

}  // namespace

TEST_SUITE("search::index_builder") {
    TEST_CASE("the same bytes as lunr.js: boosts, positions, numeric refs first, list fields") {
        CHECK(serialize(build_index(three_documents(), k_title_body)) == k_lunr_json);
    }

    TEST_CASE("the ordered_json document and the streamed text agree") {
        Index index = build_index(three_documents(), k_title_body);
        nlohmann::ordered_json j = to_json(index);
        CHECK(dump_js(j) == serialize(index));
        CHECK(j["fieldVectors"][0][0] == "title/pm-1");
        CHECK(j["invertedIndex"][4][1]["_index"] == 0);

        // Keys like "2" first, weights too large for decimal notation, escapes, list tokens.
        std::vector<Document> odd = {{"10", {{"2", "a \"quoted\" tab\tword"}, {"t", "x y"}}, 1e30},
                                     {"b", {{"t", std::vector<std::string>{"x", ""}}}}};
        Index other = build_index(odd, {{{"t", 1}, {"2", 3}}, {"position", "index", "fields"}});
        CHECK(dump_js(to_json(other)) == serialize(other));
        CHECK(serialize(other).find("e+29") != std::string::npos);
    }

    TEST_CASE("documents cut in an earlier build give the index cutting them now gives") {
        // Many documents, so every thread takes blocks of them; a ref added twice; list fields.
        std::vector<Document> docs;
        for (int i = 0; i < 300; ++i) {
            std::string n = std::to_string(i);
            docs.push_back({"pm-" + std::to_string(i % 290),
                            {{"title", "Disk " + n + " full on the primary of pool " + n},
                             {"tags", std::vector<std::string>{"disk", "Tag " + n}},
                             {"body", "The disk filled up; alerts fired late on day " + n}},
                            i % 7 == 0 ? 2.0 : 1.0});
        }
        const IndexOptions options{{{"title", 10}, {"tags", 2}, {"body", 1}}, {}};
        const std::string cold = serialize(build_index(docs, options, {}, 2));
        std::map<size_t, std::shared_ptr<const CutDocument>> kept;
        std::mutex mutex;
        size_t found = 0, cut = 0;
        CutCache cache{[&](size_t doc) -> std::shared_ptr<const CutDocument> {
                           std::lock_guard lock(mutex);
                           auto it = kept.find(doc);
                           if (it == kept.end()) return nullptr;
                           ++found;
                           return it->second;
                       },
                       [&](size_t doc, CutDocument c) {
                           std::lock_guard lock(mutex);
                           ++cut;
                           kept[doc] = std::make_shared<const CutDocument>(std::move(c));
                       }};
        CHECK(serialize(build_index(docs, options, {}, 2, &cache)) == cold);
        CHECK(found == 0);
        CHECK(cut == docs.size());
        // Every document from the cache, on one thread and on two.
        found = cut = 0;
        CHECK(serialize(build_index(docs, options, {}, 1, &cache)) == cold);
        CHECK(serialize(build_index(docs, options, {}, 2, &cache)) == cold);
        CHECK(found == 2 * docs.size());
        CHECK(cut == 0);
        // Some from the cache and some cut now, after an edit that adds new words (the caller
        // drops what it keyed by the old text).
        docs[150].fields[2].second = std::string("Brand new words: a kernel upgrade rolled back");
        kept.erase(150);
        for (size_t i = 0; i < docs.size(); i += 3)
            kept.erase(i);
        found = cut = 0;
        CHECK(serialize(build_index(docs, options, {}, 2, &cache)) ==
              serialize(build_index(docs, options, {}, 2)));
        CHECK(cut == 100);  // every third, 150 among them
        CHECK(found == docs.size() - 100);
        // A cut document whose fields are not the index's, or that does not hold together, is
        // cut again.
        kept[1] = std::make_shared<const CutDocument>(CutDocument{"disk", {4}, {0}, {1}});
        kept[2] = std::make_shared<const CutDocument>(CutDocument{"disk", {4}, {1}, {1, 1, 1}});
        kept[4] = std::make_shared<const CutDocument>(CutDocument{"disk", {5}, {0}, {1, 1, 1}});
        kept[5] = std::make_shared<const CutDocument>(CutDocument{"disk", {4}, {0}, {1, 2, 1}});
        CHECK(serialize(build_index(docs, options, {}, 2, &cache)) ==
              serialize(build_index(docs, options, {}, 2)));
        // With token metadata, nothing is asked of the cache.
        found = cut = 0;
        const IndexOptions positions{options.fields, {"position"}};
        CHECK(serialize(build_index(docs, positions, {}, 2, &cache)) ==
              serialize(build_index(docs, positions, {}, 2)));
        CHECK(found + cut == 0);
    }

    TEST_CASE("fields completed just before a document is cut give the index they give whole") {
        std::vector<Document> whole, bare;
        for (int i = 0; i < 300; ++i) {
            std::string n = std::to_string(i);
            whole.push_back({"pm-" + std::to_string(i % 290),
                             {{"title", "Disk " + n + " full"},
                              {"body", "The disk filled up; alerts fired late on day " + n}},
                             i % 7 == 0 ? 2.0 : 1.0});
            bare.push_back(whole.back());
            bare.back().fields.pop_back();  // the body, left to `complete`
        }
        std::atomic<size_t> completed{0};
        CutCache cache;
        cache.complete = [&](size_t doc, Document& d) {
            CHECK(d.ref == whole[doc].ref);
            d.fields.push_back(whole[doc].fields.back());
            ++completed;
        };
        for (const IndexOptions& options :
             {IndexOptions{{{"title", 10}, {"body", 1}}, {}},
              IndexOptions{{{"title", 10}, {"body", 1}}, {"position"}}}) {
            completed = 0;
            const std::string expected = serialize(build_index(whole, options, {}, 2));
            CHECK(serialize(build_index(bare, options, {}, 2)) != expected);  // bodies count
            CHECK(serialize(build_index(bare, options, {}, 2, &cache)) == expected);
            CHECK(completed == bare.size());
        }
        // With a cache of cuts, a document found there is not completed.
        std::map<size_t, std::shared_ptr<const CutDocument>> kept;
        std::mutex mutex;
        cache.find = [&](size_t doc) -> std::shared_ptr<const CutDocument> {
            std::lock_guard lock(mutex);
            auto it = kept.find(doc);
            return it == kept.end() ? nullptr : it->second;
        };
        cache.keep = [&](size_t doc, CutDocument c) {
            std::lock_guard lock(mutex);
            kept[doc] = std::make_shared<const CutDocument>(std::move(c));
        };
        const IndexOptions options{{{"title", 10}, {"body", 1}}, {}};
        const std::string expected = serialize(build_index(whole, options, {}, 2));
        completed = 0;
        CHECK(serialize(build_index(bare, options, {}, 2, &cache)) == expected);
        CHECK(completed == bare.size());
        CHECK(kept.size() == bare.size());
        completed = 0;
        CHECK(serialize(build_index(bare, options, {}, 2, &cache)) == expected);
        CHECK(completed == 0);
    }

    TEST_CASE("documents can be added one at a time") {
        IndexBuilder builder(k_title_body);
        for (const auto& doc : three_documents())
            builder.add(doc);
        CHECK(serialize(builder.build()) == k_lunr_json);
    }

    TEST_CASE("a field named like a number comes first, before _index in postings") {
        IndexOptions options{{{"t", 1}, {"2", 1}}, {}};
        std::vector<Document> docs = {{"b", {{"2", "two"}, {"t", "x y"}}},
                                      {"7", {{"2", "two two"}, {"t", "y"}}}};
        CHECK(
            serialize(build_index(docs, options)) ==
            R"({"version":"2.3.9","fields":["2","t"],"fieldVectors":[["2/b",[0,0.211]],["t/b",[1,0.61,2,0.16]],["2/7",[0,0.229]],["t/7",[2,0.211]]],"invertedIndex":[["two",{"2":{"7":{},"b":{}},"_index":0,"t":{}}],["x",{"2":{},"_index":1,"t":{"b":{}}}],["y",{"2":{},"_index":2,"t":{"7":{},"b":{}}}]],"pipeline":["stemmer"]})");
    }

    TEST_CASE("field names lunr cannot index are refused") {
        CHECK_THROWS_AS(IndexBuilder({{{"a/b", 1}}, {}}), std::invalid_argument);
        CHECK_THROWS_AS(IndexBuilder({{{"_index", 1}}, {}}), std::invalid_argument);
        CHECK_THROWS_AS(IndexBuilder({{{"", 1}}, {}}), std::invalid_argument);
    }

    TEST_CASE("any number of threads gives the bytes documents added one at a time give") {
        // Words in and out of the stop list, hyphens, non-ASCII case, list fields, absent
        // fields, refs added again (whose earlier postings stay) and refs named like numbers.
        const std::vector<std::string> words = {
            "disk",  "Disks", "the",    "pool-exhaustion", "Straße", "İstanbul", "ΣΊΣΥΦΟΣ",
            "cache", "of",    "failed", "failing",         "DNS",    "a",        "timeout"};
        uint32_t seed = 7;
        auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
        std::vector<Document> docs;
        for (int i = 0; i < 700; ++i) {
            std::string title, body;
            for (int w = 0; w < 4; ++w)
                title += words[next() % words.size()] + " ";
            for (int w = int(next() % 40); w > 0; --w)
                body += words[next() % words.size()] + (next() % 5 ? " " : "\n");
            std::vector<std::string> tags = {words[next() % words.size()], "Ops"};
            std::string ref = next() % 50 == 0 ? "pm-" + std::to_string(next() % 20)
                                               : (i % 7 ? "pm-" : "") + std::to_string(i);
            Document doc{ref, {{"title", title}, {"tags", tags}}, 1 + double(next() % 3)};
            if (i % 11) doc.fields.emplace_back("body", body);
            docs.push_back(std::move(doc));
        }
        for (const IndexOptions& options :
             {IndexOptions{{{"title", 10}, {"body", 1}, {"tags", 2}}, {}},
              IndexOptions{{{"title", 10}, {"body", 1}, {"tags", 2}}, {"position", "index"}}}) {
            IndexBuilder one_by_one(options);
            for (const auto& doc : docs)
                one_by_one.add(doc);
            std::string expected = serialize(one_by_one.build());
            for (unsigned jobs : {1u, 2u, 3u, 8u}) {
                CAPTURE(jobs);
                std::ostringstream out;
                write_json(out, build_index(docs, options, {}, jobs), jobs);
                CHECK(out.str() == expected);
            }
        }
    }

    TEST_CASE("an index called off throws Stopped, whatever the number of threads") {
        std::vector<Document> docs(500, three_documents()[0]);
        for (size_t i = 0; i < docs.size(); ++i)
            docs[i].ref = std::to_string(i);
        for (unsigned jobs : {1u, 2u})
            CHECK_THROWS_AS(build_index(
                                docs, k_title_body, [] { return true; }, jobs),
                            Stopped);
        CHECK(build_index(
                  docs, k_title_body, [] { return false; }, 2)
                  .refs.size() == 500);
    }

    TEST_CASE("no documents: fields only") {
        CHECK(
            serialize(build_index({}, k_title_body)) ==
            R"({"version":"2.3.9","fields":["title","body"],"fieldVectors":[],"invertedIndex":[],"pipeline":["stemmer"]})");
    }
}

TEST_SUITE("search::json_documents") {
    TEST_CASE("String() of JSON values, as lunr converts fields and refs") {
        using nlohmann::json;
        CHECK(js_string(json("text")) == "text");
        CHECK(js_string(json(3.5e-7)) == "3.5e-7");
        CHECK(js_string(json(12345)) == "12345");
        CHECK(js_string(json(true)) == "true");
        CHECK(js_string(json::parse(R"([1, null, "a", [2, 3]])")) == "1,,a,2,3");
        CHECK(js_string(json::object()) == "[object Object]");
    }

    TEST_CASE("documents from JSON: refs, boosts, lists, absent fields, problems") {
        IndexOptions options{{{"title", 1}, {"tags", 1}}, {}};
        auto docs = nlohmann::json::parse(
            R"([{"id": 7, "title": "A", "tags": ["x", null, 2], "w": 2.5},
                {"id": "b", "title": null},
                {"title": "no ref"}, 5, {"id": "c", "w": "heavy"}])");
        JsonDocuments r = documents_from_json(docs, options, {"id", "w"});
        REQUIRE(r.documents.size() == 4);
        CHECK(r.documents[0].ref == "7");
        CHECK(r.documents[0].boost == 2.5);
        CHECK(std::get<std::vector<std::string>>(r.documents[0].fields[1].second) ==
              std::vector<std::string>{"x", "", "2"});
        CHECK(std::holds_alternative<std::monostate>(r.documents[1].fields[0].second));
        REQUIRE(r.errors.size() == 3);
        CHECK(r.errors[0] == "document 3: \"id\" must be a string or a number, the document's ref");
        CHECK(r.errors[1] == "document 4: expected an object");
        CHECK(r.errors[2] == "document 5: \"w\" must be a number, the document's boost");
    }
}

TEST_SUITE("search::json_documents") {
    TEST_CASE("documents read on several threads are the documents read whole") {
        IndexOptions options{{{"title", 1}, {"tags", 1}}, {}};
        const std::string text =
            R"( [{"id": 7, "title": "a [b] {c}, \"d\\", "tags": ["x", [1, {"y": 2}]], "w": 2.5},
            {"id": "b", "title": null} , 5, {"title": "no ref"},
            {"id": "c", "w": "heavy"}, {"id": "e", "title": "]}"}]
        )";
        JsonDocuments whole =
            documents_from_json(nlohmann::json::parse(text), options, {"id", "w"});
        for (unsigned jobs : {1u, 2u, 4u}) {
            JsonDocuments split = documents_from_json_text(text, options, {"id", "w"}, jobs);
            CHECK(split.errors == whole.errors);
            REQUIRE(split.documents.size() == whole.documents.size());
            for (size_t i = 0; i < whole.documents.size(); ++i) {
                CHECK(split.documents[i].ref == whole.documents[i].ref);
                CHECK(split.documents[i].boost == whole.documents[i].boost);
                CHECK(split.documents[i].fields == whole.documents[i].fields);
            }
        }
        CHECK(whole.documents[0].fields[0].second == FieldValue("a [b] {c}, \"d\\"));
        CHECK(whole.documents.back().fields[0].second == FieldValue("]}"));
        CHECK(documents_from_json_text(" [ ] ", options, {}, 2).documents.empty());
        CHECK(documents_from_json_text("{}", options, {}, 2).errors ==
              std::vector<std::string>{"expected a JSON array of documents"});
    }

    TEST_CASE("text that is not JSON fails as a whole parse does, with its line and column") {
        for (const std::string& text : std::vector<std::string>{
                 "[1 2]", "[{\"a\": 1]}", "[1,]", "[1]]", "[,1]",
                 "[\n{\"id\": \"a\"},\n{\"id\": tru}]", "[\"open", "", "[1e999]",
                 std::string("[1,2 \0,3]", 10), "[1,\xEF\xBB\xBF2]"}) {
            CAPTURE(text);
            std::string expected, got;
            try {
                (void)nlohmann::json::parse(text);
            } catch (const nlohmann::json::exception& e) {
                expected = e.what();
            }
            try {
                (void)documents_from_json_text(text, {{{"id", 1}}, {}}, {}, 2);
            } catch (const nlohmann::json::exception& e) {
                got = e.what();
            }
            CHECK_FALSE(expected.empty());
            CHECK(got == expected);
        }
    }
}

TEST_SUITE("search::shards") {
    TEST_CASE("shards cut by term range merge back into exactly the whole index") {
        // Documents with an empty field, a word in every document and words in one only.
        std::vector<Document> docs = three_documents();
        docs.push_back({"pm-4", {{"title", "Every disk, every pool"}, {"body", ""}}});
        for (const auto& options : {k_title_body, IndexOptions{{{"title", 10}, {"body", 1}}, {}}}) {
            Index index = build_index(docs, options);
            auto whole = nlohmann::ordered_json::parse(serialize(index));
            size_t n = index.terms.size();
            for (std::vector<size_t> cuts :
                 {std::vector<size_t>{0, n}, {0, 1, n}, {0, n / 3, 2 * n / 3, n}, {0, n, n}}) {
                CAPTURE(cuts.size());
                // Merge as the search page does: inverted indexes in order, each vector's pairs
                // by term index, vectors in the whole index's order.
                nlohmann::ordered_json inverted = nlohmann::ordered_json::array();
                std::map<std::string, std::vector<std::pair<int, nlohmann::ordered_json>>> pairs;
                std::vector<std::pair<size_t, size_t>> ranges;
                for (size_t k = 0; k + 1 < cuts.size(); ++k)
                    ranges.emplace_back(cuts[k], cuts[k + 1]);
                auto vectors = cut_vectors(index, ranges);
                REQUIRE(vectors.size() == ranges.size());
                for (size_t k = 0; k + 1 < cuts.size(); ++k) {
                    auto shard = nlohmann::ordered_json::parse(
                        serialize_shard(index, cuts[k], cuts[k + 1], vectors[k]));
                    CHECK(shard["fields"] == whole["fields"]);
                    CHECK(shard["pipeline"] == whole["pipeline"]);
                    for (auto& term : shard["invertedIndex"])
                        inverted.push_back(term);
                    for (auto& vector : shard["fieldVectors"]) {
                        auto& list = pairs[vector[0].get<std::string>()];
                        CHECK_MESSAGE((k == 0 || !vector[1].empty()), "an empty vector in shard ",
                                      k);
                        for (size_t i = 0; i < vector[1].size(); i += 2)
                            list.emplace_back(vector[1][i].get<int>(), vector[1][i + 1]);
                    }
                }
                CHECK(inverted == whole["invertedIndex"]);
                REQUIRE(pairs.size() == whole["fieldVectors"].size());
                for (const auto& vector : whole["fieldVectors"]) {
                    auto list = pairs.at(vector[0].get<std::string>());
                    std::sort(list.begin(), list.end(),
                              [](const auto& a, const auto& b) { return a.first < b.first; });
                    nlohmann::ordered_json flat = nlohmann::ordered_json::array();
                    for (const auto& [term, weight] : list) {
                        flat.push_back(term);
                        flat.push_back(weight);
                    }
                    CHECK(flat == vector[1]);
                }
            }
        }
    }

    TEST_CASE("a shard's digest changes exactly when its text does") {
        struct Variant {
            const char* what;
            std::vector<Document> docs;
            IndexOptions options;
        };
        std::vector<Document> base = three_documents();
        base.push_back({"pm-4", {{"title", "Every disk, every pool"}, {"body", "Queued."}}});
        auto with = [&](auto change) {
            std::vector<Document> docs = base;
            change(docs);
            return docs;
        };
        const std::vector<Variant> variants = {
            {"the same", base, k_title_body},
            {"a word for another in the same place: only the term's text differs",
             with([](auto& d) { d[2].fields[0].second = std::string("Disk lattice"); }),
             k_title_body},
            {"a word for another in the last document",
             with([](auto& d) { d[3].fields[1].second = std::string("Leaked."); }), k_title_body},
            {"a document's boost: its weights", with([](auto& d) { d[1].boost = 3; }),
             k_title_body},
            {"a ref renamed", with([](auto& d) { d[1].ref = "pm-9"; }), k_title_body},
            {"a word moved: its position",
             with([](auto& d) { d[3].fields[0].second = std::string("Every  disk, every pool"); }),
             k_title_body},
            {"another whitelist, the same tokens", base, {k_title_body.fields, {"index"}}},
            {"another field's boost", base, {{{"title", 5}, {"body", 1}}, {"position"}}},
        };
        auto shards = [](const Variant& v) {
            Index index = build_index(v.docs, v.options);
            size_t n = index.terms.size();
            std::vector<std::pair<size_t, size_t>> ranges = {
                {0, n / 4}, {n / 4, n / 2}, {n / 2, 3 * n / 4}, {3 * n / 4, n}};
            auto vectors = cut_vectors(index, ranges);
            std::vector<std::pair<hs::Digest, std::string>> out;
            auto digests = shard_digests(index, ranges, vectors, 2);
            REQUIRE(digests == shard_digests(index, ranges, vectors, 1));
            for (size_t k = 0; k < ranges.size(); ++k)
                out.emplace_back(digests[k], serialize_shard(index, ranges[k].first,
                                                             ranges[k].second, vectors[k]));
            return out;
        };
        auto before = shards(variants[0]);
        size_t same = 0, changed = 0;
        for (const auto& variant : variants) {
            CAPTURE(variant.what);
            auto after = shards(variant);
            REQUIRE(after.size() == before.size());
            bool any = false;
            for (size_t k = 0; k < after.size(); ++k) {
                CAPTURE(k);
                bool same_text = after[k].second == before[k].second;
                CHECK((after[k].first == before[k].first) == same_text);
                (same_text ? same : changed) += 1;
                any = any || !same_text;
            }
            CHECK(any == (variant.what != std::string("the same")));
        }
        // Some shards of a changed index are kept (the first variant keeps its 4), some not.
        CHECK(same > 4);
        CHECK(changed > 0);
    }
}
