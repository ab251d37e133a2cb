#include "src/util/parallel.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
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
