// Async-signal-safe flag setting for SIGTERM / SIGUSR1, and a thread that acts on it at once.
#include "dt/sweep/preemption.h"

#include <chrono>
#include <csignal>

namespace dt {
namespace {

volatile std::sig_atomic_t received_signal = 0;

extern "C" void on_preemption_signal(int signal) { received_signal = signal; }

}  // namespace

void install_preemption_handlers() {
  struct sigaction action {};
  action.sa_handler = on_preemption_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGUSR1, &action, nullptr);
}

bool preemption_requested() { return received_signal != 0; }
int preemption_signal() { return static_cast<int>(received_signal); }

void check_preemption() {
  if (preemption_requested()) throw Interrupted();
}

PreemptionWatch::PreemptionWatch(std::function<void()> action)
    : thread_([this, action = std::move(action)] {
        while (!stop_.load()) {
          if (preemption_requested()) {
            action();
            return;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      }) {}

PreemptionWatch::~PreemptionWatch() { stop(); }

void PreemptionWatch::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

}  // namespace dt
