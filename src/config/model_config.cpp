// ModelConfig: config.json parsing and typed getters.
#include "dt/config/model_config.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "dt/util/error.h"
#include "dt/util/json_file.h"

namespace dt {

ModelConfig::ModelConfig(const std::filesystem::path& config_json)
    : json_(std::make_unique<nlohmann::json>(read_json_file(config_json))), where_(config_json.string()) {
  if (!json_->is_object()) fail(where_, "top level is not a JSON object");
}

ModelConfig::ModelConfig(const nlohmann::json& json, std::string where)
    : json_(std::make_unique<nlohmann::json>(json)), where_(std::move(where)) {}

ModelConfig::~ModelConfig() = default;
ModelConfig::ModelConfig(const ModelConfig& other)
    : json_(std::make_unique<nlohmann::json>(*other.json_)), where_(other.where_) {}

void ModelConfig::fail_key(const std::string& key, const std::string& problem) const {
  fail(where_, "key '" + key + "': " + problem);
}

bool ModelConfig::has(const std::string& key) const { return json_->contains(key) && !(*json_)[key].is_null(); }

std::optional<std::int64_t> ModelConfig::find_int(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const auto& v = (*json_)[key];
  if (!v.is_number_integer()) fail_key(key, "expected an integer");
  if (v.is_number_unsigned() &&
      v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    fail_key(key, "integer " + v.dump() + " is out of range");
  return v.get<std::int64_t>();
}

std::int64_t ModelConfig::get_int(const std::string& key) const {
  auto v = find_int(key);
  if (!v) fail_key(key, "missing");
  return *v;
}

std::int64_t ModelConfig::get_int(const std::string& key, std::int64_t fallback) const {
  return find_int(key).value_or(fallback);
}

std::int64_t ModelConfig::get_int_any(const std::vector<std::string>& keys) const {
  for (const auto& key : keys)
    if (has(key)) return get_int(key);
  std::string names;
  for (const auto& key : keys) names += (names.empty() ? "" : " / ") + key;
  fail(where_, "missing key " + names);
}

std::int64_t ModelConfig::get_size(const std::string& key) const {
  const auto v = get_int(key);
  if (v < 1 || v > kMaxSize) fail_key(key, "must be between 1 and 2^40, got " + std::to_string(v));
  return v;
}

std::int64_t ModelConfig::get_size(const std::string& key, std::int64_t fallback) const {
  return has(key) ? get_size(key) : fallback;
}

std::int64_t ModelConfig::get_size_any(const std::vector<std::string>& keys) const {
  for (const auto& key : keys)
    if (has(key)) return get_size(key);
  return get_int_any(keys);  // none present: its error names them all
}

double ModelConfig::get_positive(const std::string& key, double fallback) const {
  if (!has(key)) return fallback;
  const double v = get_double(key);
  if (!std::isfinite(v) || v <= 0) fail_key(key, "must be a number > 0, got " + (*json_)[key].dump());
  return v;
}

double ModelConfig::get_double(const std::string& key) const {
  if (!has(key)) fail_key(key, "missing");
  const auto& v = (*json_)[key];
  if (!v.is_number()) fail_key(key, "expected a number");
  return v.get<double>();
}

double ModelConfig::get_double(const std::string& key, double fallback) const {
  return has(key) ? get_double(key) : fallback;
}

bool ModelConfig::get_bool(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const auto& v = (*json_)[key];
  if (!v.is_boolean()) fail_key(key, "expected true or false");
  return v.get<bool>();
}

std::string ModelConfig::get_string(const std::string& key) const {
  if (!has(key)) fail_key(key, "missing");
  const auto& v = (*json_)[key];
  if (!v.is_string()) fail_key(key, "expected a string");
  return v.get<std::string>();
}

std::string ModelConfig::get_string(const std::string& key, const std::string& fallback) const {
  return has(key) ? get_string(key) : fallback;
}

std::optional<std::int64_t> ModelConfig::find_token_id(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const auto& v = (*json_)[key];
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_array() && !v.empty() && v[0].is_number_integer()) return v[0].get<std::int64_t>();
  fail_key(key, "expected a token id or a list of token ids");
}

}  // namespace dt
