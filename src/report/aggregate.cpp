// build_report: grouping by (model, k, demonstrations, optimizer, task), step protocols, seed statistics, coverage.
#include "dt/report/aggregate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "dt/report/stop_protocol.h"
#include "dt/util/error.h"

namespace dt {
namespace {

constexpr const char* kDevSuffix = "-dev";

// model, k, demonstrations, optimizer, task
using GroupKey = std::tuple<std::string, std::int64_t, std::string, std::string, std::string>;

bool is_dev(const std::string& task) { return task.size() > 4 && task.compare(task.size() - 4, 4, kDevSuffix) == 0; }

const std::vector<double>& accuracy(const CellSummary& c, Score score) {
  if (score == Score::CharNorm || score == Score::MutualInfo || score == Score::Calibrated) {
    const auto& values = score == Score::CharNorm     ? c.accuracy_chars
                         : score == Score::MutualInfo ? c.accuracy_mutual_info
                                                      : c.accuracy_calibrated;
    if (values.empty())
      fail(c.file.string(),
           "has no " + score_name(score) +
               " scores (written by a dt before they existed; for mutual_info, a tokenizer with no BOS "
               "or EOS token; for calibrated, a prompt with no content-free form); rerun it with "
               "--overwrite or choose another --score");
    return values;
  }
  return score == Score::LmLogP ? c.accuracy_lm : c.accuracy_norm;
}

// The cell's Deep-Thinking arm at `step` against its ICL arm (step 1), query by query; nullopt when either is absent.
std::optional<PairedCell> paired_cell(const CellSummary& c, Score score, std::int64_t step) {
  const auto found = c.correct.find(score_name(score));
  const auto dt = std::find(c.steps.begin(), c.steps.end(), step), icl = std::find(c.steps.begin(), c.steps.end(), 1);
  if (found == c.correct.end() || dt == c.steps.end() || icl == c.steps.end() || c.queries == 0) return std::nullopt;
  return PairedCell{found->second[static_cast<std::size_t>(dt - c.steps.begin())],
                    found->second[static_cast<std::size_t>(icl - c.steps.begin())]};
}

std::optional<double> accuracy_at(const CellSummary& c, Score score, std::int64_t step) {
  const auto it = std::find(c.steps.begin(), c.steps.end(), step);
  if (it == c.steps.end()) return std::nullopt;
  return accuracy(c, score)[static_cast<std::size_t>(it - c.steps.begin())];
}

// Mean accuracy per step over the cells that evaluated it (only steps every cell evaluated).
std::vector<std::pair<std::int64_t, double>> mean_trace(const std::vector<const CellSummary*>& cells, Score score) {
  std::vector<std::pair<std::int64_t, double>> out;
  if (cells.empty()) return out;
  for (auto step : cells.front()->steps) {
    double sum = 0;
    bool everywhere = true;
    for (const auto* c : cells) {
      const auto a = accuracy_at(*c, score, step);
      if (!a) {
        everywhere = false;
        break;
      }
      sum += *a;
    }
    if (everywhere) out.emplace_back(step, sum / static_cast<double>(cells.size()));
  }
  return out;
}

// Mean accuracy on the cells' own dev splits per step, over the steps every cell scored there.
std::vector<std::pair<std::int64_t, double>> mean_dev_trace(const std::vector<const CellSummary*>& cells, Score score) {
  std::vector<std::pair<std::int64_t, double>> out;
  for (std::size_t e = 0; e < cells.front()->dev_steps.size(); ++e) {
    const auto step = cells.front()->dev_steps[e];
    double sum = 0;
    bool everywhere = true;
    for (const auto* c : cells) {
      const auto it = std::find(c->dev_steps.begin(), c->dev_steps.end(), step);
      if (it == c->dev_steps.end()) {
        everywhere = false;
        break;
      }
      const auto& accuracy = score == Score::LmLogP       ? c->dev_accuracy_lm
                             : score == Score::CharNorm   ? c->dev_accuracy_chars
                             : score == Score::NormLmLogP ? c->dev_accuracy_norm
                                                          : std::vector<double>{};  // no dev mutual_info, calibrated
      if (accuracy.size() != c->dev_steps.size()) return {};                        // no dev predictions for this score
      sum += accuracy[static_cast<std::size_t>(it - c->dev_steps.begin())];
    }
    if (everywhere) out.emplace_back(step, sum / static_cast<double>(cells.size()));
  }
  return out;
}

std::int64_t best_step(const std::vector<std::pair<std::int64_t, double>>& trace) {
  std::int64_t step = trace.front().first;
  double best = trace.front().second;
  for (const auto& [t, acc] : trace)
    if (acc > best) {
      best = acc;
      step = t;
    }
  return step;  // ties go to the earliest step
}

void check_consistent(const std::vector<const CellSummary*>& cells) {
  for (const auto* c : cells) {
    if (c->shared_config != cells.front()->shared_config)
      fail(c->file.string(),
           "configuration differs from " + cells.front()->file.string() +
               " in more than the seed; refusing to average them (different data, model files, dtype or query limit?)");
  }
}

using Cells = std::vector<const CellSummary*>;
using Groups = std::map<GroupKey, Cells>;
using Trace = std::vector<std::pair<std::int64_t, double>>;

// model, k, demonstrations, optimizer
using RowKey = std::tuple<std::string, std::int64_t, std::string, std::string>;

// A result or expected cell puts its task and row in the table unless its task is a dev split.
template <typename Cell>
void add_table_task_and_row(const Cell& c, std::set<std::string>& tasks, std::set<RowKey>& rows) {
  if (!is_dev(c.task)) {
    tasks.insert(c.task);
    rows.insert({c.model, c.k, c.demos, c.optimizer});
  }
}

// Per seed: the Deep-Thinking accuracy, its gain over the same cell's ICL and the query-level pair for the bootstrap.
struct DtSamples {
  std::vector<double> values, gains;
  std::vector<PairedCell> pairs;

