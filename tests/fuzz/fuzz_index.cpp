// The lunr-compatible index builder on arbitrary documents: each line is a document whose
// title is the line and whose body is the line reversed; the index is built and serialized, on
// one thread and on three, which must agree. The same bytes, read as JSON documents on several
// threads, must give what parsing them whole gives: the same documents or the same error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "search/index_builder.hpp"
#include "search/json_documents.hpp"
#include "search/serialize.hpp"

namespace {

// The documents' refs and the problems, or the parse error: what must not differ.
template <class Read>
std::string read(Read&& documents) {
    try {
        hs::search::JsonDocuments docs = documents();
        std::string shown;
        for (const auto& d : docs.documents)
            shown += d.ref + "\n";
        for (const auto& e : docs.errors)
            shown += e + "\n";
        return shown;
    } catch (const nlohmann::json::exception& e) {
        return e.what();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    hs::search::IndexOptions options;
    options.fields = {{"title", 10}, {"body", 1}};
    if (size > 0 && (data[0] & 1)) options.metadata_whitelist = {"position"};
    std::vector<hs::search::Document> docs;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line) && docs.size() < 200;) {
        std::string reversed(line.rbegin(), line.rend());
        docs.push_back(
            {std::to_string(docs.size() % 50), {{"title", line}, {"body", reversed}}, 1});
    }
    std::ostringstream one, three;
    hs::search::write_json(one, hs::search::build_index(docs, options));
    hs::search::write_json(three, hs::search::build_index(docs, options, {}, 3), 3);
    if (one.str() != three.str()) std::abort();

    std::string whole = read(
        [&] { return hs::search::documents_from_json(nlohmann::json::parse(text), options, {}); });
    std::string split =
        read([&] { return hs::search::documents_from_json_text(text, options, {}, 3); });
    if (whole != split) std::abort();
    return 0;
}
