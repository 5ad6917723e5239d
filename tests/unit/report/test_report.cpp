// dt-report on a real results directory: a small sweep (two generated models, sst2 and copa plus an sst2 dev
// split, three seeds, four steps) is run once with dt-sweep; the tables must equal a recomputation from the raw
// per-query predictions read here with HDF5, each step protocol must choose the step it promises, a missing seed
// must show in the coverage, and cells whose configurations disagree must not be averaged.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "../test_support.h"
#include "dt/report/aggregate.h"
#include "dt/report/report_render.h"
#include "dt/report/result_set.h"
#include "dt/results/hdf5_file.h"
#include "dt/util/error.h"
#include "sweep_suite.h"

namespace dt {
namespace {

const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();

class ReportOnSweep : public test::SweepSuite<ReportOnSweep> {
 protected:
  static void SetUpTestSuite() {
    const auto& d = dir();
    std::filesystem::create_directories(d / "jobs");
    std::filesystem::copy(kSource / "jobs" / "sst2.toml", d / "jobs" / "sst2.toml");
    std::filesystem::copy(kSource / "jobs" / "copa.toml", d / "jobs" / "copa.toml");
    // a dev split for sst2: the same card scored on the pool rows, named "<task>-dev"
    auto dev = test::read_file(kSource / "jobs" / "sst2.toml");
    dev.replace(dev.find("name = \"sst2\""), 13, "name = \"sst2-dev\"");
    dev.replace(dev.find("eval = \"sst2/validation.jsonl\""), 30, "eval = \"sst2/train.jsonl\"");
    test::write_file(d / "jobs" / "sst2-dev.toml", dev);
    sweep(d / "results", 0);
    sweep(d / "limited", 4);
  }
  static void sweep(const std::filesystem::path& out, int max_queries) {
    const auto& d = dir();
    std::string config = test::read_file(kSource / "configs" / "smoke.toml");
    auto set = [&](const std::string& key, const std::string& value) {
      const auto start = config.find("\n" + key + " = ") + 1;
      config.replace(start, config.find('\n', start) - start, key + " = " + value);
    };
    set("checkpoints_root", "\"" + (d / "models").string() + "\"");
    set("data_root", "\"" + (kSource / "data" / "sample").string() + "\"");
    set("jobs_dir", "\"" + (d / "jobs").string() + "\"");
    set("tasks", "[\"sst2\", \"sst2-dev\", \"copa\"]");
    set("seeds", "[0, 1, 2]");
    set("shots", "[1]");
    set("steps", "4");
    config += "\n";
    // two of the three models are enough here
    config = config.substr(0, config.find("[[models]]\nname = \"tiny-bloom\"")) +
             config.substr(config.find("[[optimizers]]"));
    if (max_queries > 0) set("batch_size", "32\nmax_queries = " + std::to_string(max_queries));
    test::write_file(d / "sweep.toml", config);
    run_sweep(d / "sweep.toml", out);
  }

  // Accuracy per seed at `step`, recomputed from /predictions and /queries/answer of every matching cell file.
  static std::vector<double> raw_accuracies(const std::string& model, const std::string& task, std::int64_t step,
                                            const char* score) {
    std::vector<double> out;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(dir() / "results" / "cells" / model / task)) {
      const auto h5 = Hdf5File::open_read(entry.path());
      const auto steps = h5.read_int("/steps").values;
      const auto answers = h5.read_int("/queries/answer").values;
      const auto pred = h5.read_int(std::string("/predictions/") + score).values;
      const auto e = static_cast<std::size_t>(std::find(steps.begin(), steps.end(), step) - steps.begin());
      double correct = 0;
      for (std::size_t q = 0; q < answers.size(); ++q) correct += pred[e * answers.size() + q] == answers[q];
      out.push_back(correct / static_cast<double>(answers.size()));
    }
    return out;
  }

  static double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
  }

