#pragma once
// What a per-file step made in an earlier compile, kept for the next (serve keeps them between
// saves). An entry is reused only when its key, a digest of everything the step read, is the
// same; an entry no compile asked for since the last sweep is dropped, so the memo holds the
// files of the knowledge base as it is, not as it was.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "util/hash.hpp"

namespace hs {

template <class Value>
class FileMemo {
  public:
    // The value kept for `file` under `key`, or null. Thread-safe, and threads that look up at
    // once do not wait for one another (a compile looks up every file of the knowledge base in
    // several memos, on every core).
    std::shared_ptr<const Value> find(const std::string& file, const Digest& key) {
        std::shared_lock lock(m_mutex);
        auto it = m_entries.find(file);
        if (it == m_entries.end() || it->second.key != key) return nullptr;
        mark(it->second);
        return it->second.value;
    }

    // Keeps `value` for `file` under `key`, replacing what was there. Thread-safe.
    std::shared_ptr<const Value> put(const std::string& file, const Digest& key, Value value) {
        auto shared = std::make_shared<const Value>(std::move(value));
        std::lock_guard lock(m_mutex);
        Entry& entry = m_entries[file];
        entry.key = key;
        entry.value = shared;
        mark(entry);
        if (m_tracking) m_changed.insert(file);
        return shared;
    }

    // Drops what was neither found nor put since the last sweep.
    // When every entry was asked for (a save changes a file or two), nothing is gone and the
    // entries are not gone through: a new round begins.
    void sweep() {
        std::lock_guard lock(m_mutex);
        if (m_marked < m_entries.size())
            std::erase_if(m_entries, [&](const auto& entry) {
                if (entry.second.round.load(std::memory_order_relaxed) == m_round) return false;
                if (m_tracking) m_changed.insert(entry.first);
                return true;
            });
        ++m_round;
        m_marked.store(0, std::memory_order_relaxed);
    }

    // Calls fn(file, key, value) for each entry, the value shared, in no particular order (to
    // save the memo).
    template <class Fn>
    void for_each_shared(Fn&& fn) const {
        std::shared_lock lock(m_mutex);
        for (const auto& [file, entry] : m_entries)
            fn(file, entry.key, entry.value);
    }

    // From now on, notes the files whose entry is put or dropped (a memo kept on disk writes
    // only what changed; `serve`'s does not note anything).
    void track_changes() {
        std::lock_guard lock(m_mutex);
        m_tracking = true;
    }
    // The files whose entry was put or dropped since the last call, while tracked.
    std::vector<std::string> take_changed() {
        std::lock_guard lock(m_mutex);
        std::vector<std::string> out(m_changed.begin(), m_changed.end());
        m_changed.clear();
        return out;
    }

    size_t size() const {
        std::shared_lock lock(m_mutex);
        return m_entries.size();
    }
    bool contains(const std::string& file) const {
        std::shared_lock lock(m_mutex);
        return m_entries.count(file) > 0;
    }

  private:
    struct Entry {
        Digest key;
        std::shared_ptr<const Value> value;
        // The last round it was found or put in; set by finds that share the lock.
        std::atomic<uint64_t> round = 0;
    };
    // Under the lock, shared or not (m_round only changes under it alone).
    void mark(Entry& entry) {
        if (entry.round.exchange(m_round, std::memory_order_relaxed) != m_round)
            m_marked.fetch_add(1, std::memory_order_relaxed);
    }
    mutable std::shared_mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;  // by file; looked up on every save
    bool m_tracking = false;
    std::unordered_set<std::string> m_changed;  // since the last take_changed
    uint64_t m_round = 1;                       // sweeps so far, plus one
    std::atomic<size_t> m_marked = 0;           // entries found or put since the last sweep
};

}  // namespace hs
