// The lunr-compatible index builder on arbitrary documents: each line is a document whose
// title is the line and whose body is the line reversed; the index is built and serialized.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "search/index_builder.hpp"
#include "search/serialize.hpp"

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
    std::ostringstream out;
    hs::search::write_json(out, hs::search::build_index(docs, options));
    return 0;
}
