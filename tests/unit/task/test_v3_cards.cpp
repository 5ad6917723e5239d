// The later code's card features: BBH option parsing (hand-worked rows, including the regex's corner cases),
// remove_suffix, the row filters and their line numbers, per-draw seeding, base_shots, the exemplar-method override
// and suite files. The whole cards are checked against the authors' classes in golden.v3_tasks.
#include <gtest/gtest.h>

#include "../test_support.h"
#include "dt/data/python_random.h"
#include "dt/task/bbh_options.h"
#include "dt/task/cell_prompts.h"
#include "dt/task/row_preparation.h"
#include "dt/task/task_card.h"
#include "dt/task/task_suite.h"
#include "dt/util/error.h"

namespace dt {
namespace {

nlohmann::json bbh(const std::string& input, const std::string& target) {
  return parse_bbh_options({{"input", input}, {"target", target}}, "f:1");
}

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(BbhOptions, SplitsQueryOptionsAndAnswer) {
  const auto row = bbh("Which?\nOptions:\n(A) red \n(B) blue\nnot an option\n(C)  green", "(B)");
  EXPECT_EQ(row["query"], "Which?");
  EXPECT_EQ(row["options"], nlohmann::json({"red", "blue", "green"}));
  EXPECT_EQ(row["answer_index"], 1);
}

TEST(BbhOptions, FollowsTheRegexAndTheSubstringTest) {
  // \w* eats word characters after ")", but leaves one for group 2: "(A)text" is the option "t"
  EXPECT_EQ(bbh("q\nOptions:\n(A)text\n(B) x", "(B)")["options"], nlohmann::json({"t", "x"}));
  // a lazy key: the first ")" that leaves something after it; "(A)" alone is not an option
  EXPECT_EQ(bbh("q\nOptions:\n(A)\n(B)) y\n(C) z", "(C)")["options"], nlohmann::json({") y", "z"}));
  // the answer is the first option with the text of the last key found in the target
  EXPECT_EQ(bbh("q\nOptions:\n(A) same\n(B) other\n(C) same", "(C)")["answer_index"], 0);
  // "A" occurs in "(A)" only; no key in the target leaves the answer null
  EXPECT_TRUE(bbh("q\nOptions:\n(A) a\n(B) b", "(E)")["answer_index"].is_null());
  // the query keeps its whitespace (the card strips it); only the last "\nOptions:\n" would be cut, but two are an
  // error
  EXPECT_EQ(bbh(" q \nOptions:\n(A) a", "(A)")["query"], " q ");
  EXPECT_NE(error_of([] { bbh("q\nOptions:\n(A) a\nOptions:\n(B) b", "(A)"); }).find("more than once"),
            std::string::npos);
  EXPECT_NE(error_of([] { bbh("q (A) a", "(A)"); }).find("f:1"), std::string::npos);
}

TEST(TextTemplate, RemoveSuffixIsStrRemovesuffix) {
  const nlohmann::json row = {{"a", "Is it?\nOptions:\n- Yes\n- No"}};
  EXPECT_EQ(TextTemplate("{a|remove_suffix:Options:\n- Yes\n- No|strip}", "t").render(row, nullptr, "r"), "Is it?");
  EXPECT_EQ(TextTemplate("{a|remove_suffix:- Maybe}", "t").render(row, nullptr, "r"), row["a"].get<std::string>());
}

constexpr const char* kMcCard = R"(name = "mc"
[data]
eval = "eval.jsonl"
pool = "pool.jsonl"
choice_count = 2
skip_answers = ["9"]
[format]
prompt = "{q}"
completion = " {choice}"
[choices]
column = "c"
answer = "{a}"
[demonstrations]
method = "random"
base_shots = 2
seeding = "per-draw"
)";

TEST(RowPreparation, DropsRowsAndKeepsTheirLines) {
  test::TempDir dir;
  test::write_file(dir / "mc.toml", kMcCard);
  const auto card = load_task_card(dir / "mc.toml");
  JsonlFile file{dir / "eval.jsonl", {}, {}};
  file.rows = {{{"q", "a"}, {"c", {"x", "y", "z"}}, {"a", 0}},  // 3 choices: dropped
               {{"q", "b"}, {"c", {"x", "y"}}, {"a", 9}},       // answer 9: dropped
               {{"q", "c"}, {"c", {"x", "y"}}, {"a", 1}},
               {{"q", "d"}, {"c", {"x", "y"}}, {"a", 0}}};
  const auto kept = prepare_rows(card, file);
  ASSERT_EQ(kept.rows.size(), 2u);
  EXPECT_EQ(kept.rows[0]["q"], "c");
  EXPECT_EQ(row_location(kept, 1), (dir / "eval.jsonl").string() + ":4");  // errors name the file's line
  file.rows.push_back({{"q", "e"}, {"c", {"x", "y"}}});
  EXPECT_NE(error_of([&] { prepare_rows(card, file); }).find("eval.jsonl:5: missing column 'a'"), std::string::npos);
}

TEST(CellSelection, PerDrawSeedingAndBaseShots) {
  test::TempDir dir;
  test::write_file(dir / "mc.toml", kMcCard);
  std::string eval, pool;
  for (int i = 0; i < 30; ++i)
    eval += R"({"q": "e)" + std::to_string(i) +
            R"(", "c": ["x", "y"], "a": 0})"
            "\n";
  for (int i = 0; i < 12; ++i)
    pool += R"({"q": "p)" + std::to_string(i) +
            R"(", "c": ["x", "y"], "a": 1})"
            "\n";
  test::write_file(dir / "eval.jsonl", eval);
  test::write_file(dir / "pool.jsonl", pool);
  auto card = load_task_card(dir / "mc.toml");
  card.eval_sample = 10;
  const auto data = load_task_data(card, dir.path());
  const auto picked = select_cell(card, data, 7, 3);
  // per-draw: each draw from a fresh random.Random(7); base_shots 2 x k 3 rows
  EXPECT_EQ(picked.eval_sample_indices, PythonRandom(7).sample(30, 10));
  EXPECT_EQ(picked.demo_pool_indices, PythonRandom(7).sample(12, 6));
  card.per_draw_seeding = false;  // one stream: the demonstrations follow the eval sample
  PythonRandom stream(7);
  stream.sample(30, 10);
  EXPECT_EQ(select_cell(card, data, 7, 3).demo_pool_indices, stream.sample(12, 6));
  // the authors' --exemplar_method random draws k rows, whatever the card's base_shots
  EXPECT_EQ(select_cell(with_exemplar_method(card, "random"), data, 7, 3).demo_pool_indices.size(), 3u);
  EXPECT_NE(error_of([&] { with_exemplar_method(card, "written"); }).find("writes no demonstrations"),
            std::string::npos);
  EXPECT_NE(error_of([&] { with_exemplar_method(card, "best"); }).find("unknown exemplar method"), std::string::npos);
}

