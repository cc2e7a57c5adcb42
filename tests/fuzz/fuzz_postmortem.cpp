// A post-mortem file: front matter, action items, body. Whatever the bytes, parsing reports
// problems and never crashes; a body within the limits renders.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/postmortem_parser.hpp"
#include "markdown/markdown.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const hs::Vocabulary vocabulary{{"SEV1", "SEV2", "SEV3", "SEV4"},
                                           {"deployment", "capacity", "config-change"},
                                           {"api", "db", "checkout-api"}};
    std::string_view text(reinterpret_cast<const char*>(data), size);
    hs::DiagnosticSink sink;
    auto pm = hs::parse_postmortem("content/postmortems/pm.md", text, vocabulary, sink);
    if (pm && !hs::exceeds_limits(pm->body.str())) hs::render_markdown(pm->body.str(), {});
    return 0;
}
