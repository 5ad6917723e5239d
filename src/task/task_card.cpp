// load_task_card: TOML parsing and validation of a task card.
#include "dt/task/task_card.h"

#include <set>

#include "dt/util/error.h"
#include "dt/util/toml_file.h"

namespace dt {
namespace {

class CardReader {
 public:
  CardReader(const std::filesystem::path& file, const toml::table& root) : file_(file.string()), root_(root) {}

  [[noreturn]] void fail_key(const std::string& key, const std::string& problem) const {
    fail(file_, "key '" + key + "': " + problem);
  }

  // Rejects keys of `table` (named `prefix`) that are not in `allowed`.
  void only(const toml::table& table, const std::string& prefix, const std::set<std::string>& allowed) const {
    for (const auto& [key, node] : table) {
      const std::string k(key.str());
      if (!allowed.count(k)) fail_key(prefix + k, "unknown key");
    }
  }

  const toml::table& section(const std::string& name, bool required) const {
    static const toml::table empty;
    const auto* node = root_.get(name);
    if (node == nullptr) {
      if (required) fail_key(name, "missing section [" + name + "]");
      return empty;
    }
    if (!node->is_table()) fail_key(name, "must be a table [" + name + "]");
    return *node->as_table();
  }

  std::string string(const toml::table& t, const std::string& prefix, const std::string& key, bool required,
                     const std::string& fallback = "") const {
    const auto* node = t.get(key);
    if (node == nullptr) {
      if (required) fail_key(prefix + key, "missing");
      return fallback;
    }
    if (!node->is_string()) fail_key(prefix + key, "must be a string");
    return node->as_string()->get();
  }

  std::int64_t integer(const toml::table& t, const std::string& prefix, const std::string& key,
                       std::int64_t fallback) const {
    const auto* node = t.get(key);
    if (node == nullptr) return fallback;
    if (!node->is_integer()) fail_key(prefix + key, "must be an integer");
    return node->as_integer()->get();
  }

  std::vector<std::string> strings(const toml::table& t, const std::string& prefix, const std::string& key) const {
    const auto* node = t.get(key);
    std::vector<std::string> out;
    if (node == nullptr) return out;
    if (!node->is_array()) fail_key(prefix + key, "must be an array of strings");
    for (const auto& item : *node->as_array()) {
      if (!item.is_string()) fail_key(prefix + key, "must be an array of strings");
      out.push_back(item.as_string()->get());
    }
    return out;
  }

  TextTemplate text_template(const std::string& source, const std::string& key) const {
    return TextTemplate(source, file_ + ": key '" + key + "'");
  }

 private:
  std::string file_;
  const toml::table& root_;
};

nlohmann::json toml_to_json(const toml::node& node) {
  if (const auto* t = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : *t) out[std::string(key.str())] = toml_to_json(value);
    return out;
  }
  if (const auto* a = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& value : *a) out.push_back(toml_to_json(value));
    return out;
  }
  if (const auto* v = node.as_string()) return v->get();
  if (const auto* v = node.as_integer()) return v->get();
  if (const auto* v = node.as_floating_point()) return v->get();
  if (const auto* v = node.as_boolean()) return v->get();
  return nullptr;  // dates and times are not dataset values
}

// [data]: the eval and pool files, the eval sample, the row transform, the choice count and the skipped answers.
void read_data_section(const CardReader& r, TaskCard& card) {
  const auto& data = r.section("data", true);
  r.only(data, "data.", {"eval", "pool", "eval_sample", "transform", "choice_count", "skip_answers"});
  card.eval_file = r.string(data, "data.", "eval", true);
  card.pool_file = r.string(data, "data.", "pool", false);
  card.eval_sample = r.integer(data, "data.", "eval_sample", 0);
  if (card.eval_sample < 0) r.fail_key("data.eval_sample", "must be >= 0");
  const auto transform = r.string(data, "data.", "transform", false);
  if (transform == "bbh_options")
    card.transform = TaskCard::RowTransform::BbhOptions;
  else if (!transform.empty())
    r.fail_key("data.transform", "unknown transform \"" + transform + "\" (known: \"bbh_options\")");
  card.choice_count = r.integer(data, "data.", "choice_count", 0);
  if (card.choice_count < 0 || card.choice_count == 1) r.fail_key("data.choice_count", "must be >= 2");
  card.skip_answers = r.strings(data, "data.", "skip_answers");
}

void read_format_section(const CardReader& r, TaskCard& card) {
  const auto& format = r.section("format", true);
  r.only(format, "format.", {"prompt", "completion", "separator"});
  card.prompt = r.text_template(r.string(format, "format.", "prompt", true), "format.prompt");
  card.completion = r.text_template(r.string(format, "format.", "completion", true), "format.completion");
  card.separator = r.string(format, "format.", "separator", false, "\n\n");
  if (card.prompt.uses("choice")) r.fail_key("format.prompt", "the prompt cannot use {choice}");
  if (!card.completion.uses("choice")) r.fail_key("format.completion", "the completion must use {choice}");
}

