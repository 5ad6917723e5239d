// ModelConfig: typed, checked access to an HF `config.json`. Every error names the file and the key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace dt {

class ModelConfig {
 public:
  explicit ModelConfig(const std::filesystem::path& config_json);
  ModelConfig(const nlohmann::json& json, std::string where);
  ~ModelConfig();
  ModelConfig(const ModelConfig& other);
  ModelConfig& operator=(const ModelConfig&) = delete;

  const std::string& where() const { return where_; }
  const nlohmann::json& json() const { return *json_; }

  bool has(const std::string& key) const;  // present and not null
  std::int64_t get_int(const std::string& key) const;
  std::int64_t get_int(const std::string& key, std::int64_t fallback) const;
  std::optional<std::int64_t> find_int(const std::string& key) const;
  double get_double(const std::string& key) const;
  double get_double(const std::string& key, double fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  // The first present key among `keys` (HF spells the same field differently per architecture).
  std::int64_t get_int_any(const std::vector<std::string>& keys) const;

  // A size (layers, heads, widths, vocabulary, positions): an integer in [1, kMaxSize]. The bound keeps products
  // such as 4 * hidden far from overflow; a checkpoint whose stored shapes disagree still fails when a tensor loads.
  static constexpr std::int64_t kMaxSize = std::int64_t{1} << 40;
  std::int64_t get_size(const std::string& key) const;
  std::int64_t get_size(const std::string& key, std::int64_t fallback) const;
  std::int64_t get_size_any(const std::vector<std::string>& keys) const;
  // A finite number > 0 (epsilons, rotary bases), `fallback` when absent.
  double get_positive(const std::string& key, double fallback) const;

  // The first integer token id of a field that may be an int or a list of ints (HF allows both for eos).
  std::optional<std::int64_t> find_token_id(const std::string& key) const;

  [[noreturn]] void fail_key(const std::string& key, const std::string& problem) const;

 private:
  std::unique_ptr<nlohmann::json> json_;
  std::string where_;
};

}  // namespace dt
