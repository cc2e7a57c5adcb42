// The three files other tools write for a knowledge base: hindsight.yaml, the service registry
// and a tracker snapshot. The same bytes go to each parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/config_parser.hpp"
#include "content/ticket_snapshot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    hs::DiagnosticSink sink;
    hs::Config config;
    hs::parse_config("hindsight.yaml", text, config, sink);
    hs::parse_services("content/services.yaml", text, sink);
    hs::parse_ticket_snapshot("tickets.json", text, sink);
    return 0;
}
