// Log: spdlog behind dt's logging interface (see log.h for why this file must not see LibTorch).
#include "dt/util/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace dt {

struct Log::Sink {
  std::shared_ptr<spdlog::logger> logger;
};

Log::Log(std::shared_ptr<Sink> sink) : sink_(std::move(sink)) {}

Log Log::to_file(const std::string& name, const std::filesystem::path& file) {
  auto logger =
      std::make_shared<spdlog::logger>(name, std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string()));
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] %v");
  logger->flush_on(spdlog::level::info);
  return Log(std::make_shared<Sink>(Sink{std::move(logger)}));
}

Log Log::to_stderr(const std::string& name) {
  auto logger = std::make_shared<spdlog::logger>(name, std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("%H:%M:%S %v");
  return Log(std::make_shared<Sink>(Sink{std::move(logger)}));
}

void Log::info(const std::string& message) const { sink_->logger->info("{}", message); }
void Log::warn(const std::string& message) const { sink_->logger->warn("{}", message); }
void Log::error(const std::string& message) const { sink_->logger->error("{}", message); }

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace dt
