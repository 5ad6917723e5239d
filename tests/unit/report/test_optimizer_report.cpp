// configs/optimizers.toml end to end (the "Beyond the paper" example): dt-sweep runs every meta-optimizer and
// stopping rule it names; the rule:NAME protocol must choose, per cell, the step recomputed here from the raw
// /think datasets with the rule's formula; a trajectory a rule ended early must hold the same numbers as its
// full-length twin up to that step; and the comparison table must put every optimizer side by side.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "../test_support.h"
#include "dt/report/aggregate.h"
#include "dt/report/comparison_render.h"
#include "dt/report/report_render.h"
#include "dt/report/result_set.h"
#include "dt/results/hdf5_file.h"
#include "dt/task/cell_prompts.h"
#include "dt/task/task_card.h"
#include "sweep_suite.h"

namespace dt {
namespace {

const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();

class OptimizerSweep : public test::SweepSuite<OptimizerSweep> {
 protected:
  static void SetUpTestSuite() {
    run_sweep(kSource / "configs" / "optimizers.toml", dir() / "results",
              "--checkpoints-root " + (dir() / "models").string());
  }

  // The step rule small_update (relative_gradient < 0.9 in configs/optimizers.toml) chooses, from the raw datasets:
  // the first t >= 2 with sqrt(sum_l |g_K|^2 + |g_V|^2) / sqrt(sum_l |K_{t-1}|^2 + |V_{t-1}|^2) < 0.9, else T.
  static std::optional<std::int64_t> small_update_trigger(const Hdf5File& h5) {
    const auto kg = h5.read_double("/think/k_grad_norm"), vg = h5.read_double("/think/v_grad_norm");
    const auto k = h5.read_double("/think/k_norm"), v = h5.read_double("/think/v_norm");
    const auto steps = kg.dims[0], layers = kg.dims[1];
    for (std::int64_t t = 1; t < steps; ++t) {
      double g = 0, before = 0;
      for (std::int64_t l = 0; l < layers; ++l) {
        const auto now = static_cast<std::size_t>(t * layers + l),
                   prev = static_cast<std::size_t>((t - 1) * layers + l);
        g += kg.values[now] * kg.values[now] + vg.values[now] * vg.values[now];
        before += k.values[prev] * k.values[prev] + v.values[prev] * v.values[prev];
      }
      if (std::sqrt(g) / std::sqrt(before) < 0.9) return t + 1;
    }
    return std::nullopt;
  }
  static std::int64_t small_update_step(const Hdf5File& h5) {
    return small_update_trigger(h5).value_or(h5.read_double("/think/k_norm").dims[0]);
  }
};

TEST_F(OptimizerSweep, EveryOptimizerAndRuleRuns) {
  const auto results = load_results(dir() / "results");
  ASSERT_EQ(results.cells.size(), 2u * 2 * 2 * 8 * 2);  // models x tasks x seeds x optimizers x stop axis
  std::set<std::string> kinds;
  for (const auto& c : results.cells) {
    kinds.insert(nlohmann::json::parse(c.optimizer).at("kind").get<std::string>());
    std::set<std::string> rules;
    for (const auto& r : c.stop_rules) rules.insert(r.rule.name);
    EXPECT_EQ(rules, (std::set<std::string>{"small_update", "aligned", "patient"})) << c.file;
    EXPECT_EQ(c.dev_steps.size(), c.think.at("k_norm").size()) << c.file;  // the dev split after every step
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"momentum", "gate", "nesterov", "adam", "normalized"}));
}

