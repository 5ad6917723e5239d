// Scheduling simulation: fake workers with uneven cell durations drive the Scheduler as the coordinator would.
// Checks: every cell finishes exactly once, no worker waits while cells are pending (no starvation), each worker
// loads few models (locality), retries move to another worker, and interrupted cells return to the queue.
#include <gtest/gtest.h>

#include <map>
#include <queue>
#include <random>

#include "dt/sweep/scheduler.h"

namespace dt {
namespace {

std::vector<std::string> grid(int models, int cells_per_model) {
  std::vector<std::string> out;
  for (int m = 0; m < models; ++m)
    for (int c = 0; c < cells_per_model; ++c) out.push_back("model-" + std::to_string(m));
  return out;
}

struct Simulation {
  std::size_t completions = 0;
  std::map<int, std::set<std::string>> models_loaded;  // per worker, every model it ever held
  std::map<int, int> loads;                            // per worker, model switches
  bool starved = false;                                // a worker got nothing while cells were pending
  double makespan = 0, busy = 0;
};

// Event-driven simulation: worker w finishes its cell at time t and asks for the next one.
Simulation simulate(Scheduler& scheduler, int workers, const std::vector<std::string>& models, std::uint32_t seed,
                    const std::set<std::size_t>& fail_once = {}) {
  Simulation sim;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> duration(0.5, 3.0);
  using Event = std::pair<double, int>;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  std::map<int, std::string> held;
  std::map<int, std::optional<std::size_t>> running;
  std::set<std::size_t> failed_already;
  for (int w = 0; w < workers; ++w) events.push({0.0, w});
  while (!events.empty()) {
    const auto [time, w] = events.top();
    events.pop();
    if (running[w]) {
      const auto cell = *running[w];
      if (fail_once.count(cell) && !failed_already.count(cell)) {
        failed_already.insert(cell);
        scheduler.failed(cell, w);
      } else {
        scheduler.succeeded(cell);
        ++sim.completions;
      }
      running[w].reset();
    }
    const auto next = scheduler.next(w, held[w]);
    if (!next) {
      if (scheduler.pending() > 0) sim.starved = true;
      sim.makespan = std::max(sim.makespan, time);
      continue;
    }
    if (held[w] != models[*next]) {
      ++sim.loads[w];
      held[w] = models[*next];
      sim.models_loaded[w].insert(held[w]);
    }
    const double d = duration(rng);
    sim.busy += d;
    running[w] = *next;
    events.push({time + d, w});
  }
  return sim;
}

TEST(SchedulerSimulation, EightWorkersFiveModelsFinishEverythingWithoutStarvation) {
  const auto models = grid(5, 40);
  int worst_loads = 0;
  double worst_utilisation = 1.0;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    Scheduler scheduler(models, std::vector<bool>(models.size(), false), 3);
    const auto sim = simulate(scheduler, 8, models, seed);
    EXPECT_EQ(sim.completions, models.size());
    EXPECT_TRUE(scheduler.finished());
    EXPECT_EQ(scheduler.done(), models.size());
    EXPECT_FALSE(sim.starved) << "seed " << seed;
    // Work-conserving: total busy time over (workers x makespan) stays high even with uneven durations.
    worst_utilisation = std::min(worst_utilisation, sim.busy / (8 * sim.makespan));
    // Locality: a worker moves to another model only when its own runs out, so the sweep loads models a few
    // times per worker, not once per cell (200).
    int total_loads = 0;
    for (const auto& [w, loads] : sim.loads) {
      // at most one load per (worker, model): a worker never returns to a model it left
      EXPECT_EQ(loads, static_cast<int>(sim.models_loaded.at(w).size()))
          << "worker " << w << " reloaded a model (seed " << seed << ")";
      total_loads += loads;
    }
    worst_loads = std::max(worst_loads, total_loads);
  }
  std::printf(
      "over 20 simulations: worst utilisation %.3f, most model loads %d (8 workers, 5 models, 200 cells), "
      "no model loaded twice by a worker\n",
      worst_utilisation, worst_loads);
  EXPECT_GT(worst_utilisation, 0.85);
  EXPECT_LE(worst_loads, 3 * 8);
}

TEST(SchedulerSimulation, OneWorkerLoadsEachModelOnce) {
  const auto models = grid(3, 10);
  Scheduler scheduler(models, std::vector<bool>(models.size(), false), 1);
  const auto sim = simulate(scheduler, 1, models, 2);
  EXPECT_EQ(sim.completions, models.size());
  EXPECT_EQ(sim.loads.at(0), 3);
}

TEST(SchedulerSimulation, FailedCellsAreRetriedOnAnotherWorker) {
  const auto models = grid(1, 6);
  Scheduler scheduler(models, std::vector<bool>(models.size(), false), 2);
  // worker 0 takes cell 0 and it fails: the retry must go to worker 1 even though worker 0 asks first
  const auto first = scheduler.next(0, "");
  ASSERT_EQ(*first, 0u);
  EXPECT_TRUE(scheduler.failed(0, 0));
  const auto for_w0 = scheduler.next(0, "model-0");
  EXPECT_NE(*for_w0, 0u);
  const auto for_w1 = scheduler.next(1, "");
  EXPECT_EQ(*for_w1, 0u);
  EXPECT_EQ(scheduler.attempts(0), 2);
  EXPECT_FALSE(scheduler.failed(0, 1));  // second attempt failed: final
  EXPECT_EQ(scheduler.failed_count(), 1u);
  EXPECT_EQ(scheduler.failed_cells().count(0), 1u);
}

TEST(SchedulerSimulation, RetriesWithinASimulationStillComplete) {
  const auto models = grid(2, 20);
  Scheduler scheduler(models, std::vector<bool>(models.size(), false), 2);
  const auto sim = simulate(scheduler, 4, models, 3, {3, 17, 25});
  EXPECT_EQ(sim.completions, models.size());
  EXPECT_EQ(scheduler.failed_count(), 0u);
  EXPECT_TRUE(scheduler.finished());
}

TEST(Scheduler, CompleteCellsAreSkippedAndInterruptedOnesReturn) {
  const auto models = grid(1, 4);
  Scheduler scheduler(models, {true, false, true, false}, 2);
  EXPECT_EQ(scheduler.done(), 2u);
  EXPECT_EQ(scheduler.pending(), 2u);
  const auto a = scheduler.next(0, "");
  EXPECT_EQ(*a, 1u);
  scheduler.interrupted(*a);
  EXPECT_EQ(scheduler.attempts(1), 0);
  EXPECT_EQ(scheduler.pending(), 2u);
  EXPECT_EQ(*scheduler.next(0, ""), 1u);
  EXPECT_EQ(*scheduler.next(0, ""), 3u);
  EXPECT_FALSE(scheduler.next(0, "").has_value());
  EXPECT_FALSE(scheduler.finished());
  scheduler.succeeded(1);
  scheduler.succeeded(3);
  EXPECT_TRUE(scheduler.finished());
}

}  // namespace
}  // namespace dt
