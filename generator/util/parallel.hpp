#pragma once
// Runs fn(i) for i in [0, n) on up to `jobs` threads. Results must go to per-index slots, so the
// outcome does not depend on scheduling.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace hs {

template <class Fn>
void parallel_for(size_t n, unsigned jobs, Fn&& fn) {
    jobs = std::max(1u, std::min<unsigned>(jobs, unsigned(n)));
    if (jobs <= 1) {
        for (size_t i = 0; i < n; ++i)
            fn(i);
        return;
    }
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
        for (size_t i; (i = next.fetch_add(1)) < n;) {
            try {
                fn(i);
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
            }
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t)
        threads.emplace_back(worker);
    worker();
    for (auto& t : threads)
        t.join();
    if (failure) std::rethrow_exception(failure);
}

inline unsigned default_jobs() {
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace hs
