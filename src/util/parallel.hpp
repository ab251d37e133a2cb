#pragma once

// Run independent tasks on a few threads: the domains of a forest are read side by side, each
// through its own LDAP session; the checks and the tables they share are built side by side.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace kerbready::util {

namespace detail {

// run_parallel(); with `caller_helps`, the caller takes tasks too once `alongside()` returned.
template <typename Task, typename Alongside>
void
run_tasks(std::size_t count, std::size_t max_threads, Task& task, Alongside& alongside, bool caller_helps)
{
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(count);
  const auto worker = [&] {
    for (std::size_t i = next++; i < count && !failed; i = next++) {
      try {
        task(i);
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
      }
    }
  };
  std::exception_ptr own;
  {
    std::vector<std::thread> threads;
    // Joins in its destructor, so that an exception from starting a thread cannot leave one running.
    struct JoinAll
    {
      std::vector<std::thread>& threads;
      ~JoinAll()
      {
        for (auto& t : threads) {
          if (t.joinable()) {
            t.join();
          }
        }
      }
    } join_all{threads};
    // A caller that helps leaves one task to itself; otherwise at least one thread runs the tasks.
    const auto n = caller_helps ? std::min(count > 0 ? count - 1 : 0, max_threads)
                                : std::min(count, std::max<std::size_t>(max_threads, 1));
    threads.reserve(n);
    for (std::size_t t = 0; t < n; ++t) {
      threads.emplace_back(worker);
    }
    try {
      alongside();
      if (caller_helps) {
        worker();
      }
    } catch (...) {
      own = std::current_exception();
      failed = true;
    }
  }
  if (own) {
    std::rethrow_exception(own);
  }
  for (const auto& e : errors) {
    if (e) {
      std::rethrow_exception(e);
    }
  }
}

} // namespace detail

// Call `task(i)` once for every i in [0, count), on at most `max_threads` threads besides the
// caller's (which runs `alongside()` meanwhile, then waits). Every thread is joined before this
// returns or throws; the first exception a task or `alongside` threw is rethrown after that, and a
// task that has not started when one failed is skipped.
template <typename Task, typename Alongside>
void
run_parallel(std::size_t count, std::size_t max_threads, Task task, Alongside alongside)
{
  detail::run_tasks(count, max_threads, task, alongside, false);
}

// Call `task(i)` once for every i in [0, count) on `threads` threads in all, the caller's among
// them (`threads` 0 or 1: all on the caller's). Errors as for run_parallel().
template <typename Task>
void
parallel_for(std::size_t count, std::size_t threads, Task task)
{
  auto nothing = [] {};
  detail::run_tasks(count, threads > 1 ? threads - 1 : 0, task, nothing, true);
}

} // namespace kerbready::util