  static const TaskEntry& entry(const Report& r, const std::string& model, const std::string& task) {
    for (const auto& row : r.rows)
      if (row.model == model) {
        const auto i = static_cast<std::size_t>(std::find(r.tasks.begin(), r.tasks.end(), task) - r.tasks.begin());
        return *row.tasks.at(i);
      }
    throw std::runtime_error("no row " + model);
  }
};

TEST_F(ReportOnSweep, TablesEqualARecomputationFromRawPredictions) {
  const auto results = load_results(dir() / "results");
  ASSERT_EQ(results.cells.size(), 2u * 3 * 3);
  for (auto score : {Score::LmLogP, Score::NormLmLogP}) {
    const auto report = build_report(results, score, StepProtocol::parse("fixed:3"));
    EXPECT_EQ(report.tasks, (std::vector<std::string>{"copa", "sst2"}));  // dev splits are not table columns
    ASSERT_EQ(report.rows.size(), 2u);
    for (const auto& row : report.rows) {
      double icl_sum = 0, dt_sum = 0;
      for (const auto& task : report.tasks) {
        const auto& e = entry(report, row.model, task);
        const auto icl = raw_accuracies(row.model, task, 1, score_name(score).c_str());
        const auto dt = raw_accuracies(row.model, task, 3, score_name(score).c_str());
        ASSERT_EQ(icl.size(), 3u);
        EXPECT_NEAR(e.icl.mean, mean(icl), 1e-12) << row.model << " " << task;
        EXPECT_NEAR(e.dt.mean, mean(dt), 1e-12) << row.model << " " << task;
        double ss = 0;
        for (double x : dt) ss += (x - mean(dt)) * (x - mean(dt));
        EXPECT_NEAR(e.dt.std, std::sqrt(ss / 2), 1e-12);
        EXPECT_EQ(e.dt.n, 3);
        EXPECT_EQ(e.dt.expected, 3);
        EXPECT_EQ(*e.step, 3);
        // the paired comparison: per seed (the same cell's steps 3 and 1), and the interval around the mean gain
        std::int64_t wins = 0, losses = 0;
        for (std::size_t i = 0; i < dt.size(); ++i) wins += dt[i] > icl[i], losses += dt[i] < icl[i];
        ASSERT_TRUE(e.paired.has_value());
        EXPECT_EQ(e.paired->wins, wins);
        EXPECT_EQ(e.paired->losses, losses);
        EXPECT_NEAR(e.gain.mean, mean(dt) - mean(icl), 1e-12);
        EXPECT_LE(e.paired->low, e.gain.mean + 1e-12);
        EXPECT_GE(e.paired->high, e.gain.mean - 1e-12);
        icl_sum += mean(icl);
        dt_sum += mean(dt);
        for (std::size_t i = 0; i < e.trace_steps.size(); ++i)
          EXPECT_NEAR(e.trace[i].mean,
                      mean(raw_accuracies(row.model, task, e.trace_steps[i], score_name(score).c_str())), 1e-12);
      }
      EXPECT_NEAR(*row.icl_average, icl_sum / 2, 1e-12);
      EXPECT_NEAR(*row.dt_average, dt_sum / 2, 1e-12);
    }
    const auto json = render_json(report);
    EXPECT_NEAR(json["rows"][0]["tasks"]["sst2"]["icl"]["mean"].get<double>(),
                entry(report, report.rows[0].model, "sst2").icl.mean, 1e-15);
    EXPECT_NE(render_markdown(report).find("fixed:3"), std::string::npos);
    EXPECT_NE(render_latex(report).find("\\toprule"), std::string::npos);
    EXPECT_NE(render_csv(report).find("model,k,demonstrations,optimizer,task,method,step,mean,std,n,expected"),
              std::string::npos);
  }
}

