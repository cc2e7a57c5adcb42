#include "render/search_index.hpp"
#include "render/exports.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <mutex>

#include "render/embedded_theme.hpp"
#include "render/urls.hpp"
#include "render/view_helpers.hpp"
#include "search/search.hpp"
#include "util/parallel.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

std::vector<std::string> service_names(const Site& site, const PostMortem& pm) {
    std::vector<std::string> names;
    for (const auto& id : pm.services) {
        const Service* s = find_service(site, id);
        names.push_back(s ? s->name : id);
    }
    return names;
}

std::string join_words(const std::vector<std::string>& words) {
    return join(words, " ");
}

// One entry per post-mortem, in the site's order (newest first): what facets, result cards and
// exact tokens need. What repeats is said once: severities' classes and services' names.
nlohmann::json meta(const Site& site) {
    auto list = nlohmann::json::array();
    nlohmann::json classes = nlohmann::json::object(), names = nlohmann::json::object();
    for (const auto& pm : site.postmortems) {
        classes[pm.severity] = severity_class(site.config, pm.severity);
        for (const auto& id : pm.services) {
            const Service* s = find_service(site, id);
            names[id] = s ? s->name : id;
        }
        // Exact tokens people paste: the search page puts a post-mortem whose owner handle or
        // ticket key is the query first (lunr splits "NW-1803" and "priya.raman").
        std::vector<std::string> owners, tickets;
        for (const auto& item : pm.action_items) {
            if (!item.owner.empty() &&
                std::find(owners.begin(), owners.end(), item.owner) == owners.end())
                owners.push_back(item.owner);
            if (!item.ticket.empty() &&
                std::find(tickets.begin(), tickets.end(), item.ticket) == tickets.end())
                tickets.push_back(item.ticket);
        }
        nlohmann::json entry = {{"id", pm.id},
                                {"title", pm.title},
                                {"severity", pm.severity},
                                {"services", pm.services},
                                {"category", pm.category},
                                {"tags", pm.tags},
                                {"year", year_of(pm.date.day())},
                                {"date", format_date(pm.date.day())},
                                {"status", pm.status},
                                {"owners", owners},
                                {"tickets", tickets}};
        // Enum fields are facets of the search page.
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& value : pm.fields)
            if (const FieldDef* def = site.config.field(value.key); def && def->type == "enum")
                fields[def->key] = value.values.front();
        if (!fields.empty()) entry["fields"] = std::move(fields);
        list.push_back(std::move(entry));
    }
    return {{"url_pattern", paths::postmortem("{id}")},
            {"severity_classes", classes},
            {"service_names", names},
            {"postmortems", list}};
}

// The full index's terms cut into `count` ranges of about the same size (a term's postings
// and vector weights), as [begin, end) pairs into Index::terms.
std::vector<std::pair<size_t, size_t>> shard_ranges(const search::Index& index, size_t count) {
    std::vector<size_t> cost(index.terms.size());
    size_t total = 0;
    for (size_t i = 0; i < index.terms.size(); ++i) {
        cost[i] = index.terms[i].text.size() + 16;
        for (const auto& field : index.terms[i].fields)
            cost[i] += field.postings.size() * 32;  // "PM-00001":{} and a weight in its vector
        total += cost[i];
    }
    std::vector<std::pair<size_t, size_t>> ranges;
    size_t begin = 0, sum = 0;
    for (size_t i = 0; i < index.terms.size(); ++i) {
        sum += cost[i];
        if (sum * count >= total * (ranges.size() + 1) && ranges.size() + 1 < count) {
            ranges.emplace_back(begin, i + 1);
            begin = i + 1;
        }
    }
    ranges.emplace_back(begin, index.terms.size());
    while (ranges.size() < count)
        ranges.emplace_back(index.terms.size(), index.terms.size());
    return ranges;
}

}  // namespace

