#include "src/util/parallel.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using kerbready::util::run_parallel;

TEST_CASE("run_parallel: every task once, alongside once, never more threads than asked", "[parallel]")
{
  constexpr std::size_t k_tasks = 40;
  std::vector<std::atomic<int>> runs(k_tasks);
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  int alongside_runs = 0;
  run_parallel(
    k_tasks, 3,
    [&](std::size_t i) {
      const int now = ++running;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::yield();
      ++runs[i];
      --running;
    },
    [&] { ++alongside_runs; });
  for (const auto& r : runs) {
    CHECK(r.load() == 1);
  }
  CHECK(alongside_runs == 1);
  CHECK(peak.load() <= 3);
  CHECK(peak.load() >= 1);
}

TEST_CASE("run_parallel: the tasks run while the caller works alongside", "[parallel]")
{
  // The caller waits for a task to finish: with the tasks on the caller's thread this would never
  // happen (the wait gives up after a minute so that a regression fails instead of hanging).
  std::mutex m;
  std::condition_variable cv;
  bool task_done = false;
  bool seen_from_caller = false;
  run_parallel(
    1, 1,
    [&](std::size_t) {
      const std::lock_guard lock(m);
      task_done = true;
      cv.notify_all();
    },
    [&] {
      std::unique_lock lock(m);
      seen_from_caller = cv.wait_for(lock, std::chrono::minutes(1), [&] { return task_done; });
    });
  CHECK(seen_from_caller);
}

TEST_CASE("run_parallel: errors come back after every thread is joined", "[parallel]")
{
  std::atomic<int> finished{0};
  SECTION("a task throws")
  {
    CHECK_THROWS_WITH(run_parallel(
                        5, 2,
                        [&](std::size_t i) {
                          if (i == 0) {
                            throw std::runtime_error("domain 0 failed");
                          }
                          ++finished;
                        },
                        [] {}),
                      "domain 0 failed");
    CHECK(finished.load() <= 4);
  }
  SECTION("the caller's own work throws: its error wins, the tasks still finish or are skipped")
  {
    CHECK_THROWS_WITH(run_parallel(
                        3, 2, [&](std::size_t) { ++finished; }, [] { throw std::runtime_error("main domain failed"); }),
                      "main domain failed");
    CHECK(finished.load() <= 3);
  }
  SECTION("no tasks: no threads, the caller's work still runs")
  {
    bool ran = false;
    run_parallel(
      0, 4, [&](std::size_t) { ++finished; }, [&] { ran = true; });
    CHECK(ran);
    CHECK(finished.load() == 0);
  }
}

TEST_CASE("parallel_for: the caller is one of the threads", "[parallel]")
{
  using kerbready::util::parallel_for;
  constexpr std::size_t k_tasks = 40;
  SECTION("two threads: both take tasks, never more than two at once")
  {
    // Each task waits until a second thread has taken a task too (or a minute passed, so that a
    // regression fails instead of hanging): with the caller idle, as run_parallel(n, 1, …) leaves
    // it, only one thread would ever run them.
    std::mutex m;
    std::condition_variable cv;
    std::set<std::thread::id> seen;
    int running = 0;
    int peak = 0;
    bool two_seen = false;
    bool gave_up = false;
    parallel_for(k_tasks, 2, [&](std::size_t) {
      std::unique_lock lock(m);
      seen.insert(std::this_thread::get_id());
      peak = std::max(peak, ++running);
      cv.notify_all();
      if (!gave_up) {
        two_seen = cv.wait_for(lock, std::chrono::minutes(1), [&] { return seen.size() >= 2; });
        gave_up = !two_seen;
      }
      --running;
    });
    CHECK(two_seen);
    CHECK(seen.size() == 2);
    CHECK(seen.count(std::this_thread::get_id()) == 1);
    CHECK(peak <= 2);
  }
  SECTION("one thread, or none asked: every task on the caller's thread, in order")
  {
    for (const std::size_t threads : {0U, 1U}) {
      const auto caller = std::this_thread::get_id();
      std::vector<std::size_t> order;
      bool elsewhere = false;
      parallel_for(k_tasks, threads, [&](std::size_t i) {
        elsewhere = elsewhere || std::this_thread::get_id() != caller;
        order.push_back(i);
      });
      CHECK_FALSE(elsewhere);
      REQUIRE(order.size() == k_tasks);
      for (std::size_t i = 0; i < k_tasks; ++i) {
        CHECK(order[i] == i);
      }
    }
  }
  SECTION("an error comes back after every thread is joined")
  {
    std::atomic<int> finished{0};
    CHECK_THROWS_WITH(parallel_for(8, 2,
                                   [&](std::size_t i) {
                                     if (i == 3) {
                                       throw std::runtime_error("check 3 failed");
                                     }
                                     ++finished;
                                   }),
                      "check 3 failed");
    CHECK(finished.load() <= 7);
  }
}