TEST_F(OptimizerSweep, RuleProtocolChoosesTheStepTheRawStatisticsGive) {
  const auto results = load_results(dir() / "results");
  const auto report = build_report(results, Score::LmLogP, StepProtocol::parse("rule:small_update"));
  std::map<std::pair<std::string, std::string>, std::vector<double>> accuracies, steps;  // (row label, task)
  std::int64_t steps_run = 0, steps_needed = 0;
  for (const auto& c : results.cells) {
    const auto h5 = Hdf5File::open_read(c.file);
    const auto step = small_update_step(h5);
    const auto evaluated = h5.read_int("/steps").values;
    const auto e = static_cast<std::size_t>(std::find(evaluated.begin(), evaluated.end(), step) - evaluated.begin());
    ASSERT_LT(e, evaluated.size()) << c.file;
    const auto answers = h5.read_int("/queries/answer").values;
    const auto pred = h5.read_int("/predictions/lm_log_p").values;
    double correct = 0;
    for (std::size_t q = 0; q < answers.size(); ++q) correct += pred[e * answers.size() + q] == answers[q];
    const auto key = std::pair{c.model + " " + c.optimizer, c.task};
    accuracies[key].push_back(correct / static_cast<double>(answers.size()));
    steps[key].push_back(static_cast<double>(step));
    steps_run += h5.read_int("/think/step").dims[0];
    steps_needed += step;
  }
  for (const auto& row : report.rows)
    for (std::size_t ti = 0; ti < report.tasks.size(); ++ti) {
      const auto key = std::pair{row.model + " " + row.optimizer, report.tasks[ti]};
      ASSERT_TRUE(row.tasks[ti].has_value());
      const auto& entry = *row.tasks[ti];
      double acc = 0, step = 0;
      for (double a : accuracies.at(key)) acc += a / static_cast<double>(accuracies.at(key).size());
      for (double s : steps.at(key)) step += s / static_cast<double>(steps.at(key).size());
      EXPECT_NEAR(entry.dt.mean, acc, 1e-12) << key.first << " " << key.second;
      EXPECT_NEAR(*entry.mean_step, step, 1e-12) << key.first << " " << key.second;
    }
  EXPECT_NE(report.compute_note.find(std::to_string(steps_needed) + " of " + std::to_string(steps_run) +
                                     " thinking steps needed"),
            std::string::npos)
      << report.compute_note;
  EXPECT_NE(render_markdown(report).find("rule:small_update"), std::string::npos);
}

TEST_F(OptimizerSweep, AnEarlyStopKeepsTheFullTrajectorysNumbersUpToItsStep) {
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir() / "results" / "cells")) {
    const auto name = entry.path().filename().string();
    const auto marker = name.find("-stop-small_update");
    if (marker == std::string::npos) continue;
    const auto twin = entry.path().parent_path() / (name.substr(0, marker) + name.substr(marker + 18));
    const auto stopped = Hdf5File::open_read(entry.path()), full = Hdf5File::open_read(twin);
    const auto step = small_update_step(full);
    const auto think_steps = stopped.read_int("/think/step").values;
    ASSERT_EQ(think_steps.back(), step) << name;
    const auto full_norms = full.read_double("/think/k_norm"), stopped_norms = stopped.read_double("/think/k_norm");
    EXPECT_TRUE(std::equal(stopped_norms.values.begin(), stopped_norms.values.end(), full_norms.values.begin()))
        << name;
    const auto full_steps = full.read_int("/steps").values;
    const auto e = static_cast<std::size_t>(std::find(full_steps.begin(), full_steps.end(), step) - full_steps.begin());
    const auto s = stopped.read_double("/scores/lm_log_p"), f = full.read_double("/scores/lm_log_p");
    const auto per_step = static_cast<std::size_t>(f.dims[1] * f.dims[2]);
    const auto stopped_e = static_cast<std::size_t>(s.dims[0] - 1);  // the stop step is its last scored step
    for (std::size_t i = 0; i < per_step; ++i) {
      const double a = s.values[stopped_e * per_step + i], b = f.values[e * per_step + i];
      EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << name << " score " << i;
    }
    const auto stop_record = stopped.string_attribute("/", "stopped");
    ASSERT_EQ(stop_record.has_value(), small_update_trigger(full).has_value()) << name;
    if (stop_record) {
      EXPECT_EQ(nlohmann::json::parse(*stop_record).at("step").get<std::int64_t>(), step) << name;
    }
    ++compared;
  }
  EXPECT_EQ(compared, 2u * 2 * 2 * 8);
}

// Accuracy (lm_log_p) per step on a cell's own dev split, recomputed from /dev/predictions and /dev/queries/answer.
std::vector<double> raw_dev_accuracy(const Hdf5File& h5) {
  const auto answers = h5.read_int("/dev/queries/answer").values;
  const auto pred = h5.read_int("/dev/predictions/lm_log_p");
  std::vector<double> out;
  for (std::int64_t e = 0; e < pred.dims[0]; ++e) {
    double correct = 0;
    for (std::size_t q = 0; q < answers.size(); ++q)
      correct += pred.values[static_cast<std::size_t>(e) * answers.size() + q] == answers[q];
    out.push_back(correct / static_cast<double>(answers.size()));
  }
  return out;
}