std::map<std::string, SearchFile> search_files(const Site& site, const Analysis& analysis,
                                               std::function<bool()> stopped,
                                               std::function<unsigned()> jobs,
                                               FileMemo<search::CutDocument>* cuts) {
    using search::Document;
    auto owners_and_actions = [](const PostMortem& pm) {
        std::vector<std::string> owners, actions;
        for (const auto& item : pm.action_items) {
            if (!item.owner.empty()) owners.push_back(item.owner);
            actions.push_back(item.title);
        }
        return std::pair{join_words(owners), join_words(actions)};
    };
    auto services_of = [&site](const PostMortem& pm) {
        return join_words(pm.services) + " " + join_words(service_names(site, pm));
    };
    std::map<std::string, SearchFile> out;
    // The full-text index, built by whichever shard is made first and freed after the last one
    // (made again if a file is asked for after that, as `serve` may).
    struct Built {
        search::Index index;
        std::vector<std::pair<size_t, size_t>> ranges;
        std::vector<std::vector<search::FieldVector>> vectors;  // by shard
    };
    struct Shared {
        std::mutex mutex;
        std::shared_ptr<const Built> built;
        size_t left = 0;  // files still to make before it can go
        // Each shard's digest (search::shard_digests), made with the index and kept after it
        // is freed: a first build asks for the keys once the site is made.
        std::vector<Digest> digests;
    };
    size_t shards = std::max<size_t>(
        1, (site.postmortems.size() + k_shard_postmortems - 1) / k_shard_postmortems);
    auto shared = std::make_shared<Shared>();
    shared->left = shards + 1;  // the shards and the manifest
    auto build = [&site, &analysis, services_of, owners_and_actions, shared, shards, stopped, jobs,
                  cuts] {
        std::lock_guard lock(shared->mutex);
        if (shared->built) return shared->built;
        const search::IndexOptions options{{{"title", 10},
                                            {"summary", 3},
                                            {"services", 2},
                                            {"category"},
                                            {"tags", 2},
                                            {"owners"},
                                            {"actions", 2},
                                            {"body"}},
                                           {}};
        const unsigned threads = jobs ? jobs() : 1;
        // A document as cut depends on the index's fields and its own fields' text alone.
        Hasher fields;
        fields.add("search document 1");
        for (const auto& field : options.fields)
            fields.add(field.name);
        const Digest index_fields = fields.finish();
        // The documents and their keys, on every thread. A document cut before is not made
        // whole: the index reads its ref alone (its text is most of a site's bytes).
        auto file = [&site](size_t i) { return site.postmortems[i].pos.path.str(); };
        std::vector<Document> full(site.postmortems.size());
        std::vector<Digest> keys(cuts ? full.size() : 0);
        std::vector<std::shared_ptr<const search::CutDocument>> found(keys.size());
        parallel_for(full.size(), threads, [&](size_t i) {
            const PostMortem& pm = site.postmortems[i];
            auto [owners, actions] = owners_and_actions(pm);
            const std::string title = pm.id + " " + pm.title, services = services_of(pm),
                              tags = join_words(pm.tags);
            const std::pair<const char*, const std::string*> values[] = {
                {"title", &title},          {"summary", &pm.summary}, {"services", &services},
                {"category", &pm.category}, {"tags", &tags},          {"owners", &owners},
                {"actions", &actions}};
            const PackedText& body = analysis.bodies[i]->text;  // unpacked only to be cut
            full[i].ref = pm.id;
            if (cuts) {
                Hasher h;
                h.add(index_fields);
                for (auto [name, value] : values)
                    h.add(name).add(*value);
                h.add("body").add(body.digest());
                keys[i] = h.finish();
                // As build_index takes a cut: with no token metadata, for its (distinct) fields.
                auto cut = cuts->find(file(i), keys[i]);
                if (cut && options.metadata_whitelist.empty() &&
                    search::cut_fits(*cut, options.fields.size())) {
                    found[i] = std::move(cut);
                    return;
                }
            }
            for (auto [name, value] : values)
                full[i].fields.emplace_back(name, *value);
        });
        auto built = std::make_shared<Built>();
        search::CutCache cache;
        if (cuts) {
            cache.find = [&](size_t i) { return found[i]; };
            cache.keep = [&](size_t i, search::CutDocument cut) {
                cuts->put(file(i), keys[i], std::move(cut));
            };
        }
        // The body, the most of a document's text, is unpacked only while it is cut.
        cache.complete = [&](size_t i, search::Document& whole) {
            whole.fields.emplace_back("body", analysis.bodies[i]->text.str());
        };
        built->index = search::build_index(full, options, stopped, threads, &cache);
        if (cuts) cuts->sweep();  // every document was asked for: what was not is gone
        built->ranges = shard_ranges(built->index, shards);
        built->vectors = search::cut_vectors(built->index, built->ranges);
        // With a memo (a build with its cache, or serve), the shards' digests are made now and
        // outlive the index: a first build asks for them once every shard is made.
        shared->digests =
            cuts ? search::shard_digests(built->index, built->ranges, built->vectors, threads)
                 : std::vector<Digest>();
        shared->built = built;
        return shared->built;
    };
    // A shard kept from the last build is not made and never calls this: after an edit the index
    // then lives as long as the plan. Counting kept shards as done freed it during render, which
    // took 150 ms at 10,000 and lowered no peak (the index is built with the keys, before the
    // few files an edit makes).
    auto done = [shared] {
        std::lock_guard lock(shared->mutex);
        if (shared->left > 0 && --shared->left == 0) shared->built.reset();
    };
    for (size_t n = 0; n < shards; ++n)
        out["search/index/" + std::to_string(n) + ".json"] = {
            [build, done, n] {
                auto built = build();
                auto [begin, end] = built->ranges[n];
                std::string text =
                    search::serialize_shard(built->index, begin, end, built->vectors[n]);
                done();
                return text;
            },
            [build, shared, n, jobs] {
                {
                    std::lock_guard lock(shared->mutex);
                    if (!shared->digests.empty()) return shared->digests[n];
                }
                auto built = build();
                std::lock_guard lock(shared->mutex);
                if (shared->digests.empty())
                    shared->digests = search::shard_digests(built->index, built->ranges,
                                                            built->vectors, jobs ? jobs() : 1);
                return shared->digests[n];
            }};
    // Which shard holds which terms: [first, last] of each, in UTF-16 order as lunr compares.
    out["search/index.json"].make = [build, done] {
        auto built = build();
        auto shard_list = nlohmann::json::array();
        for (auto [begin, end] : built->ranges)
            shard_list.push_back(begin == end
                                     ? nlohmann::json::array()
                                     : nlohmann::json::array({built->index.terms[begin].text,
                                                              built->index.terms[end - 1].text}));
        nlohmann::json manifest = {{"fields", built->index.fields},
                                   {"shards", std::move(shard_list)},
                                   {"snippets_per_file", k_snippets_per_file}};
        done();
        return json_text(manifest) + "\n";
    };
    const size_t n = site.postmortems.size();
    out["search/meta.json"] = {[&site] { return json_text(meta(site)) + "\n"; }, {}, {{0, n}}};
    // Summaries for result cards, a file per k_snippets_per_file post-mortems in meta's order:
    // the page fetches only those of the results it shows.
    for (size_t from = 0; from < site.postmortems.size(); from += k_snippets_per_file)
        out["search/snippets/" + std::to_string(from / k_snippets_per_file) + ".json"] = {
            [&site, from] {
                auto list = nlohmann::json::array();
                for (size_t i = from; i < site.postmortems.size() && i < from + k_snippets_per_file;
                     ++i)
                    list.push_back(site.postmortems[i].summary);
                return json_text(list) + "\n";
            },
            {},
            {{from, std::min(n, from + k_snippets_per_file)}}};
    // For the 404 page's "were you looking for": every id, its title and its aliases.
    out["search/ids.json"].fronts = {{0, n}};
    out["search/ids.json"].make = [&site] {
        auto ids = nlohmann::json::array();
        for (const auto& pm : site.postmortems) {
            auto entry = nlohmann::json::array({pm.id, pm.title});
            if (!pm.aliases.empty()) {
                auto aliases = nlohmann::json::array();
                for (const auto& a : pm.aliases)
                    aliases.push_back(a.written);
                entry.push_back(std::move(aliases));
            }
            ids.push_back(std::move(entry));
        }
        return json_text(ids) + "\n";
    };
    for (const auto& f : embedded_lunr())
        out["assets/" + std::string(f.path)].make = [bytes = f.bytes] {
            return std::string(bytes);
        };
    return out;
}

}  // namespace hs
