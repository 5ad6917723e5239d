// Preemption: SIGTERM and SIGUSR1 (Slurm's time-limit / preemption signals) only set a flag; the sweep stops taking
// work, abandons the running cell at its next step boundary (its temporary file is removed, nothing appears under a
// final name) and exits so that a requeued job resumes.
#pragma once

#include <stdexcept>

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

}  // namespace dt
