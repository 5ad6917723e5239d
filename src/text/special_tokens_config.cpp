// tokenizer_config.json and special_tokens_map.json reading.
#include "dt/text/special_tokens_config.h"

#include <nlohmann/json.hpp>

#include "dt/text/json_file.h"
#include "dt/util/error.h"

namespace dt::text {
namespace {

bool flag(const nlohmann::json& object, const char* key, const std::filesystem::path& file, const std::string& field) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) return false;
  if (!object[key].is_boolean()) fail(file.string(), field + "." + key + " must be true or false");
  return object[key].get<bool>();
}

SpecialTokenSpec parse_spec(const nlohmann::json& value, const std::filesystem::path& file, const std::string& field) {
  SpecialTokenSpec spec;
  spec.content = token_content(value, file, field);
  spec.single_word = flag(value, "single_word", file, field);
  spec.lstrip = flag(value, "lstrip", file, field);
  spec.rstrip = flag(value, "rstrip", file, field);
  return spec;
}

// Applies the special-token entries of one file; later files override earlier ones.
void apply_entries(const nlohmann::json& root, const std::filesystem::path& file, SpecialTokensConfig& config) {
  const std::pair<const char*, std::optional<SpecialTokenSpec>*> named[] = {
      {"bos_token", &config.bos}, {"eos_token", &config.eos}, {"unk_token", &config.unk}, {"pad_token", &config.pad}};
  for (const auto& [key, slot] : named) {
    if (root.contains(key) && !root[key].is_null()) *slot = parse_spec(root[key], file, key);
  }
  if (root.contains("bos_token")) config.bos_is_null = root["bos_token"].is_null();
  if (root.contains("additional_special_tokens") && !root["additional_special_tokens"].is_null()) {
    const auto& list = root["additional_special_tokens"];
    if (!list.is_array()) fail(file.string(), "additional_special_tokens must be a list");
    config.additional.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
      config.additional.push_back(parse_spec(list[i], file, "additional_special_tokens[" + std::to_string(i) + "]"));
    }
  }
}

void read_added_tokens_decoder(const nlohmann::json& table, const std::filesystem::path& file,
                               SpecialTokensConfig& config) {
  if (!table.is_object()) fail(file.string(), "added_tokens_decoder must be an object of id -> token");
  for (const auto& [key, value] : table.items()) {
    const std::string field = "added_tokens_decoder[\"" + key + "\"]";
    AddedToken token;
    try {
      std::size_t used = 0;
      token.id = std::stoll(key, &used);
      if (used != key.size() || token.id < 0) throw std::invalid_argument(key);
    } catch (const std::exception&) {
      fail(file.string(), field + ": the key must be a non-negative integer id");
    }
    const SpecialTokenSpec spec = parse_spec(value, file, field);
    token.content = spec.content;
    token.single_word = spec.single_word;
    token.lstrip = spec.lstrip;
    token.rstrip = spec.rstrip;
    token.special = flag(value, "special", file, field);
    token.normalized = flag(value, "normalized", file, field);
    config.added_tokens_decoder.push_back(std::move(token));
  }
}

}  // namespace

SpecialTokensConfig read_special_tokens_config(const std::filesystem::path& dir) {
  SpecialTokensConfig config;
  const auto tokenizer_config = dir / "tokenizer_config.json";
  if (std::filesystem::exists(tokenizer_config)) {
    const nlohmann::json root = read_json_file(tokenizer_config);
    if (!root.is_object()) fail(tokenizer_config.string(), "must be a JSON object");
    apply_entries(root, tokenizer_config, config);
    for (const auto& [key, slot] :
         {std::pair{"add_bos_token", &config.add_bos_token}, std::pair{"add_eos_token", &config.add_eos_token},
          std::pair{"add_prefix_space", &config.add_prefix_space}}) {
      if (!root.contains(key) || root[key].is_null()) continue;
      if (!root[key].is_boolean()) fail(tokenizer_config.string(), std::string(key) + " must be true or false");
      *slot = root[key].get<bool>();
    }
    if (root.contains("tokenizer_class") && !root["tokenizer_class"].is_null()) {
      if (!root["tokenizer_class"].is_string()) fail(tokenizer_config.string(), "tokenizer_class must be a string");
      config.tokenizer_class = root["tokenizer_class"].get<std::string>();
    }
    if (root.contains("added_tokens_decoder"))
      read_added_tokens_decoder(root["added_tokens_decoder"], tokenizer_config, config);
    config.files.push_back(tokenizer_config);
  }
  const auto special_tokens_map = dir / "special_tokens_map.json";
  if (std::filesystem::exists(special_tokens_map)) {
    const nlohmann::json root = read_json_file(special_tokens_map);
    if (!root.is_object()) fail(special_tokens_map.string(), "must be a JSON object");
    apply_entries(root, special_tokens_map, config);
    config.files.push_back(special_tokens_map);
  }
  return config;
}

}  // namespace dt::text