TEST_F(OptimizerSweep, DevSplitsAreDisjointFromTheDemonstrationsAndChooseTheDevStep) {
  const auto results = load_results(dir() / "results");
  const auto report = build_report(results, Score::LmLogP, StepProtocol::parse("dev"));
  std::map<std::pair<std::string, std::string>, std::vector<std::vector<double>>> dev;  // (row, task) -> per seed
  for (const auto& c : results.cells) {
    const auto h5 = Hdf5File::open_read(c.file);
    const auto rows = h5.read_int("/dev/queries/pool_row").values;
    const auto demos = h5.int_array_attribute("/", "demo_pool_indices");
    EXPECT_EQ(rows.size(), 6u);
    for (auto r : rows) EXPECT_EQ(std::count(demos.begin(), demos.end(), r), 0) << c.file << " row " << r;
    EXPECT_EQ(std::set<std::int64_t>(rows.begin(), rows.end()).size(), rows.size());
    dev[{c.model + " " + c.optimizer, c.task}].push_back(raw_dev_accuracy(h5));
  }
  for (const auto& row : report.rows)
    for (std::size_t ti = 0; ti < report.tasks.size(); ++ti) {
      const auto& seeds = dev.at({row.model + " " + row.optimizer, report.tasks[ti]});
      std::size_t steps = seeds.front().size();
      for (const auto& s : seeds) steps = std::min(steps, s.size());  // early-stopped trajectories are shorter
      std::int64_t best = 1;
      double best_mean = -1;
      for (std::size_t t = 0; t < steps; ++t) {
        double mean = 0;
        for (const auto& s : seeds) mean += s[t] / static_cast<double>(seeds.size());
        if (mean > best_mean) best_mean = mean, best = static_cast<std::int64_t>(t + 1);
      }
      EXPECT_EQ(row.tasks[ti]->step, best) << row.model << " " << row.optimizer << " " << report.tasks[ti];
    }
}

TEST_F(OptimizerSweep, ThePatienceRuleChoosesTheBestDevStepOnceItIsTwoStepsOld) {
  const auto results = load_results(dir() / "results");
  std::size_t triggered = 0;
  for (const auto& c : results.cells) {
    const auto accuracy = raw_dev_accuracy(Hdf5File::open_read(c.file));
    std::int64_t best = 0, expected = static_cast<std::int64_t>(accuracy.size()), at = expected;
    bool fired = false;
    for (std::size_t t = 0; t < accuracy.size() && !fired; ++t) {
      if (t == 0 || accuracy[t] > accuracy[static_cast<std::size_t>(best - 1)]) best = static_cast<std::int64_t>(t + 1);
      if (static_cast<std::int64_t>(t + 1) - best >= 2)
        expected = best, at = static_cast<std::int64_t>(t + 1), fired = true;
    }
    triggered += fired;
    for (const auto& r : c.stop_rules)
      if (r.rule.name == "patient") {
        EXPECT_EQ(r.decision.step, expected) << c.file;
        EXPECT_EQ(r.decision.at, at) << c.file;  // the compute the rule needs: up to the step that reveals it
        EXPECT_EQ(r.decision.triggered, fired) << c.file;
      }
  }
  EXPECT_GT(triggered, 0u);  // the rule fires somewhere in this grid, so the comparison above is not vacuous
}