  void add(const CellSummary& c, Score score, std::int64_t step, double value) {
    values.push_back(value);
    if (const auto icl_a = accuracy_at(c, score, 1)) gains.push_back(value - *icl_a);
    if (auto pair = paired_cell(c, score, step)) pairs.push_back(std::move(*pair));
  }

  // The paired comparison only when every cell gave its pair.
  void set_dt_arm(TaskEntry& entry, std::int64_t expected, std::size_t cells) const {
    entry.dt = stat_over_seeds(values, expected);
    entry.gain = stat_over_seeds(gains, expected);
    if (pairs.size() == cells) entry.paired = paired_bootstrap(pairs);
  }
};

void set_trace(TaskEntry& entry, const Trace& trace, const Cells& cells, Score score, std::int64_t expected) {
  for (const auto& [t, mean] : trace) {
    std::vector<double> values;
    for (const auto* c : cells) values.push_back(*accuracy_at(*c, score, t));
    entry.trace_steps.push_back(t);
    entry.trace.push_back(stat_over_seeds(values, expected));
  }
}

Stat icl_over_seeds(const Cells& cells, Score score, std::int64_t expected) {
  std::vector<double> icl;
  for (const auto* c : cells)
    if (const auto a = accuracy_at(*c, score, 1)) icl.push_back(*a);
  return stat_over_seeds(icl, expected);
}

// The best step on the cells' own dev splits when they all have one, else on the results of task "<task>-dev".
void choose_dev_step(TaskEntry& entry, const Groups& groups, const GroupKey& key, const Cells& cells, Score score) {
  const auto& [model, k, demos, optimizer, task] = key;
  const auto dev = groups.find({model, k, demos, optimizer, task + kDevSuffix});
  if (std::all_of(cells.begin(), cells.end(), [](const CellSummary* c) { return !c->dev_steps.empty(); })) {
    const auto dev_trace = mean_dev_trace(cells, score);
    if (!dev_trace.empty())
      entry.step = best_step(dev_trace);
    else
      entry.note = "the cells' dev splits hold no " + score_name(score) + " predictions";
  } else if (dev == groups.end()) {
    entry.note = "no dev results (task " + task + kDevSuffix + ")";
  } else {
    check_consistent(dev->second);
    const auto dev_trace = mean_trace(dev->second, score);
    if (!dev_trace.empty()) entry.step = best_step(dev_trace);
  }
}

// rule:NAME: each cell at the step the rule chooses for it; nothing when one cell has no such step.
void set_rule_arm(TaskEntry& entry, const Cells& cells, Score score, const std::string& rule, std::int64_t expected,
                  ComputeSaved& saved) {
  DtSamples samples;
  std::vector<double> steps;
  for (const auto* c : cells) {
    const auto choice = rule_choice(*c, rule);
    const auto a = choice.step ? accuracy_at(*c, score, *choice.step) : std::nullopt;
    if (!a) {
      entry.note = choice.step ? "step " + std::to_string(*choice.step) + " (rule " + rule + ") was not evaluated in " +
                                     c->file.filename().string()
                               : choice.problem + " in " + c->file.filename().string();
      return;
    }
    samples.add(*c, score, *choice.step, *a);
    steps.push_back(static_cast<double>(*choice.step));
    saved.add(*c, choice.at);
  }
  if (samples.values.empty()) return;
  samples.set_dt_arm(entry, expected, cells.size());
  entry.mean_step = stat_over_seeds(steps, expected).mean;
  if (std::all_of(steps.begin(), steps.end(), [&](double s) { return s == steps.front(); }))
    entry.step = static_cast<std::int64_t>(steps.front());
}

// Every cell at the entry's chosen step; the step is dropped when some cell did not evaluate it.
void set_step_arm(TaskEntry& entry, const Cells& cells, Score score, std::int64_t expected) {
  DtSamples samples;
  for (const auto* c : cells)
    if (const auto a = accuracy_at(*c, score, *entry.step)) samples.add(*c, score, *entry.step, *a);
  if (samples.values.size() != cells.size()) {
    entry.note = "step " + std::to_string(*entry.step) + " was not evaluated";
    entry.step.reset();
  } else {
    samples.set_dt_arm(entry, expected, cells.size());
  }
}

TaskEntry task_entry(const Groups& groups, const Groups::value_type& group, std::int64_t expected, bool scored_once,
                     Score score, const StepProtocol& protocol, ComputeSaved& saved) {
  const auto& [key, cells] = group;
  TaskEntry entry;
  const auto trace = mean_trace(cells, score);
  set_trace(entry, trace, cells, score, expected);
  entry.icl = icl_over_seeds(cells, score, expected);
  if (scored_once) return entry;  // no step to choose
  switch (protocol.kind) {
    case StepProtocol::Kind::Fixed: entry.step = protocol.step; break;
    case StepProtocol::Kind::Rule: break;  // per cell, below
    case StepProtocol::Kind::Oracle:
      if (!trace.empty()) entry.step = best_step(trace);
      break;
    case StepProtocol::Kind::Dev: choose_dev_step(entry, groups, key, cells, score); break;
  }
  if (protocol.kind == StepProtocol::Kind::Rule)
    set_rule_arm(entry, cells, score, protocol.rule, expected, saved);
  else if (entry.step)
    set_step_arm(entry, cells, score, expected);
  return entry;
}

}  // namespace

Stat stat_over_seeds(const std::vector<double>& values, std::int64_t expected) {
  Stat s;
  s.n = static_cast<std::int64_t>(values.size());
  s.expected = std::max(expected, s.n);
  if (values.empty()) return s;
  for (double v : values) s.mean += v;
  s.mean /= static_cast<double>(values.size());
  if (values.size() > 1) {
    double ss = 0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(ss / static_cast<double>(values.size() - 1));
  }
  return s;
}

std::string score_name(Score score) {
  switch (score) {
    case Score::LmLogP: return "lm_log_p";
    case Score::NormLmLogP: return "norm_lm_log_p";
    case Score::CharNorm: return "char_norm";
    case Score::MutualInfo: return "mutual_info";
    case Score::Calibrated: break;
  }
  return "calibrated";
}

StepProtocol StepProtocol::parse(const std::string& text) {
  StepProtocol p;
  if (text == "dev") {
    p.kind = Kind::Dev;
  } else if (text == "oracle") {
    p.kind = Kind::Oracle;
  } else if (text.rfind("rule:", 0) == 0 && text.size() > 5) {
    p.kind = Kind::Rule;
    p.rule = text.substr(5);
  } else if (text.rfind("fixed:", 0) == 0) {
    p.kind = Kind::Fixed;
    try {
      std::size_t used = 0;
      p.step = std::stoll(text.substr(6), &used);
      if (used != text.size() - 6 || p.step < 1) throw std::invalid_argument(text);
    } catch (const std::exception&) {
      fail("--step", "'" + text + "': fixed:T needs a step T >= 1");
    }
  } else {
    fail("--step", "unknown protocol '" + text + "' (fixed:T, dev, oracle or rule:NAME)");
  }
  return p;
}

std::string StepProtocol::describe() const {
  switch (kind) {
    case Kind::Fixed:
      return "Deep-Thinking step: fixed:" + std::to_string(step) + " (step " + std::to_string(step) +
             " for every model and task, chosen before seeing any result; ICL is step 1).";
    case Kind::Dev:
      return "Deep-Thinking step: dev (per task and row (model, k, demonstrations, optimizer), the step with the best "
             "mean accuracy over seeds on "
             "the dev split inside each cell (pool rows that are not its demonstrations), or for cells without one on "
             "the results of task \"<task>-dev\"; earliest step on ties; ICL is step 1).";
    case Kind::Rule:
      return "Deep-Thinking step: rule:" + rule + " (per cell, the first step where the label-free stopping rule " +
             rule +
             " recorded in the cell holds, else its last step; no labels are used; @ shows the mean step over "
             "seeds; ICL is step 1).";
    case Kind::Oracle:
      return "Deep-Thinking step: oracle (the step with the best mean accuracy on the test split itself, as the "
             "released "
             "code reports; OPTIMISTIC, not a fair estimate; ICL is step 1).";
  }
  return "";
}

const std::vector<std::uint8_t>* correct_at(const CellSummary& cell, Score score, std::int64_t step) {
  const auto found = cell.correct.find(score_name(score));
  const auto at = std::find(cell.steps.begin(), cell.steps.end(), step);
  if (found == cell.correct.end() || at == cell.steps.end()) return nullptr;
  return &found->second[static_cast<std::size_t>(at - cell.steps.begin())];
}

std::optional<std::int64_t> chosen_dt_step(const Report& report, const TaskEntry& entry, const CellSummary& cell) {
  if (report.protocol.kind == StepProtocol::Kind::Rule) return rule_choice(cell, report.protocol.rule).step;
  return entry.step;
}

void set_row_averages(ReportRow& row) {
  double icl = 0, dt = 0;
  bool icl_complete = !row.tasks.empty(), dt_complete = !row.tasks.empty() && !row.scored_once();
  for (const auto& entry : row.tasks) {
    icl_complete = icl_complete && entry && entry->icl.available();
    dt_complete = dt_complete && entry && entry->dt.available();
    if (entry) {
      icl += entry->icl.mean;
      dt += entry->dt.mean;
    }
  }
  const auto n = static_cast<double>(row.tasks.size());
  row.icl_average = icl_complete ? std::optional<double>(icl / n) : std::nullopt;
  row.dt_average = dt_complete ? std::optional<double>(dt / n) : std::nullopt;
}

bool note_is_about(const std::string& note, const std::string& task) {
  return note.find(" " + task + ": ") != std::string::npos;
}

Report build_report(const ResultSet& results, Score score, const StepProtocol& protocol) {
  Report report{score, protocol, {}, {}, {}, ""};
  ComputeSaved saved;
  Groups groups;
  std::set<std::string> tasks;
  std::set<RowKey> rows;
  for (const auto& c : results.cells) {
    groups[{c.model, c.k, c.demos, c.optimizer, c.task}].push_back(&c);
    add_table_task_and_row(c, tasks, rows);
  }
  std::map<GroupKey, std::int64_t> expected;
  for (const auto& e : results.expected) {
    ++expected[{e.model, e.k, e.demos, e.optimizer, e.task}];
    add_table_task_and_row(e, tasks, rows);
  }
  report.tasks.assign(tasks.begin(), tasks.end());
  for (auto& [key, cells] : groups) check_consistent(cells);

  for (const auto& [model, k, demos, optimizer] : rows) {
    ReportRow row{model, optimizer, k, demos, {}, std::nullopt, std::nullopt};
    const auto row_name = model + " k=" + std::to_string(k) + (demos == "plain" ? "" : " " + demos);
    for (const auto& task : report.tasks) {
      const GroupKey key{model, k, demos, optimizer, task};
      const auto found = groups.find(key);
      const auto exp_it = expected.find(key);
      const std::int64_t exp = exp_it == expected.end() ? 0 : exp_it->second;
      if (found == groups.end()) {
        row.tasks.emplace_back(std::nullopt);
        if (exp > 0) report.notes.push_back(row_name + " " + task + ": 0 of " + std::to_string(exp) + " cells found");
        continue;
      }
      auto entry = task_entry(groups, *found, exp, row.scored_once(), score, protocol, saved);
      if (entry.icl.n < entry.icl.expected)
        report.notes.push_back(row_name + " " + task + ": " + std::to_string(entry.icl.n) + " of " +
                               std::to_string(entry.icl.expected) + " seeds found; mean over those only");
      if (!entry.note.empty()) report.notes.push_back(row_name + " " + task + ": " + entry.note);
      row.tasks.emplace_back(std::move(entry));
    }
    set_row_averages(row);
    report.rows.push_back(std::move(row));
  }
  if (protocol.kind == StepProtocol::Kind::Rule) report.compute_note = saved.describe(protocol.rule);
  return report;
}

}  // namespace dt
