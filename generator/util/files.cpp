#include "util/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hs {

namespace {

// The rest of an open file, read into a string of its size in one read (streams copy twice;
// this is most of loading 10,000 files). Files whose size the kernel does not know (/proc) are
// read to the end too. Closes `fd`.
std::optional<std::string> read_open(int fd, const struct ::stat* st) {
    std::string bytes;
    if (st && st->st_size > 0) bytes.resize(size_t(st->st_size));
    size_t used = 0;
    for (;;) {
        char probe[4096];  // at the expected end: is there more?
        bool full = used == bytes.size();
        ssize_t n = full ? ::read(fd, probe, sizeof probe)
                         : ::read(fd, bytes.data() + used, bytes.size() - used);
        if (n > 0 && full) {
            bytes.resize(std::max<size_t>(2 * bytes.size(), used + size_t(n)));
            std::memcpy(bytes.data() + used, probe, size_t(n));
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) break;
        used += size_t(n);
    }
    ::close(fd);
    bytes.resize(used);
    return bytes;
}

FileStamp stamp_from(const struct ::stat& st) {
    return {uint64_t(st.st_dev), uint64_t(st.st_ino), int64_t(st.st_size),
            int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
            int64_t(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec};
}

}  // namespace

std::optional<std::string> read_file(const fs::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct ::stat st {};
    return read_open(fd, ::fstat(fd, &st) == 0 ? &st : nullptr);
}

std::optional<FileStamp> stamp_file(const fs::path& path) {
    struct ::stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return stamp_from(st);
}

std::optional<StampedBytes> read_file_no_follow(const fs::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return std::nullopt;
    struct ::stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return std::nullopt;
    }
    auto bytes = read_open(fd, &st);
    if (!bytes) return std::nullopt;
    return StampedBytes{std::move(*bytes), stamp_from(st)};
}

namespace {

// Creates (or truncates) `path` and writes `bytes` to it; on failure removes it and throws.
void write_whole(const fs::path& path, std::string_view bytes) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            ::unlink(path.c_str());
            throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(err));
        }
        done += size_t(n);
    }
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(path.c_str());
        throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(err));
    }
}

}  // namespace

void write_file_atomic(const fs::path& path, std::string_view bytes) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    // A name of this writer's own: two processes writing one file (builds into one folder save
    // their records) must not write into each other's, nor into one already renamed into place.
    static std::atomic<std::uint64_t> counter{0};
    fs::path tmp = path;
    tmp += ".hindsight-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    write_whole(tmp, bytes);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot replace " + path.string() + ": " + std::strerror(err));
    }
}

void write_new_file(const fs::path& path, std::string_view bytes) {
    write_whole(path, bytes);
}

std::optional<fs::path> path_inside(const fs::path& path, const fs::path& base) {
    fs::path rel = fs::absolute(path).lexically_normal().lexically_relative(
        fs::absolute(base).lexically_normal());
    if (rel.empty() || *rel.begin() == "..") return std::nullopt;
    return rel;
}

FencedRead read_fenced(const fs::path& path, const fs::path& root, const fs::path& area) {
    FencedRead out;
    std::error_code ec;
    out.real = fs::canonical(path, ec);
    if (ec) return out;
    fs::path real_root = fs::canonical(root, ec);
    if (ec) return out;
    fs::path fence = area.empty() || area == "." ? real_root : real_root / area;
    if (!path_inside(out.real, fence.lexically_normal())) {
        out.outside = true;
        return out;
    }
    out.bytes = read_file(out.real);
    return out;
}

}  // namespace hs