TEST_F(OptimizerSweep, CharNormIsTheSumOfLogProbsPerCharacterOfTheCompletion) {
  const auto results = load_results(dir() / "results");
  std::map<std::string, TaskData> data;
  std::map<std::string, TaskCard> cards;
  for (const char* task : {"sst2", "copa"}) {
    cards.emplace(task, load_task_card(kSource / "jobs" / (std::string(task) + ".toml")));
    data.emplace(task, load_task_data(cards.at(task), kSource / "data" / "sample"));
  }
  std::size_t checked = 0;
  for (const auto& c : results.cells) {
    const auto h5 = Hdf5File::open_read(c.file);
    const auto rows = h5.read_int("/queries/eval_row").values;
    const auto chars = h5.read_int("/queries/choice_chars");
    const auto lm = h5.read_double("/scores/lm_log_p"), per_char = h5.read_double("/scores/char_norm");
    const auto pred = h5.read_int("/predictions/char_norm").values;
    const auto C = static_cast<std::size_t>(chars.dims[1]), Q = rows.size();
    for (std::size_t q = 0; q < Q; ++q) {
      const auto& card = cards.at(c.task);
      const auto row = static_cast<std::size_t>(rows[q]);
      const auto example = make_example(card, data.at(c.task).eval.rows.at(row), rows[q], "test");
      for (std::size_t ch = 0; ch < example.completions.size(); ++ch) {
        const auto& text = example.completions[ch];
        ASSERT_TRUE(std::all_of(text.begin(), text.end(), [](char x) { return (x & 0x80) == 0; }));  // ASCII samples
        EXPECT_EQ(chars.values[q * C + ch], static_cast<std::int64_t>(text.size())) << c.file << " " << text;
      }
      for (std::size_t e = 0; e < static_cast<std::size_t>(lm.dims[0]); ++e) {
        std::size_t best = 0;
        for (std::size_t ch = 0; ch < example.completions.size(); ++ch) {
          const auto i = (e * Q + q) * C + ch;
          const double expected = lm.values[i] / static_cast<double>(chars.values[q * C + ch]);
          EXPECT_NEAR(per_char.values[i], expected, 1e-6 * std::abs(expected) + 1e-7);
          if (per_char.values[i] > per_char.values[(e * Q + q) * C + best]) best = ch;
        }
        EXPECT_EQ(pred[e * Q + q], static_cast<std::int64_t>(best)) << c.file << " query " << q;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0u);
  const auto report = build_report(results, Score::CharNorm, StepProtocol::parse("fixed:3"));
  EXPECT_NE(render_markdown(report).find("Accuracy (char_norm)"), std::string::npos);
}

TEST_F(OptimizerSweep, MutualInfoSubtractsTheLogProbOfTheCompletionAlone) {
  const auto results = load_results(dir() / "results");
  for (const auto& c : results.cells) {
    const auto h5 = Hdf5File::open_read(c.file);
    const auto alone = h5.read_double("/queries/unconditional_log_p"), lm = h5.read_double("/scores/lm_log_p");
    const auto mi = h5.read_double("/scores/mutual_info");
    const auto pred = h5.read_int("/predictions/mutual_info").values;
    const auto choices = h5.read_int("/queries/num_choices").values;
    const auto Q = static_cast<std::size_t>(alone.dims[0]), C = static_cast<std::size_t>(alone.dims[1]);
    for (std::size_t q = 0; q < Q; ++q) {
      for (std::size_t ch = 0; ch < static_cast<std::size_t>(choices[q]); ++ch) {
        EXPECT_LT(alone.values[q * C + ch], 0.0) << c.file;
        // a fixed label word has one unconditional log-prob, whatever the query
        if (c.task == "sst2") {
          EXPECT_NEAR(alone.values[q * C + ch], alone.values[ch], 1e-5) << c.file;
        }
      }
      for (std::size_t e = 0; e < static_cast<std::size_t>(lm.dims[0]); ++e) {
        std::size_t best = 0;
        for (std::size_t ch = 0; ch < static_cast<std::size_t>(choices[q]); ++ch) {
          const auto i = (e * Q + q) * C + ch;
          EXPECT_NEAR(mi.values[i], lm.values[i] - alone.values[q * C + ch], 1e-4) << c.file;
          if (mi.values[i] > mi.values[(e * Q + q) * C + best]) best = ch;
        }
        EXPECT_EQ(pred[e * Q + q], static_cast<std::int64_t>(best)) << c.file;
      }
    }
  }
  const auto report = build_report(results, Score::MutualInfo, StepProtocol::parse("fixed:3"));
  EXPECT_NE(render_markdown(report).find("Accuracy (mutual_info)"), std::string::npos);
}

TEST_F(OptimizerSweep, TheComparisonTablePutsEveryOptimizerSideBySide) {
  const auto report = build_report(load_results(dir() / "results"), Score::NormLmLogP, StepProtocol::parse("fixed:5"));
  const auto table = render_optimizer_comparison(report);
  for (const char* label :
       {"momentum(step_size=0.01, momentum=0.9)", "gate(eta=0.1)", "nesterov(step_size=0.01, momentum=0.9)",
        "adam(step_size=0.001, beta1=0.9", "normalized(step_size=0.01, momentum=0.9)", "layers=last:1", "ramp=0..1",
        "stop=small_update", "### tiny-gpt2 k=1", "### tiny-llama k=1", "fixed:5"})
    EXPECT_NE(table.find(label), std::string::npos) << label;
}

}  // namespace
}  // namespace dt
