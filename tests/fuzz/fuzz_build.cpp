// A whole build of a tiny knowledge base, in memory: the input is split at lines `%%%` into
// hindsight.yaml, content/services.yaml and post-mortems. Whatever they say, the build reports
// problems and ends with an exit code; it never crashes and never throws.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/build.hpp"
#include "util/files.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fs::path kb = [] {
        fs::path dir = fs::temp_directory_path() / ("hindsight-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(dir / "content/postmortems");
        return dir;
    }();
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
        size_t at = text.find("\n%%%\n", start);
        parts.push_back(
            text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos || parts.size() == 5) break;
        start = at + 5;
    }
    fs::remove_all(kb / "content/postmortems");
    fs::create_directories(kb / "content/postmortems");
    hs::write_file_atomic(kb / "hindsight.yaml", parts[0]);
    hs::write_file_atomic(kb / "content/services.yaml", parts.size() > 1 ? parts[1] : "");
    for (size_t i = 2; i < parts.size(); ++i)
        hs::write_file_atomic(kb / "content/postmortems" / ("pm-" + std::to_string(i) + ".md"),
                              parts[i]);
    hs::BuildOptions options;
    options.root = kb;
    options.jobs = 1;
    options.as_of = hs::parse_date("2026-03-10");
    hs::DiagnosticSink sink;
    hs::compile_site(options, sink);
    return 0;
}
