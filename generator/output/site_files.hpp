#pragma once
// The generated site as data: relative path → bytes. Rendering writes here; golden tests read it
// directly and `publish` puts it on disk.
#include <map>
#include <string>

namespace hs {

struct SiteFiles {
    std::map<std::string, std::string> files;  // "postmortems/PM-001/index.html" → bytes

    void add(std::string path, std::string bytes) { files[std::move(path)] = std::move(bytes); }
};

}  // namespace hs
