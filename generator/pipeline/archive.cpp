#include "pipeline/archive.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>
#include <streambuf>

#include "pipeline/build_cache.hpp"

namespace hs {
namespace {

constexpr size_t k_digest_hex = 32;

// Reads from bytes in memory.
struct InMemory : std::streambuf {
    InMemory(const char* begin, const char* end) {
        // Only read: the get area is never written through.
        setg(const_cast<char*>(begin), const_cast<char*>(begin), const_cast<char*>(end));
    }
};

// A file's bytes, mapped read-only: the memo's parts are hundreds of megabytes at 10,000
// post-mortems, and a copy costs zeroing and copying every page (a tenth of a build after an
// edit).
class Mapping {
  public:
    explicit Mapping(const std::filesystem::path& file) {
        int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        struct ::stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            void* p = ::mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
            if (p != MAP_FAILED) {
                m_data = static_cast<const char*>(p);
                m_size = size_t(st.st_size);
            }
        }
        ::close(fd);
    }
    ~Mapping() {
        if (m_data) ::munmap(const_cast<char*>(m_data), m_size);
    }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    std::string_view bytes() const { return {m_data ? m_data : "", m_size}; }
    // Reads the pages of `part` in ahead of use: one call, not a fault per page.
    void populate(std::string_view part) const {
#ifdef MADV_POPULATE_READ
        if (!m_data || part.empty()) return;
        auto page = uintptr_t(::sysconf(_SC_PAGESIZE));
        auto from = uintptr_t(part.data()) & ~(page - 1);
        ::madvise(reinterpret_cast<void*>(from), uintptr_t(part.data()) + part.size() - from,
                  MADV_POPULATE_READ);  // a kernel before 5.14: the pages fault in as read
#else
        (void)part;
#endif
    }

  private:
    const char* m_data = nullptr;
    size_t m_size = 0;
};

}  // namespace

void write_archive(const std::filesystem::path& file, std::string_view first_line, ArchiveKind kind,
                   const std::function<void(cereal::BinaryOutputArchive&)>& fill) {
    std::ostringstream out;
    if (!first_line.empty()) out << first_line << '\n';
    size_t at = size_t(out.tellp());
    out << std::string(k_digest_hex, '0');  // the digest, once known
    {
        cereal::BinaryOutputArchive ar(out);
        ar(std::string(kind.magic), kind.format, binary_identity());
        fill(ar);
    }
    std::string bytes = std::move(out).str();
    std::string sum = Hasher()
                          .add(first_line)
                          .add(std::string_view(bytes).substr(at + k_digest_hex))
                          .finish()
                          .hex();
    bytes.replace(at, k_digest_hex, sum);
    write_file_atomic(file, bytes);
}

bool read_archive(const std::filesystem::path& file, std::optional<std::string_view> first_line,
                  ArchiveKind kind, const std::function<void(cereal::BinaryInputArchive&)>& read) {
    Mapping mapping(file);
    std::string_view bytes = mapping.bytes();
    std::string_view line;  // as the file has it
    if (!first_line || !first_line->empty()) {
        size_t end = bytes.find('\n');
        if (end == std::string_view::npos) return false;
        line = bytes.substr(0, end);
        if (first_line && line != *first_line) return false;
        bytes.remove_prefix(end + 1);
    }
    mapping.populate(bytes);
    if (bytes.size() < k_digest_hex) return false;
    auto recorded = Digest::from_hex(bytes.substr(0, k_digest_hex));
    bytes.remove_prefix(k_digest_hex);
    if (!recorded || *recorded != Hasher().add(line).add(bytes).finish()) return false;
    InMemory buffer(bytes.data(), bytes.data() + bytes.size());
    std::istream in(&buffer);
    bool ok = false;
    try {
        cereal::BinaryInputArchive ar(in);
        std::string magic, identity;
        int format = 0;
        ar(magic, format, identity);
        if (magic == kind.magic && format == kind.format && identity == binary_identity()) {
            read(ar);
            ok = true;
        }
    } catch (const std::exception&) {
        ok = false;
    }
    archive_detail::t_last_path = {};
    return ok;
}

}  // namespace hs
