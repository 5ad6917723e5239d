// read_stop_rule_tables / read_stop_choices (see stop_rule_tables.h).
#include "dt/config/stop_rule_tables.h"

#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {

std::vector<StopRule> read_stop_rule_tables(const toml::node* tables, const std::filesystem::path& file) {
  std::vector<StopRule> rules;
  if (tables == nullptr) return rules;
  const auto key_error = [&](const std::string& key, const std::string& problem) {
    fail(file.string(), "key '" + key + "': " + problem);
  };
  if (!tables->is_array_of_tables()) key_error("stop_rules", "must be [[stop_rules]] tables");
  std::size_t index = 0;
  for (const auto& node : *tables->as_array()) {
    const auto prefix = "stop_rules[" + std::to_string(index++) + "]";
    const auto& t = *node.as_table();
    for (const auto& [key, value] : t)
      if (key.str() != "name" && key.str() != "kind" && key.str() != "threshold")
        key_error(prefix + "." + std::string(key.str()), "unknown key (a rule has name, kind and threshold)");
    StopRule rule;
    const auto* name = t.get("name");
    const auto* kind = t.get("kind");
    const auto* threshold = t.get("threshold");
    if (name == nullptr || !name->is_string()) key_error(prefix + ".name", "must be a string");
    if (kind == nullptr || !kind->is_string()) key_error(prefix + ".kind", "must be a string");
    if (threshold == nullptr || !(threshold->is_floating_point() || threshold->is_integer()))
      key_error(prefix + ".threshold", "must be a number");
    rule.name = name->as_string()->get();
    try {
      rule.kind = parse_stop_rule_kind(kind->as_string()->get(), "kind");
    } catch (const Error& e) {
      key_error(prefix + ".kind", std::string(e.what()).substr(std::string("kind: ").size()));
    }
    rule.threshold = threshold->is_integer() ? static_cast<double>(threshold->as_integer()->get())
                                             : threshold->as_floating_point()->get();
    if (const auto problem = stop_rule_problem(rule)) key_error(prefix, *problem);
    for (const auto& other : rules)
      if (other.name == rule.name) key_error(prefix + ".name", "two rules are named " + quote_text(rule.name));
    rules.push_back(rule);
  }
  return rules;
}

std::vector<std::string> read_stop_choices(const toml::node* stop, const std::vector<StopRule>& rules,
                                           const std::filesystem::path& file) {
  if (stop == nullptr) return {""};
  const auto bad = [&] {
    fail(file.string(),
         "key 'sweep.stop': must be \"none\" or \"rule:NAME\" (a [[stop_rules]] name), or a list of them");
  };
  std::vector<const toml::node*> items;
  if (stop->is_array()) {
    for (const auto& item : *stop->as_array()) items.push_back(&item);
    if (items.empty()) bad();
  } else {
    items.push_back(stop);
  }
  std::vector<std::string> names;
  for (const auto* item : items) {
    if (!item->is_string()) bad();
    const auto& text = item->as_string()->get();
    if (text == "none") {
      names.emplace_back();
      continue;
    }
    if (text.rfind("rule:", 0) != 0) bad();
    const auto name = text.substr(5);
    bool known = false;
    for (const auto& rule : rules) known = known || rule.name == name;
    if (!known) fail(file.string(), "key 'sweep.stop': no [[stop_rules]] table is named " + quote_text(name));
    names.push_back(name);
  }
  return names;
}

}  // namespace dt
