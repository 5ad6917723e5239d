// READY, WORK and EXIT to and from their wire text (see sweep_messages.h).
#include "dt/sweep/sweep_messages.h"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <utility>

#include "dt/util/error.h"

namespace dt {
namespace {

constexpr std::array<std::pair<CellStatus, const char*>, 5> kStatusNames{{{CellStatus::Ok, "ok"},
                                                                          {CellStatus::Skipped, "skipped"},
                                                                          {CellStatus::Interrupted, "interrupted"},
                                                                          {CellStatus::OutputError, "output_error"},
                                                                          {CellStatus::Failed, "failed"}}};

CellStatus parse_status(const std::string& name) {
  for (const auto& [status, text] : kStatusNames)
    if (name == text) return status;
  throw Error("READY message: unknown cell status '" + name + "'");
}

template <typename Number>
Number parse_number(const std::string& payload, const char* message) {
  Number value{};
  const auto* end = payload.data() + payload.size();
  const auto [last, problem] = std::from_chars(payload.data(), end, value);
  if (problem != std::errc() || last != end || payload.empty())
    throw Error(std::string(message) + " message: '" + payload + "' is not a number");
  return value;
}

}  // namespace

const char* status_name(CellStatus status) {
  for (const auto& [known, text] : kStatusNames)
    if (known == status) return text;
  return "failed";
}

std::string encode_ready(const ReadyMessage& message) {
  nlohmann::json ready{{"loaded", message.loaded}, {"result", nullptr}};
  if (const auto& r = message.result)
    ready["result"] = {{"cell", r->cell},
                       {"status", status_name(r->status)},
                       {"key", r->key},
                       {"error", r->error},
                       {"seconds", r->seconds}};
  return ready.dump();
}

ReadyMessage decode_ready(const std::string& payload) {
  try {
    const auto ready = nlohmann::json::parse(payload);
    ReadyMessage message;
    message.loaded = ready.at("loaded").get<std::string>();
    const auto& result = ready.at("result");
    if (!result.is_null()) {
      CellResult r;
      r.cell = result.at("cell").get<std::size_t>();
      r.status = parse_status(result.at("status").get<std::string>());
      r.key = result.at("key").get<std::string>();
      r.error = result.at("error").get<std::string>();
      r.seconds = result.at("seconds").get<double>();
      message.result = std::move(r);
    }
    return message;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("READY message: ") + e.what());
  }
}

std::string encode_work(std::size_t cell) { return std::to_string(cell); }

std::size_t decode_work(const std::string& payload, std::size_t grid_size) {
  const auto cell = parse_number<std::size_t>(payload, "WORK");
  if (cell >= grid_size)
    throw Error("WORK message: cell " + payload + " is outside the grid (" + std::to_string(grid_size) + " cells)");
  return cell;
}

std::string encode_exit(int status) { return std::to_string(status); }

int decode_exit(const std::string& payload) { return parse_number<int>(payload, "EXIT"); }

}  // namespace dt