TEST(CellSelection, PerDrawWrittenRowsAreSampledBySeed) {
  const auto card = load_task_card(std::filesystem::path(DT_TEST_JOBS_DIR) / "bbh" / "navigate.toml");
  ASSERT_EQ(card.written_rows.size(), 3u);
  TaskData data{{"e", {card.written_rows[0]}, {}}, {card.file, card.written_rows, {}}, {0, 0, 0}};
  EXPECT_EQ(select_cell(card, data, 42, 3).demo_pool_indices, PythonRandom(42).sample(3, 3));
  EXPECT_NE(error_of([&] { select_cell(card, data, 42, 4); }).find("writes only 3"), std::string::npos);
}

TEST(TaskSuites, ShippedSuitesNameShippedCards) {
  const std::filesystem::path jobs = DT_TEST_JOBS_DIR;
  const auto suites = load_task_suites(jobs / "suites");
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0].name, "bbh");
  EXPECT_EQ(suites[0].tasks.size(), 22u);
  EXPECT_EQ(suites[1].name, "mmlu");
  EXPECT_EQ(suites[1].tasks.size(), 57u);
  std::size_t categorised = 0;
  for (const auto& category : suites[1].categories) categorised += category.tasks.size();
  EXPECT_EQ(suites[1].categories.size(), 4u);
  EXPECT_EQ(categorised, 57u);
  for (const auto& suite : suites)
    for (const auto& task : suite.tasks)
      EXPECT_EQ(load_task_card(jobs / (task + ".toml")).name, std::filesystem::path(task).filename());
}

TEST(TaskSuites, BadSuitesAreOneErrorNamingTheFile) {
  test::TempDir dir;
  test::write_file(dir / "s.toml",
                   "name = \"s\"\ntasks = [\"a\", \"b\"]\n[[categories]]\nname = \"C\"\ntasks = [\"c\"]\n");
  EXPECT_NE(error_of([&] { load_task_suite(dir / "s.toml"); }).find("'c' is not one of the suite's tasks"),
            std::string::npos);
  test::write_file(dir / "s.toml", "name = \"s\"\ntasks = [\"x/a\", \"y/a\"]\n");
  EXPECT_NE(error_of([&] { load_task_suite(dir / "s.toml"); }).find("listed twice"), std::string::npos);
  test::write_file(dir / "s.toml", "name = \"s\"\ntasks = [\"a\"]\nextra = 1\n");
  EXPECT_NE(error_of([&] { load_task_suite(dir / "s.toml"); }).find("s.toml"), std::string::npos);
}

}  // namespace
}  // namespace dt
