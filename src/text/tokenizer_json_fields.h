// Field access for the tokenizer.json reader: every error is one dt::Error line naming the file and the JSON field,
// "<file>: model.merges[3]: expected ...". Fields are spelled as paths from the root (pre_tokenizer.pretokenizers[0]).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace dt::text {

class JsonFields {
 public:
  explicit JsonFields(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  // "<file>: <field>" for errors raised further down (the BPE model, a Split pattern).
  std::string where(const std::string& field) const { return file_ + ": " + field; }
  [[noreturn]] void error(const std::string& field, const std::string& what) const;

  const nlohmann::json& member(const nlohmann::json& object, const std::string& key,
                               const std::string& parent = "") const;
  // The member, or null. A string literal key binds to the const char* overload: no temporary std::string, so GCC 14's
  // -Wdangling-reference has nothing to suspect where the result is kept as a reference.
  static const nlohmann::json& optional_member(const nlohmann::json& object, const char* key);
  static const nlohmann::json& optional_member(const nlohmann::json& object, const std::string& key);
  std::string string_member(const nlohmann::json& object, const std::string& key, const std::string& parent) const;
  const nlohmann::json& list_member(const nlohmann::json& object, const std::string& key,
                                    const std::string& parent) const;
  bool bool_member(const nlohmann::json& object, const std::string& key, const std::string& parent,
                   bool fallback) const;
  std::size_t count_member(const nlohmann::json& object, const std::string& key, const std::string& parent) const;
  std::int64_t id_value(const nlohmann::json& value, const std::string& field) const;
  std::string type_of(const nlohmann::json& object, const std::string& field) const;
  // A {"String": literal} pattern's literal; {"Regex": ...} and anything else are errors naming `field`.
  std::string literal_pattern(const nlohmann::json& object, const std::string& field) const;
  // A string of exactly one code point, as HF's `char` fields (Metaspace's replacement, Strip's content).
  std::string one_character(const nlohmann::json& object, const std::string& key, const std::string& parent) const;

 private:
  std::string file_;
};

inline std::string item_field(const std::string& field, std::size_t index) {
  return field + "[" + std::to_string(index) + "]";
}

}  // namespace dt::text
