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

// The number of threads parallel_for_workers uses for n items.
inline unsigned workers_for(size_t n, unsigned jobs) {
    return std::max(1u, unsigned(std::min<size_t>(n, jobs)));
}

// parallel_for that also tells fn which thread runs it: fn(i, worker), worker in
// [0, workers_for(n, jobs)), one thread each, for scratch kept per thread.
template <class Fn>
void parallel_for_workers(size_t n, unsigned jobs, Fn&& fn) {
    jobs = workers_for(n, jobs);
    if (jobs <= 1) {
        for (size_t i = 0; i < n; ++i)
            fn(i, 0u);
        return;
    }
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&](unsigned w) {
        for (size_t i; (i = next.fetch_add(1)) < n;) {
            try {
                fn(i, w);
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
            }
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t)
        threads.emplace_back(worker, t);
    worker(0);
    for (auto& t : threads)
        t.join();
    if (failure) std::rethrow_exception(failure);
}

template <class Fn>
void parallel_for(size_t n, unsigned jobs, Fn&& fn) {
    parallel_for_workers(n, jobs, [&fn](size_t i, unsigned) { fn(i); });
}

inline unsigned default_jobs() {
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace hs
