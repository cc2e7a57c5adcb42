#pragma once
// What a per-file step made in an earlier compile, kept for the next (serve keeps them between
// saves). An entry is reused only when its key, a digest of everything the step read, is the
// same; an entry no compile asked for since the last sweep is dropped, so the memo holds the
// files of the knowledge base as it is, not as it was.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "util/hash.hpp"

namespace hs {

template <class Value>
class FileMemo {
  public:
    // The value kept for `file` under `key`, or null. Thread-safe.
    std::shared_ptr<const Value> find(const std::string& file, const Digest& key) {
        std::lock_guard lock(m_mutex);
        auto it = m_entries.find(file);
        if (it == m_entries.end() || it->second.key != key) return nullptr;
        it->second.used = true;
        return it->second.value;
    }

    // Keeps `value` for `file` under `key`, replacing what was there. Thread-safe.
    std::shared_ptr<const Value> put(const std::string& file, const Digest& key, Value value) {
        auto shared = std::make_shared<const Value>(std::move(value));
        std::lock_guard lock(m_mutex);
        m_entries.insert_or_assign(file, Entry{key, shared, true});
        return shared;
    }

    // Drops what was neither found nor put since the last sweep.
    void sweep() {
        std::lock_guard lock(m_mutex);
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            if (!it->second.used)
                it = m_entries.erase(it);
            else
                (it++)->second.used = false;
        }
    }

    size_t size() const {
        std::lock_guard lock(m_mutex);
        return m_entries.size();
    }
    bool contains(const std::string& file) const {
        std::lock_guard lock(m_mutex);
        return m_entries.count(file) > 0;
    }

  private:
    struct Entry {
        Digest key;
        std::shared_ptr<const Value> value;
        bool used = false;
    };
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;  // by file; looked up on every save
};

}  // namespace hs