TEST_F(ReportOnSweep, ProtocolsChooseTheirSteps) {
  const auto results = load_results(dir() / "results");
  const auto oracle = build_report(results, Score::NormLmLogP, StepProtocol::parse("oracle"));
  const auto dev = build_report(results, Score::NormLmLogP, StepProtocol::parse("dev"));
  EXPECT_NE(render_markdown(oracle).find("OPTIMISTIC"), std::string::npos);
  for (const auto& row : oracle.rows) {
    // oracle: argmax over steps of the mean test accuracy, earliest step on ties
    std::int64_t best = 1;
    double best_acc = -1;
    for (std::int64_t t = 1; t <= 4; ++t) {
      const auto m = mean(raw_accuracies(row.model, "sst2", t, "norm_lm_log_p"));
      if (m > best_acc) best_acc = m, best = t;
    }
    EXPECT_EQ(*entry(oracle, row.model, "sst2").step, best) << row.model;
    // dev: argmax over steps of the mean accuracy on sst2-dev; the table value is the test accuracy there
    std::int64_t dev_best = 1;
    double dev_acc = -1;
    for (std::int64_t t = 1; t <= 4; ++t) {
      const auto m = mean(raw_accuracies(row.model, "sst2-dev", t, "norm_lm_log_p"));
      if (m > dev_acc) dev_acc = m, dev_best = t;
    }
    // a copy: GCC >= 13 -Wdangling-reference rejects a reference to the result of a call with a temporary argument
    const TaskEntry e = entry(dev, row.model, "sst2");
    EXPECT_EQ(*e.step, dev_best) << row.model;
    EXPECT_NEAR(e.dt.mean, mean(raw_accuracies(row.model, "sst2", dev_best, "norm_lm_log_p")), 1e-12);
    // copa has no dev split: no step, said in the notes, no average for the row
    EXPECT_FALSE(entry(dev, row.model, "copa").step.has_value());
    EXPECT_FALSE(dev.rows[0].dt_average.has_value());
  }
  bool noted = false;
  for (const auto& n : dev.notes) noted |= n.find("copa: no dev results") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST_F(ReportOnSweep, MissingSeedShowsInCoverage) {
  test::TempDir copy;
  std::filesystem::copy(dir() / "results", copy / "results", std::filesystem::copy_options::recursive);
  std::filesystem::remove(copy / "results" / "cells" / "tiny-gpt2" / "copa" / "s1_k1_mom0.01-0.9_T4.h5");
  const auto report = build_report(load_results(copy / "results"), Score::LmLogP, StepProtocol::parse("fixed:2"));
  const TaskEntry e = entry(report, "tiny-gpt2", "copa");
  EXPECT_EQ(e.icl.n, 2);
  EXPECT_EQ(e.icl.expected, 3);
  const auto md = render_markdown(report);
  EXPECT_NE(md.find("(2/3)"), std::string::npos) << md;
  EXPECT_NE(md.find("| 5/6 |"), std::string::npos) << md;  // the row's coverage: 5 of 6 cells
  bool noted = false;
  for (const auto& n : report.notes) noted |= n.find("tiny-gpt2 k=1 copa: 2 of 3 seeds found") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST_F(ReportOnSweep, RefusesToAverageCellsWithDifferentConfigurations) {
  test::TempDir copy;
  std::filesystem::copy(dir() / "results", copy / "results", std::filesystem::copy_options::recursive);
  const auto cell = std::filesystem::path("cells") / "tiny-llama" / "sst2" / "s2_k1_mom0.01-0.9_T4.h5";
  std::filesystem::copy(dir() / "limited" / cell, copy / "results" / cell,
                        std::filesystem::copy_options::overwrite_existing);
  try {
    build_report(load_results(copy / "results"), Score::LmLogP, StepProtocol::parse("fixed:2"));
    FAIL() << "averaged cells with different query limits";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("refusing to average"), std::string::npos) << e.what();
  }
}

TEST(StepProtocol, ParsesAndRejects) {
  EXPECT_EQ(StepProtocol::parse("fixed:7").step, 7);
  EXPECT_EQ(StepProtocol::parse("dev").kind, StepProtocol::Kind::Dev);
  EXPECT_THROW(StepProtocol::parse("fixed:0"), Error);
  EXPECT_THROW(StepProtocol::parse("best"), Error);
}

}  // namespace
}  // namespace dt
