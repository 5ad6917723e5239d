// JsonFields: typed member access with one-line errors.
#include "tokenizer_json_fields.h"

#include "dt/text/utf8.h"
#include "dt/util/error.h"

namespace dt::text {

using nlohmann::json;

void JsonFields::error(const std::string& field, const std::string& what) const {
  fail(file_, field.empty() ? what : field + ": " + what);
}

const json& JsonFields::member(const json& object, const std::string& key, const std::string& parent) const {
  const std::string field = parent.empty() ? key : parent + "." + key;
  if (!object.is_object() || !object.contains(key)) error(field, "is missing");
  return object[key];
}

const json& JsonFields::optional_member(const json& object, const char* key) {
  static const json null_value;
  if (!object.is_object()) return null_value;
  const auto it = object.find(key);
  return it == object.end() ? null_value : *it;
}

const json& JsonFields::optional_member(const json& object, const std::string& key) {
  return optional_member(object, key.c_str());
}

std::string JsonFields::string_member(const json& object, const std::string& key, const std::string& parent) const {
  const json& value = member(object, key, parent);
  if (!value.is_string()) error(parent + "." + key, "must be a string");
  return value.get<std::string>();
}

const json& JsonFields::list_member(const json& object, const std::string& key, const std::string& parent) const {
  const json& value = member(object, key, parent);
  if (!value.is_array()) error(parent + "." + key, "must be a list");
  return value;
}

bool JsonFields::bool_member(const json& object, const std::string& key, const std::string& parent,
                             bool fallback) const {
  const json& value = optional_member(object, key);
  if (value.is_null()) return fallback;
  if (!value.is_boolean()) error(parent + "." + key, "must be true or false");
  return value.get<bool>();
}

std::size_t JsonFields::count_member(const json& object, const std::string& key, const std::string& parent) const {
  const json& value = member(object, key, parent);
  if (!value.is_number_unsigned()) error(parent + "." + key, "must be a non-negative integer");
  return value.get<std::size_t>();
}

std::int64_t JsonFields::id_value(const json& value, const std::string& field) const {
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0) error(field, "must be a non-negative integer id");
  return value.get<std::int64_t>();
}

std::string JsonFields::type_of(const json& object, const std::string& field) const {
  if (!object.is_object()) error(field, "must be an object");
  return string_member(object, "type", field);
}

std::string JsonFields::literal_pattern(const json& object, const std::string& field) const {
  const json& pattern = member(object, "pattern", field);
  if (pattern.is_object() && pattern.contains("String") && pattern["String"].is_string()) {
    return pattern["String"].get<std::string>();
  }
  if (pattern.is_object() && pattern.contains("Regex")) {
    error(field + ".pattern", "a Regex pattern is not supported here (only {\"String\": ...})");
  }
  error(field + ".pattern", "must be {\"String\": string}");
}

std::string JsonFields::one_character(const json& object, const std::string& key, const std::string& parent) const {
  const std::string text = string_member(object, key, parent);
  if (text.empty() || decode_utf8(text, 0).length != text.size()) {
    error(parent + "." + key, "must be exactly one character, got '" + text + "'");
  }
  return text;
}

}  // namespace dt::text
