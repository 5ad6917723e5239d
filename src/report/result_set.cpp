// load_results: cell files and manifest of a results directory.
#include "dt/report/result_set.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "dt/config/cell_config.h"
#include "dt/config/think_stats.h"
#include "dt/results/cell_file.h"
#include "dt/results/hdf5_file.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"

namespace dt {
namespace {

// What may differ between cells that are averaged or compared: the grid axes, identities of files that are the
// same content elsewhere, and run settings.
nlohmann::json shared_part(nlohmann::json config) {
  config = without_locations(std::move(config));
  for (const char* key : {"seed", "k", "optimizer", "run", "eval_steps", "steps"}) config.erase(key);
  return config;
}

// The demonstrations part of a row: the variant, and the exemplar method where a cell was drawn by another than its
// card's own ("plain exemplars:random").
std::string row_demos(const nlohmann::json& config, const std::string& variant) {
  const auto method = config.is_object() ? config.value("exemplars", std::string("card")) : std::string("card");
  return method == "card" ? variant : variant + " exemplars:" + method;
}

// The string at a path of keys in `config`, or "" where there is none.
std::string text_at(const nlohmann::json& config, std::initializer_list<const char*> keys) {
  const nlohmann::json* at = &config;
  for (const char* key : keys) {
    if (!at->is_object() || !at->contains(key)) return "";
    at = &(*at)[key];
  }
  return at->is_string() ? at->get<std::string>() : "";
}

// The root attributes: model, task, optimizer, seed, k, and from the config the demonstrations and shared part.
void read_cell_identity(const Hdf5File& h5, const std::filesystem::path& file, CellSummary& c) {
  c.model = h5.string_attribute("/", "model").value_or("");
  c.task = h5.string_attribute("/", "task").value_or("");
  c.optimizer = h5.string_attribute("/", "optimizer").value_or("");
  c.seed = static_cast<std::uint64_t>(h5.int_attribute("/", "seed").value_or(0));
  c.k = h5.int_attribute("/", "k").value_or(0);
  try {
    const auto config = nlohmann::json::parse(h5.string_attribute("/", "config").value_or("{}"));
    c.demos = row_demos(config, h5.string_attribute("/", "demonstrations").value_or("plain"));
    c.demo_order = config.value("demo_order", std::int64_t{0});
    c.task_card = text_at(config, {"task", "card"});
    c.eval_data = text_at(config, {"data", "eval", "path"});
    c.shared_config = shared_part(config);
  } catch (const nlohmann::json::exception& e) {
    fail(file.string(), std::string("malformed config attribute: ") + e.what());
  }
}

// Each query's eval row and number of choices, where the file has them (/queries/eval_row, /queries/num_choices).
void read_query_rows(const Hdf5File& h5, const std::filesystem::path& file, CellSummary& c) {
  for (const auto& [name, out] :
       {std::pair{"/queries/eval_row", &c.eval_rows}, {"/queries/num_choices", &c.num_choices}}) {
    if (!h5.exists(name)) continue;
    *out = h5.read_int(name).values;
    if (static_cast<std::int64_t>(out->size()) != c.queries)
      fail(file.string(), std::string(name) + " does not have one entry per query");
  }
}

// Per score with predictions, every choice's score at every step (/scores/<name>, [steps, queries, choices]).
void read_choice_scores(const Hdf5File& h5, const std::filesystem::path& file, CellSummary& c) {
  const auto queries = static_cast<std::size_t>(c.queries);
  for (const auto& entry : c.predictions) {
    const auto& score = entry.first;
    const auto name = "/scores/" + score;
    if (!h5.exists(name)) continue;
    const auto data = h5.read_double(name);
    if (data.dims.size() != 3 || data.dims[0] != static_cast<std::int64_t>(c.steps.size()) || data.dims[1] != c.queries)
      fail(file.string(), name + " does not have shape [steps, queries, choices]");
    const auto choices = static_cast<std::size_t>(data.dims[2]);
    auto& per_step = c.choice_scores[score];
    for (std::size_t e = 0; e < c.steps.size(); ++e) {
      per_step.emplace_back();
      for (std::size_t q = 0; q < queries; ++q) {
        const auto first = data.values.begin() + static_cast<std::ptrdiff_t>((e * queries + q) * choices);
        per_step.back().emplace_back(first, first + static_cast<std::ptrdiff_t>(choices));
      }
    }
  }
}

// The steps, the queries and, per score present under /predictions, the accuracy and correctness per step.
void read_test_predictions(const Hdf5File& h5, const std::filesystem::path& file, CellSummary& c) {
  c.steps = h5.read_int("/steps").values;
  c.answers = h5.read_int("/queries/answer").values;
  const auto& answers = c.answers;
  c.queries = static_cast<std::int64_t>(answers.size());
  read_query_rows(h5, file, c);
  std::vector<std::pair<const char*, std::vector<double>*>> predictions = {
      {"/predictions/lm_log_p", &c.accuracy_lm}, {"/predictions/norm_lm_log_p", &c.accuracy_norm}};
  if (h5.exists("/predictions/char_norm")) predictions.emplace_back("/predictions/char_norm", &c.accuracy_chars);
  if (h5.exists("/predictions/mutual_info"))
    predictions.emplace_back("/predictions/mutual_info", &c.accuracy_mutual_info);
  if (h5.exists("/predictions/calibrated")) predictions.emplace_back("/predictions/calibrated", &c.accuracy_calibrated);
  for (const auto& [name, out] : predictions) {
    const auto pred = h5.read_int(name);
    if (pred.dims.size() != 2 || pred.dims[0] != static_cast<std::int64_t>(c.steps.size()) || pred.dims[1] != c.queries)
      fail(file.string(), std::string(name) + " does not have shape [steps, queries]");
    const auto score = std::string(name).substr(std::string("/predictions/").size());
    auto& per_query = c.correct[score];
    for (std::size_t e = 0; e < c.steps.size(); ++e) {
      std::int64_t correct = 0;
      per_query.emplace_back();
      c.predictions[score].emplace_back(pred.values.begin() + static_cast<std::ptrdiff_t>(e) * c.queries,
                                        pred.values.begin() + static_cast<std::ptrdiff_t>(e + 1) * c.queries);
      for (std::int64_t q = 0; q < c.queries; ++q) {
        const bool right = pred.values[e * static_cast<std::size_t>(c.queries) + static_cast<std::size_t>(q)] ==
                           answers[static_cast<std::size_t>(q)];
        per_query.back().push_back(right);
        correct += right;
      }
      out->push_back(c.queries > 0 ? static_cast<double>(correct) / static_cast<double>(c.queries) : 0.0);
    }
  }
}

// The dev split's steps and accuracy per step; the caller has checked that /dev/steps exists.
void read_dev_predictions(const Hdf5File& h5, const std::filesystem::path& file, CellSummary& c) {
  c.dev_steps = h5.read_int("/dev/steps").values;
  const auto dev_answers = h5.read_int("/dev/queries/answer").values;
  const auto n = dev_answers.size();
  std::vector<std::pair<const char*, std::vector<double>*>> dev_predictions = {
      {"/dev/predictions/lm_log_p", &c.dev_accuracy_lm}, {"/dev/predictions/norm_lm_log_p", &c.dev_accuracy_norm}};
  if (h5.exists("/dev/predictions/char_norm"))
    dev_predictions.emplace_back("/dev/predictions/char_norm", &c.dev_accuracy_chars);
  for (const auto& [name, out] : dev_predictions) {
    const auto pred = h5.read_int(name);
    if (pred.dims.size() != 2 || pred.dims[0] != static_cast<std::int64_t>(c.dev_steps.size()) ||
        pred.dims[1] != static_cast<std::int64_t>(n) || n == 0)
      fail(file.string(), std::string(name) + " does not have shape [dev steps, dev queries]");
    for (std::size_t e = 0; e < c.dev_steps.size(); ++e) {
      std::int64_t correct = 0;
      for (std::size_t q = 0; q < n; ++q) correct += pred.values[e * n + q] == dev_answers[q];
      out->push_back(static_cast<double>(correct) / static_cast<double>(n));
    }
  }
}

// The stopping rules recorded in the stop_rules attribute, when there is one.
void read_stop_rules(const Hdf5File& h5, const std::filesystem::path& file, CellSummary& c) {
  if (const auto rules = h5.string_attribute("/", "stop_rules")) {
    try {
      for (const auto& entry : nlohmann::json::parse(*rules)) {
        const auto rule = stop_rule_from_json(entry, file.string() + ": stop_rules");
        if (!entry.contains("step") || !entry["step"].is_number_integer() || !entry.contains("triggered") ||
            !entry["triggered"].is_boolean())
          fail(file.string(), "stop_rules: rule " + rule.name + " has no step or triggered");
        const auto step = entry["step"].get<std::int64_t>();
        const auto at =
            entry.contains("at") && entry["at"].is_number_integer() ? entry["at"].get<std::int64_t>() : step;
        c.stop_rules.push_back({rule, {step, at, entry["triggered"].get<bool>()}});
      }
    } catch (const nlohmann::json::exception& e) {
      fail(file.string(), std::string("malformed stop_rules attribute: ") + e.what());
    }
  }
}

// The thinking statistics under /think, one row per step; a field that is not a matrix is skipped.
void read_think_stats(const Hdf5File& h5, CellSummary& c) {
  for (const auto& field : think_stat_fields()) {
    const auto data = h5.read_double(std::string("/think/") + field.name);
    if (data.dims.size() != 2) continue;
    auto& rows = c.think[field.name];
    for (std::int64_t t = 0; t < data.dims[0]; ++t)
      rows.emplace_back(data.values.begin() + t * data.dims[1], data.values.begin() + (t + 1) * data.dims[1]);
  }
}

CellSummary read_cell(const std::filesystem::path& file, bool with_choice_scores) {
  const auto check = check_cell_file(file);
  if (check.state == CellFileState::Damaged)
    fail(file.string(), check.problem + "; a rerun of dt-sweep or dt-run sets it aside and computes it again");
  if (!check.trusted()) fail(file.string(), check.problem);
  const auto h5 = Hdf5File::open_read(file);
  CellSummary c;
  c.file = file;
  read_cell_identity(h5, file, c);
  read_test_predictions(h5, file, c);
  if (with_choice_scores) read_choice_scores(h5, file, c);
  c.demo_tokens = h5.int_attribute("/", "demo_tokens").value_or(0);
  if (h5.exists("/dev/steps")) read_dev_predictions(h5, file, c);
  read_stop_rules(h5, file, c);
  read_think_stats(h5, c);
  return c;
}

// The records dt-sweep writes under failed/; one that cannot be parsed is listed with that as its reason.
std::vector<FailedCell> read_failed_cells(const std::filesystem::path& dir) {
  std::vector<FailedCell> failed;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return failed;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    const auto& path = entry.path();
    if (!entry.is_regular_file() || path.extension() != ".json" || is_temporary_output_name(path.filename().string()))
      continue;
    auto id = std::filesystem::relative(path, dir).replace_extension().string();
    std::ifstream in(path);
    const auto record = nlohmann::json::parse(in, nullptr, false);
    FailedCell cell{id, "unreadable record " + path.string(), false};
    if (record.is_object()) {
      cell.quarantined = record.value("quarantined", false);
      if (const auto errors = record.find("errors");
          errors != record.end() && errors->is_array() && !errors->empty() && errors->back().is_string())
        cell.reason = errors->back().get<std::string>();
    }
    failed.push_back(std::move(cell));
  }
  std::sort(failed.begin(), failed.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return failed;
}

}  // namespace

ResultSet load_results(const std::filesystem::path& root, bool with_choice_scores) {
  ResultSet set;
  set.root = root;
  const auto cells = root / "cells";
  if (!std::filesystem::is_directory(cells)) fail(root.string(), "not a results directory (no cells/)");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cells))
    if (entry.is_regular_file() && entry.path().extension() == ".h5" &&
        !is_temporary_output_name(entry.path().filename().string()))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) set.cells.push_back(read_cell(f, with_choice_scores));
  const auto manifest_path = root / "sweep.json";
  if (std::filesystem::exists(manifest_path)) {
    std::ifstream in(manifest_path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    try {
      const auto manifest = nlohmann::json::parse(buffer.str());
      for (const auto& cell : manifest.at("cells")) {
        const auto& config = cell.at("config");
        set.expected.push_back({cell.at("model").get<std::string>(), cell.at("task").get<std::string>(),
                                config.at("optimizer").dump(), cell.at("seed").get<std::uint64_t>(),
                                cell.at("k").get<std::int64_t>(),
                                row_demos(config, config.value("demonstrations", std::string("plain"))),
                                config.value("demo_order", std::int64_t{0})});
      }
    } catch (const nlohmann::json::exception& e) {
      fail(manifest_path.string(), std::string("malformed manifest: ") + e.what());
    }
  }
  set.failed = read_failed_cells(root / "failed");
  return set;
}

ResultSet shown_order_only(const ResultSet& results) {
  ResultSet out{results.root, {}, {}, results.failed};
  for (const auto& c : results.cells)
    if (c.demo_order == 0) out.cells.push_back(c);
  for (const auto& e : results.expected)
    if (e.demo_order == 0) out.expected.push_back(e);
  return out;
}

std::string render_failed_cells(const ResultSet& results) {
  if (results.failed.empty()) return "";
  std::string out = "\nCells without results (" + std::to_string(results.failed.size()) + ", see failed/):\n";
  for (const auto& f : results.failed)
    out += "- " + f.id + (f.quarantined ? " (quarantined; dt-sweep --retry-failed runs it again)" : "") + ": " +
           f.reason + "\n";
  return out;
}

}  // namespace dt
