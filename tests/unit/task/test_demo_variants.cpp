// The baselines' demonstrations (cell/demo_variant.h) and the content-free queries of the calibrated score: repeat:R
// writes the same demonstration string R times, flipped replaces each demonstration's answer by CPython's
// random.Random(seed).choice(<the other indices>) (expected values printed by CPython 3.11), k = 0 has no
// demonstration but the same queries, and a content-free query is the prompt with every column it reads set to
// "N/A" (Zhao et al. 2021), its choices kept.
#include <gtest/gtest.h>

#include "../test_support.h"
#include "dt/task/cell_prompts.h"
#include "dt/task/demo_variant.h"
#include "dt/task/task_card.h"
#include "dt/util/error.h"

namespace dt {
namespace {

const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();

TEST(DemoVariant, ParsesWhatItNamesAndRejectsTheRest) {
  for (const char* text : {"plain", "repeat:2", "repeat:17", "flipped"})
    EXPECT_EQ(DemoVariant::parse(text, "x").name(), text);
  EXPECT_EQ(DemoVariant::parse("repeat:3", "x").repeats, 3);
  EXPECT_EQ(DemoVariant::parse("repeat:3", "x").label(), "repeat\u00d73");
  for (const char* bad : {"repeat:1", "repeat:0", "repeat:", "repeat:x", "repeat:-2", "repeat:99999999", "flip", ""}) {
    try {
      DemoVariant::parse(bad, "config.toml: key 'sweep.demonstrations'");
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind("config.toml: key 'sweep.demonstrations': ", 0), 0u) << e.what();
    }
  }
}

TEST(DemoVariant, FlippedAnswersAreCPythonsChoiceAmongTheOtherIndices) {
  std::vector<Example> demos;
  for (std::int64_t gold : {0, 2, 3, 1, 1})
    demos.push_back({0, "p", {"a", "b", "c", "d"}, {" a", " b", " c", " d"}, gold});
  // CPython 3.11: r = random.Random(seed); [r.choice([c for c in range(4) if c != g]) for g in (0, 2, 3, 1, 1)]
  EXPECT_EQ(flipped_answers(demos, 0, "x"), (std::vector<std::int64_t>{2, 1, 0, 2, 3}));
  EXPECT_EQ(flipped_answers(demos, 3, "x"), (std::vector<std::int64_t>{1, 3, 2, 0, 2}));
  EXPECT_EQ(flipped_answers(demos, 12345, "x"), (std::vector<std::int64_t>{2, 3, 0, 2, 2}));
  demos.push_back({7, "p", {"only"}, {" only"}, 0});
  EXPECT_THROW(flipped_answers(demos, 0, "x"), Error);
}

TEST(DemoVariant, RepeatedFlippedAndZeroShotPromptsKeepTheSelections) {
  const auto card = load_task_card(kSource / "jobs" / "sst2.toml");
  const auto data = load_task_data(card, kSource / "data" / "sample");
  for (std::uint64_t seed : {0, 1, 5}) {
    const auto plain = build_cell_prompts(card, data, seed, 2, 0);
    const auto twice = build_cell_prompts(card, data, seed, 2, 0, 0, DemoVariant::parse("repeat:2", "x"));
    const auto flipped = build_cell_prompts(card, data, seed, 2, 0, 0, DemoVariant::parse("flipped", "x"));
    const auto zero = build_cell_prompts(card, data, seed, 0, 0);
    EXPECT_EQ(twice.demonstration, plain.demonstration + plain.demonstration);
    for (const auto* p : {&twice, &flipped, &zero}) {
      EXPECT_EQ(p->eval_sample_indices, plain.eval_sample_indices);
      ASSERT_EQ(p->queries.size(), plain.queries.size());
      for (std::size_t q = 0; q < plain.queries.size(); ++q) EXPECT_EQ(p->queries[q].prompt, plain.queries[q].prompt);
    }
    EXPECT_EQ(flipped.demo_pool_indices, plain.demo_pool_indices);
    ASSERT_EQ(flipped.demo_gold_answers.size(), plain.demonstrations.size());
    std::string expected;
    for (std::size_t d = 0; d < plain.demonstrations.size(); ++d) {
      EXPECT_EQ(flipped.demo_gold_answers[d], plain.demonstrations[d].answer);
      EXPECT_EQ(flipped.demonstrations[d].answer, 1 - plain.demonstrations[d].answer);  // two labels: the other one
      expected += plain.demonstrations[d].prompt +
                  flipped.demonstrations[d].completions[static_cast<std::size_t>(1 - plain.demonstrations[d].answer)] +
                  card.separator;
    }
    EXPECT_EQ(flipped.demonstration, expected);
    EXPECT_TRUE(zero.demonstration.empty());
    EXPECT_TRUE(zero.demonstrations.empty());
  }
}

// Order r shows the same demonstrations (flipped labels travelling with theirs) in the r-th CPython shuffle of a
// fresh list on random.Random(seed): for seed 1 and 4 demonstrations, [3, 0, 2, 1] then [3, 1, 0, 2].
TEST(DemoOrder, ShowsTheSameDemonstrationsInCPythonsShuffledOrder) {
  const auto card = load_task_card(kSource / "jobs" / "sst2.toml");
  const auto data = load_task_data(card, kSource / "data" / "sample");
  const auto flipped = DemoVariant::parse("flipped", "x");
  const auto plain = build_cell_prompts(card, data, 1, 2, 0, 3, flipped);
  ASSERT_EQ(plain.demonstrations.size(), 4u);
  EXPECT_EQ(build_cell_prompts(card, data, 1, 2, 0, 3, flipped, 0).demonstration, plain.demonstration);
  const std::vector<std::vector<std::size_t>> orders = {{3, 0, 2, 1}, {3, 1, 0, 2}};
  for (std::size_t r = 1; r <= orders.size(); ++r) {
    const auto shown = build_cell_prompts(card, data, 1, 2, 0, 3, flipped, static_cast<std::int64_t>(r));
    std::string expected;
    for (std::size_t d = 0; d < 4; ++d) {
      const auto from = orders[r - 1][d];
      EXPECT_EQ(shown.demo_pool_indices[d], plain.demo_pool_indices[from]);
      EXPECT_EQ(shown.demonstrations[d].answer, plain.demonstrations[from].answer);
      EXPECT_EQ(shown.demo_gold_answers[d], plain.demo_gold_answers[from]);
      expected += plain.demonstration_pieces[from];
    }
    EXPECT_EQ(shown.demonstration, expected);
    EXPECT_EQ(shown.dev_pool_indices, plain.dev_pool_indices);  // the dev split does not depend on the order
    EXPECT_EQ(shown.eval_sample_indices, plain.eval_sample_indices);
  }
}

TEST(ContentFree, EveryColumnThePromptReadsBecomesNA) {
  const auto sst2 = load_task_card(kSource / "jobs" / "sst2.toml");
  const auto row = nlohmann::json{{"sentence", " a fine film "}, {"label", 1}};
  const auto cf = make_content_free_example(sst2, row, 4, "x");
  ASSERT_TRUE(cf);
  EXPECT_EQ(cf->prompt, "Review: N/A\nSentiment:");
  EXPECT_EQ(cf->completions, (std::vector<std::string>{" negative", " positive"}));
  EXPECT_EQ(cf->row, 4);
  const auto copa = load_task_card(kSource / "jobs" / "copa.toml");
  const auto copa_row = nlohmann::json{{"premise", "The man fell."},
                                       {"question", "cause"},
                                       {"choice1", "He slipped."},
                                       {"choice2", "He sang."},
                                       {"label", 0}};
  const auto copa_cf = make_content_free_example(copa, copa_row, 0, "x");
  ASSERT_TRUE(copa_cf);
  EXPECT_EQ(copa_cf->prompt, "N/A therefore");  // "N/A" is neither cause nor effect: the map's fallback
  EXPECT_EQ(copa_cf->choices, (std::vector<std::string>{"He slipped.", "He sang."}));
}

TEST(ContentFree, APromptThatNeedsARealValueHasNone) {
  test::TempDir dir;
  test::write_file(dir / "card.toml", R"(name = "t"
[data]
eval = "e.jsonl"
pool = "p.jsonl"
[format]
prompt = "Q: {q|map:a=first,b=second}"
completion = " {choice}"
[choices]
words = ["x", "y"]
answer = "{label}"
)");
  const auto card = load_task_card(dir / "card.toml");
  EXPECT_TRUE(make_example(card, {{"q", "a"}, {"label", 0}}, 0, "x").prompt == "Q: first");
  EXPECT_FALSE(make_content_free_example(card, {{"q", "a"}, {"label", 0}}, 0, "x"));
}

}  // namespace
}  // namespace dt
