// Query by query: fixed/broken counts and the exact McNemar p against cases worked out by hand from hand-built cell
// summaries, and the text and flat columns of --samples rebuilt from a hand-written task card and data file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "dt/report/aggregate.h"
#include "dt/report/query_outcomes.h"
#include "dt/report/query_samples.h"
#include "dt/report/query_texts.h"
#include "dt/util/error.h"

namespace dt {
namespace {

constexpr const char* kMomentum = R"({"kind":"momentum","momentum":0.9,"step_size":0.01})";

// A cell evaluated at steps 1, 2, 3 whose lm_log_p (and norm_lm_log_p) correctness is `icl` at step 1 and `dt` at
// steps 2 and 3; gold is choice 0 of two, so a wrong query predicted choice 1.
CellSummary cell(const std::string& optimizer, std::uint64_t seed, const std::vector<std::uint8_t>& icl,
                 const std::vector<std::uint8_t>& dt) {
  CellSummary c;
  c.file = "cells/m/t/s" + std::to_string(seed) + ".h5";
  c.model = "m";
  c.task = "t";
  c.optimizer = optimizer;
  c.seed = seed;
  c.k = 1;
  c.steps = {1, 2, 3};
  c.queries = static_cast<std::int64_t>(icl.size());
  c.answers.assign(icl.size(), 0);
  c.num_choices.assign(icl.size(), 2);
  for (std::size_t q = 0; q < icl.size(); ++q) c.eval_rows.push_back(static_cast<std::int64_t>(q));
  for (const auto* arm : {&icl, &dt, &dt}) {
    double right = 0;
    std::vector<std::int64_t> predicted;
    for (auto r : *arm) {
      right += r;
      predicted.push_back(r ? 0 : 1);
    }
    for (const char* score : {"lm_log_p", "norm_lm_log_p"}) {
      c.correct[score].push_back(*arm);
      c.predictions[score].push_back(predicted);
    }
    c.accuracy_lm.push_back(right / static_cast<double>(arm->size()));
    c.accuracy_norm.push_back(c.accuracy_lm.back());
  }
  return c;
}

ResultSet two_seeds_and_a_baseline() {
  ResultSet set;
  set.root = "results";
  // seed 0: fixed q0 q1 q2, broken q4, right q3, wrong q5; seed 1: fixed q0 q1, right q2 q3.
  set.cells.push_back(cell(kMomentum, 0, {0, 0, 0, 1, 1, 0}, {1, 1, 1, 1, 0, 0}));
  set.cells.push_back(cell(kMomentum, 1, {0, 0, 1, 1}, {1, 1, 1, 1}));
  set.cells.push_back(cell("null", 0, {1, 0}, {0, 1}));  // scored once: no Deep-Thinking arm
  return set;
}

TEST(McNemarExact, MatchesTheBinomialTailWorkedByHand) {
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(0, 0), 1.0);
  EXPECT_NEAR(mcnemar_exact_p(5, 1), 2.0 * (1 + 6) / 64, 1e-12);        // 0.21875
  EXPECT_NEAR(mcnemar_exact_p(1, 5), 0.21875, 1e-12);                   // symmetric
  EXPECT_NEAR(mcnemar_exact_p(10, 0), 2.0 / 1024, 1e-12);               // 2 * 0.5^10
  EXPECT_NEAR(mcnemar_exact_p(7, 2), 2.0 * (1 + 9 + 36) / 512, 1e-12);  // 0.1796875
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(3, 3), 1.0);                         // 2 * 42/64 > 1: capped
  EXPECT_NEAR(mcnemar_exact_p(2000, 1000), 0.0, 1e-60);                 // large n stays finite
}

TEST(QueryOutcomes, CountsSumOverSeedsAndSkipTheBaseline) {
  const auto set = two_seeds_and_a_baseline();
  const auto report = build_report(set, Score::LmLogP, StepProtocol::parse("fixed:3"));
  const auto outcomes = query_outcomes(report, set);
  ASSERT_EQ(outcomes.size(), 1u);
  const auto& o = outcomes.front();
  EXPECT_FALSE(o.row->scored_once());
  EXPECT_EQ(o.task, "t");
  EXPECT_EQ(o.seeds, 2);
  EXPECT_EQ(o.counts.fixed, 5);
  EXPECT_EQ(o.counts.broken, 1);
  EXPECT_EQ(o.counts.unchanged_right, 3);
  EXPECT_EQ(o.counts.unchanged_wrong, 1);
  EXPECT_NEAR(o.counts.mcnemar_p(), 0.21875, 1e-12);
  ASSERT_EQ(o.broken.size(), 1u);
  EXPECT_EQ(o.broken[0].query, 4);
  EXPECT_EQ(o.broken[0].dt_step, 3);
  ASSERT_EQ(o.fixed.size(), 5u);
  EXPECT_EQ(o.fixed[3].cell->seed, 1u);
  EXPECT_EQ(o.fixed[3].query, 0);
}

