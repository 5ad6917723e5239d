// Preemption: SIGTERM and SIGUSR1 (Slurm's time-limit / preemption signals) only set a flag; the sweep stops taking
// work, abandons the running cell at its next step boundary (its temporary file is removed, nothing appears under a
// final name) and exits so that a requeued job resumes.
#pragma once

#include <atomic>
#include <functional>
#include <stdexcept>
#include <thread>

namespace dt {

void install_preemption_handlers();
bool preemption_requested();
int preemption_signal();  // the signal number received, 0 when none

// Thrown at a step boundary once preemption was requested.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted by a preemption signal") {}
};

// Throws Interrupted when preemption was requested.
void check_preemption();

// Runs `action` once, on its own thread, within a few milliseconds of the first preemption signal (what must be
// durable before a launcher that was itself signalled kills this process); stops and joins when destroyed or
// stop() is called, after which `action` never runs.
class PreemptionWatch {
 public:
  explicit PreemptionWatch(std::function<void()> action);
  ~PreemptionWatch();
  PreemptionWatch(const PreemptionWatch&) = delete;
  PreemptionWatch& operator=(const PreemptionWatch&) = delete;
  void stop();

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace dt