// two equal choices always score alike: every prediction involving them would be a tie
void require_distinct(const CardReader& r, const std::vector<std::string>& values, const std::string& key) {
  for (std::size_t i = 0; i < values.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (values[i] == values[j])
        r.fail_key(key, "entries " + std::to_string(j) + " and " + std::to_string(i) + " are both " +
                            nlohmann::json(values[i]).dump() + ": equal choices always tie");
}

void read_choices_section(const CardReader& r, TaskCard& card) {
  const auto& choices = r.section("choices", true);
  r.only(choices, "choices.", {"words", "column", "columns", "answer"});
  card.words = r.strings(choices, "choices.", "words");
  card.list_column = r.string(choices, "choices.", "column", false);
  card.columns = r.strings(choices, "choices.", "columns");
  require_distinct(r, card.words, "choices.words");
  require_distinct(r, card.columns, "choices.columns");
  const int sources = !card.words.empty() + !card.list_column.empty() + !card.columns.empty();
  if (sources != 1) r.fail_key("choices", "give exactly one of words, column or columns");
  card.choice_source = !card.words.empty()     ? TaskCard::ChoiceSource::Words
                       : !card.columns.empty() ? TaskCard::ChoiceSource::Columns
                                               : TaskCard::ChoiceSource::ListColumn;
  card.answer = r.text_template(r.string(choices, "choices.", "answer", true), "choices.answer");
}

// [demonstrations] (optional): the selection method, written rows, shots, base shots and seeding.
void read_demonstrations_section(const CardReader& r, TaskCard& card) {
  const auto& demos = r.section("demonstrations", false);
  r.only(demos, "demonstrations.", {"method", "shots", "rows", "seeding", "base_shots"});
  const auto method = r.string(demos, "demonstrations.", "method", false, "random");
  if (method == "stratified")
    card.selection = TaskCard::Selection::Stratified;
  else if (method == "written")
    card.selection = TaskCard::Selection::Written;
  else if (method != "random")
    r.fail_key("demonstrations.method", "must be \"stratified\", \"random\" or \"written\"");
  if (card.stratified() && !card.classification())
    r.fail_key("demonstrations.method", "stratified selection needs fixed label words (choices.words)");
  if (const auto* rows = demos.get("rows")) {
    if (card.selection != TaskCard::Selection::Written)
      r.fail_key("demonstrations.rows", "only a \"written\" card lists rows");
    if (!rows->is_array_of_tables()) r.fail_key("demonstrations.rows", "must be [[demonstrations.rows]] tables");
    for (const auto& row : *rows->as_array()) card.written_rows.push_back(toml_to_json(*row.as_table()));
  }
  if (card.selection == TaskCard::Selection::Written && card.written_rows.empty())
    r.fail_key("demonstrations.rows", "a \"written\" card needs at least one [[demonstrations.rows]] table");
  card.shots = r.integer(demos, "demonstrations.", "shots", 1);
  if (card.shots < 1) r.fail_key("demonstrations.shots", "must be >= 1");
  card.base_shots = r.integer(demos, "demonstrations.", "base_shots", 1);
  if (card.base_shots < 1) r.fail_key("demonstrations.base_shots", "must be >= 1");
  if (card.base_shots != 1 && card.selection != TaskCard::Selection::Random)
    r.fail_key("demonstrations.base_shots", "only a \"random\" card multiplies its draws");
  const auto seeding = r.string(demos, "demonstrations.", "seeding", false, "stream");
  if (seeding != "stream" && seeding != "per-draw")
    r.fail_key("demonstrations.seeding", "must be \"stream\" or \"per-draw\"");
  card.per_draw_seeding = seeding == "per-draw";
}

}  // namespace

TaskCard load_task_card(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) fail(file.string(), "task card not found");
  const toml::table root = parse_toml_file(file);
  CardReader r(file, root);
  r.only(root, "", {"name", "description", "data", "format", "choices", "demonstrations"});
  TaskCard card;
  card.file = file;
  card.name = r.string(root, "", "name", true);
  card.description = r.string(root, "", "description", false);
  read_data_section(r, card);
  read_format_section(r, card);
  read_choices_section(r, card);
  read_demonstrations_section(r, card);
  if (card.pool_file.empty() && card.selection != TaskCard::Selection::Written) r.fail_key("data.pool", "missing");
  return card;
}

bool is_exemplar_method(const std::string& method) {
  return method == "card" || method == "random" || method == "stratified" || method == "written";
}

TaskCard with_exemplar_method(TaskCard card, const std::string& method) {
  const auto where = card.file.string();
  if (!is_exemplar_method(method)) fail(where, "unknown exemplar method \"" + method + "\" (" + kExemplarMethods + ")");
  if (method == "card") return card;
  if (method == "written") {
    if (card.written_rows.empty()) fail(where, "exemplar method \"written\": the card writes no demonstrations");
    card.selection = TaskCard::Selection::Written;
    return card;
  }
  if (card.pool_file.empty())
    fail(where, "exemplar method \"" + method + "\": the card has no demonstration pool ([data] pool)");
  if (method == "random") {
    card.selection = TaskCard::Selection::Random;
    card.base_shots = 1;
  } else {
    card.selection = card.classification() ? TaskCard::Selection::Stratified : TaskCard::Selection::Random;
    if (card.classification()) card.base_shots = 1;
  }
  return card;
}

}  // namespace dt