TEST(QueryOutcomes, AStepThatWasNotEvaluatedCountsNothingAndSaysSo) {
  const auto set = two_seeds_and_a_baseline();
  const auto report = build_report(set, Score::LmLogP, StepProtocol::parse("fixed:5"));
  const auto outcomes = query_outcomes(report, set);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].seeds, 0);
  EXPECT_EQ(outcomes[0].counts.total(), 0);
  EXPECT_NE(outcomes[0].note.find("no lm_log_p predictions"), std::string::npos);
}

// A card and a data file of two rows in a fresh directory; the cells point at them.
struct TextFixture : ::testing::Test {
  std::filesystem::path dir;
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() / ("dt-query-texts-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "card.toml") << "name = \"t\"\n[data]\neval = \"eval.jsonl\"\npool = \"eval.jsonl\"\n"
                                     << "[format]\nprompt = \"Q: {text}\\nA:\"\ncompletion = \" {choice}\"\n"
                                     << "[choices]\nwords = [\"yes\", \"no\"]\nanswer = \"{label}\"\n";
    std::ofstream(dir / "eval.jsonl") << "{\"text\": \"first\", \"label\": 0}\n{\"text\": \"second\", \"label\": 0}\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  CellSummary text_cell(const std::string& optimizer) {
    auto c = cell(optimizer, 0, {0, 1}, {1, 1});
    c.task_card = dir / "card.toml";
    c.eval_data = dir / "eval.jsonl";
    return c;
  }
};

TEST_F(TextFixture, SamplesCarryTheRebuiltTextAndBothArms) {
  ResultSet set;
  set.root = "results";
  set.cells.push_back(text_cell(kMomentum));
  set.cells.back().file = "results/cells/m/t/s0.h5";
  set.cells.back().choice_scores["lm_log_p"] = {
      {{-1.0, -0.5}, {-0.25, -2.0}}, {{-0.5, -1.0}, {-0.5, -1.5}}, {{-0.5, -1.0}, {-0.5, -1.5}}};
  const auto report = build_report(set, Score::LmLogP, StepProtocol::parse("fixed:2"));
  QueryTexts texts;
  const auto text = render_query_samples(set, report, texts);
  const auto newline = text.find('\n');
  ASSERT_NE(newline, std::string::npos);
  const auto first = nlohmann::json::parse(text.substr(0, newline));
  EXPECT_EQ(first["prompt"], "Q: first\nA:");
  EXPECT_EQ(first["choices"], nlohmann::json::array({"yes", "no"}));
  EXPECT_EQ(first["gold"], 0);
  EXPECT_EQ(first["icl_prediction"], 1);
  EXPECT_EQ(first["icl_correct"], false);
  EXPECT_EQ(first["dt_step"], 2);
  EXPECT_EQ(first["dt_prediction"], 0);
  EXPECT_EQ(first["dt_correct"], true);
  EXPECT_EQ(first["scores"]["lm_log_p"], nlohmann::json::parse("[[-1.0, -0.5], [-0.5, -1.0], [-0.5, -1.0]]"));
  EXPECT_EQ(first["predictions"]["lm_log_p"], nlohmann::json::parse("[1, 0, 0]"));
  EXPECT_EQ(first["cell_file"], "cells/m/t/s0.h5");
  const auto second = nlohmann::json::parse(text.substr(newline + 1, text.find('\n', newline + 1) - newline - 1));
  EXPECT_EQ(second["prompt"], "Q: second\nA:");
  EXPECT_EQ(second["icl_correct"], true);
}

TEST_F(TextFixture, AMissingCardIsOneLineNamingIt) {
  auto c = text_cell(kMomentum);
  std::filesystem::remove(dir / "card.toml");
  QueryTexts texts;
  try {
    texts.query(c, 0);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string line = error_line(e);
    EXPECT_NE(line.find((dir / "card.toml").string()), std::string::npos) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  }
}

TEST_F(TextFixture, ChangedDataIsAnErrorNotAWrongText) {
  auto c = text_cell(kMomentum);
  c.answers = {1, 0};  // the cell scored gold "no" for row 0; the file now says "yes"
  QueryTexts texts;
  EXPECT_THROW(texts.query(c, 0), Error);
  c.eval_rows = {0, 7};
  c.answers = {0, 0};
  EXPECT_THROW(texts.query(c, 1), Error);
}

}  // namespace
}  // namespace dt
