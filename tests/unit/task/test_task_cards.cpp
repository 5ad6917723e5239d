// Task cards: the template language, Python's strip, every shipped card loads, each task's rows become the
// prompts the data README describes, and bad cards / data lines are one clear error naming file and key / line.
#include <gtest/gtest.h>

#include "../test_support.h"
#include "dt/task/cell_prompts.h"
#include "dt/task/example.h"
#include "dt/task/jsonl.h"
#include "dt/task/python_strings.h"
#include "dt/task/task_card.h"
#include "dt/util/error.h"

namespace dt {
namespace {

std::filesystem::path jobs() { return DT_TEST_JOBS_DIR; }

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(PythonStrip, StripsUnicodeWhitespaceLikePython) {
  EXPECT_EQ(python_strip("  a b \t\n"), "a b");
  EXPECT_EQ(python_strip("\u00a0x\u2028"), "x");      // NBSP and LINE SEPARATOR are whitespace in Python
  EXPECT_EQ(python_strip("\u200bx"), "\u200bx");      // ZERO WIDTH SPACE is not
  EXPECT_EQ(python_strip("\x1c\x1fy\xc2\x85"), "y");  // file/unit separators and NEL are
  EXPECT_EQ(python_strip(""), "");
  EXPECT_EQ(python_strip(" \t "), "");
}

TEST(TextTemplate, RendersColumnsFiltersAndChoice) {
  const auto row =
      nlohmann::json::parse(R"({"a": " Hi. ", "n": 3, "q": "cause", "s": "x _ y", "k": "C", "o": {"t": "deep"}})");
  const std::string choice = "yes";
  EXPECT_EQ(TextTemplate("<{a|strip}> {{lit}} {n}", "t").render(row, nullptr, "r"), "<Hi.> {lit} 3");
  EXPECT_EQ(TextTemplate("{a|strip|drop_final_period}!", "t").render(row, nullptr, "r"), "Hi!");
  EXPECT_EQ(TextTemplate("{q|map:cause=because,*=therefore}", "t").render(row, nullptr, "r"), "because");
  EXPECT_EQ(TextTemplate("{s|before:_|strip}|{s|after:_|strip}", "t").render(row, nullptr, "r"), "x|y");
  EXPECT_EQ(TextTemplate("{k|index_from_letter}", "t").render(row, nullptr, "r"), "2");
  EXPECT_EQ(TextTemplate("{n|index_from_one}", "t").render(row, nullptr, "r"), "2");
  EXPECT_EQ(TextTemplate("{o.t} {choice}", "t").render(row, &choice, "r"), "deep yes");
}

TEST(TextTemplate, ErrorsNameTheTemplateOrTheRow) {
  EXPECT_NE(
      error_of([] { TextTemplate("{a|upper}", "card.toml: key 'format.prompt'"); }).find("unknown filter 'upper'"),
      std::string::npos);
  EXPECT_NE(error_of([] { TextTemplate("{a", "w"); }).find("unclosed"), std::string::npos);
  EXPECT_NE(error_of([] { TextTemplate("{a|map}", "w"); }).find("needs an argument"), std::string::npos);
  const auto row = nlohmann::json::parse(R"({"a": "x"})");
  const auto e = error_of([&] { TextTemplate("{b}", "w").render(row, nullptr, "data.jsonl:7"); });
  EXPECT_NE(e.find("data.jsonl:7"), std::string::npos);
  EXPECT_NE(e.find("missing column 'b'"), std::string::npos);
  EXPECT_NE(error_of([&] { TextTemplate("{a|map:y=z}", "w").render(row, nullptr, "r"); }).find("no entry"),
            std::string::npos);
}

TEST(TaskCards, EveryShippedCardLoads) {
  int count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(jobs())) {
    if (entry.path().extension() != ".toml" || entry.path().parent_path().filename() == "suites") continue;
    const auto card = load_task_card(entry.path());
    EXPECT_EQ(card.name, entry.path().stem().string());
    ++count;
  }
  EXPECT_EQ(count, 10 + 11 + 57 + 22);  // v1's ten, the later code's other eleven, MMLU's subjects, BBH's tasks
}

struct TaskRow {
  std::string task, row, prompt, gold_text;
  std::size_t choices;
  std::int64_t answer;
};

// Expected strings written from ../shared/data/README.md's "Prompt formats" table.
const TaskRow kRows[] = {
    {"sst2", R"({"sentence": "a gorgeous film ", "label": 1, "idx": 0})",
     "Review: a gorgeous film\nSentiment:", "Review: a gorgeous film\nSentiment: positive", 2, 1},
    {"sst5", R"({"text": " dull ", "label": 0, "label_text": "very negative"})",
     "Review: dull\nSentiment:", "Review: dull\nSentiment: terrible", 5, 0},
    {"mr", R"({"text": "fine", "label": 0})", "Review: fine\nSentiment:", "Review: fine\nSentiment: negative", 2, 0},
    {"agnews", R"({"text": "Stocks rally", "label": 3})",
     "Article: Stocks rally\nCategory:", "Article: Stocks rally\nCategory: Technology", 4, 3},
    {"trec", R"({"text": "Who was Galileo ?", "coarse_label": 3, "fine_label": 31})",
     "Question: Who was Galileo ?\nType:", "Question: Who was Galileo ?\nType: Person", 6, 3},
    {"copa",
     R"({"premise": "The man turned on the faucet.", "choice1": "The toilet filled.", "choice2": "Water flowed.", "question": "effect", "idx": 1, "label": 1})",
     "The man turned on the faucet therefore", "The man turned on the faucet therefore Water flowed.", 2, 1},
    {"copa", R"({"premise": "I fell", "choice1": "A", "choice2": "B", "question": "cause", "idx": 2, "label": 0})",
     "I fell because", "I fell because A", 2, 0},
    {"hellaswag",
     R"({"ind": 4, "activity_label": "x", "ctx_a": "A man", "ctx_b": "he", "ctx": "A man sits. he", "endings": ["runs.", "sleeps.", "eats.", "reads."], "source_id": "s", "split": "val", "split_type": "indomain", "label": "2"})",
     "A man sits. he", "A man sits. he eats.", 4, 2},
    {"obqa",
     R"({"id": "7-1", "question_stem": "The sun is", "choices": {"text": ["cold", "hot", "wet", "blue"], "label": ["A", "B", "C", "D"]}, "answerKey": "B"})",
     "The sun is", "The sun is hot.", 4, 1},
    {"qasc",
     R"({"id": "q", "question": "What do plants need?", "choices": {"text": ["a", "b", "c", "d", "e", "light", "g", "h"], "label": ["A","B","C","D","E","F","G","H"]}, "answerKey": "F", "fact1": "", "fact2": "", "combinedfact": "", "formatted_question": ""})",
     "What do plants need?", "What do plants need? light", 8, 5},
    {"winogrande",
     R"({"sentence": "Ian helped Dennis because _ was kind.", "option1": "Ian", "option2": "Dennis", "answer": "1"})",
     "Ian helped Dennis because", "Ian helped Dennis because Ian was kind.", 2, 0},
};

TEST(TaskCards, RowsBecomeTheReferencePrompts) {
  for (const auto& t : kRows) {
    const auto card = load_task_card(jobs() / (t.task + ".toml"));
    const auto ex = make_example(card, nlohmann::json::parse(t.row), 0, t.task + ":1");
    EXPECT_EQ(ex.prompt, t.prompt) << t.task;
    EXPECT_EQ(ex.choices.size(), t.choices) << t.task;
    EXPECT_EQ(ex.answer, t.answer) << t.task;
    EXPECT_EQ(ex.solved(), t.gold_text) << t.task;
  }
}

TEST(TaskCards, BadCardsNameFileAndKey) {
  test::TempDir dir;
  const auto base = test::read_file(jobs() / "sst2.toml");
  auto check = [&](const std::string& contents, const std::string& needle) {
    test::write_file(dir / "card.toml", contents);
    const auto e = error_of([&] { load_task_card(dir / "card.toml"); });
    EXPECT_NE(e.find((dir / "card.toml").string()), std::string::npos) << e;
    EXPECT_NE(e.find(needle), std::string::npos) << e;
    return e;
  };
  check("extra = 1\n" + base, "key 'extra': unknown key");
  check("name = \"x\"\n[data]\neval = \"e\"\npool = \"p\"\n", "missing section [format]");
  check(base.substr(0, base.find("[choices]")) +
            "[choices]\ncolumns = [\"a\", \"b\"]\nanswer = \"{label}\"\n[demonstrations]\nmethod = \"stratified\"\n",
        "stratified selection needs fixed label words");
  check("name = \"x\"\n[data\n", "malformed TOML");
  const auto words = base.find("words = [");
  const auto words_end = base.find('\n', words);
  EXPECT_EQ(check(std::string(base).replace(words, words_end - words, "words = [\"good\", \"bad\", \"good\"]"),
                  "key 'choices.words': entries 0 and 2 are both \"good\"")
                .find('\n'),
            std::string::npos);
  EXPECT_EQ(check(std::string(base).replace(words, words_end - words, "words = [\"a\\nb\", \"a\\nb\"]"),
                  "entries 0 and 1 are both \"a\\nb\": equal choices always tie")
                .find('\n'),
            std::string::npos);
  const auto copa = test::read_file(jobs() / "copa.toml");
  const auto columns = copa.find("columns = [");
  EXPECT_EQ(check(std::string(copa).replace(columns, copa.find('\n', columns) - columns,
                                            "columns = [\"choice1\", \"choice1\"]"),
                  "key 'choices.columns': entries 0 and 1 are both \"choice1\"")
                .find('\n'),
            std::string::npos);
  check(std::string(base).replace(base.find("{sentence|strip}"), 16, "{sentence|shout}"), "unknown filter 'shout'");
  EXPECT_NE(error_of([&] { load_task_card(dir / "absent.toml"); }).find("task card not found"), std::string::npos);
}

TEST(TaskCards, WrittenDemonstrationsAreTheCardsRows) {
  test::TempDir dir;
  std::string card = test::read_file(jobs() / "obqa.toml");
  card.replace(card.find("method = \"random\""), 17, "method = \"written\"");
  card.replace(card.find("pool = \"obqa/train.jsonl\"\n"), 26, "");
  for (const auto& [stem, answer] :
       {std::pair{"Water boils at", "B"}, std::pair{"Plants need", "A"}, std::pair{"Ice is", "C"}})
    card += std::string("\n[[demonstrations.rows]]\nquestion_stem = \"") + stem + "\"\nanswerKey = \"" + answer +
            "\"\n[demonstrations.rows.choices]\ntext = [\"light\", \"heat\", \"cold\", \"sound\"]\nlabel = [\"A\", "
            "\"B\", \"C\", \"D\"]\n";
  test::write_file(dir / "obqa-written.toml", card);
  std::filesystem::create_directories(dir / "data/obqa");
  test::write_file(
      dir / "data/obqa/validation.jsonl",
      R"({"id": "1", "question_stem": "The sun is", "choices": {"text": ["cold", "hot", "wet", "blue"], "label": ["A", "B", "C", "D"]}, "answerKey": "B"})"
      "\n");
  const auto loaded = load_task_card(dir / "obqa-written.toml");
  ASSERT_EQ(loaded.selection, TaskCard::Selection::Written);
  ASSERT_EQ(loaded.written_rows.size(), 3u);
  const auto data = load_task_data(loaded, dir / "data");
  const auto prompts = build_cell_prompts(loaded, data, /*seed=*/7, /*k=*/2, 0);
  EXPECT_EQ(prompts.demo_pool_indices, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(prompts.demonstration, "Water boils at heat.\n\nPlants need light.\n\n");
  EXPECT_NE(error_of([&] { build_cell_prompts(loaded, data, 7, 4, 0); }).find("writes only 3 demonstrations"),
            std::string::npos);
  // rows are only for written cards
  test::write_file(dir / "bad.toml",
                   test::read_file(jobs() / "obqa.toml") + "\n[[demonstrations.rows]]\nquestion_stem = \"x\"\n");
  EXPECT_NE(error_of([&] { load_task_card(dir / "bad.toml"); }).find("only a \"written\" card lists rows"),
            std::string::npos);
}

TEST(Jsonl, BadLinesNameFileAndLine) {
  test::TempDir dir;
  test::write_file(dir / "d.jsonl", "{\"a\": 1}\n{\"a\": \n");
  auto e = error_of([&] { read_jsonl(dir / "d.jsonl"); });
  EXPECT_NE(e.find("d.jsonl:2"), std::string::npos) << e;
  EXPECT_NE(e.find("not valid JSON"), std::string::npos) << e;
  test::write_file(dir / "d.jsonl", "{\"a\": 1}\n\n");
  EXPECT_NE(error_of([&] { read_jsonl(dir / "d.jsonl"); }).find("d.jsonl:2: empty line"), std::string::npos);
  test::write_file(dir / "d.jsonl", "[1]\n");
  EXPECT_NE(error_of([&] { read_jsonl(dir / "d.jsonl"); }).find("not a JSON object"), std::string::npos);
  EXPECT_NE(error_of([&] { read_jsonl(dir / "none.jsonl"); }).find("cannot open"), std::string::npos);
  const auto file = [&] {
    test::write_file(dir / "ok.jsonl", "{\"a\": 1}\r\n{\"b\": \"\\u00e9\"}\n");
    return read_jsonl(dir / "ok.jsonl");
  }();
  ASSERT_EQ(file.rows.size(), 2u);
  EXPECT_EQ(file.rows[1]["b"], "\u00e9");
}

TEST(TaskCards, AnswerOutsideTheChoicesIsAnError) {
  const auto card = load_task_card(jobs() / "sst2.toml");
  const auto e =
      error_of([&] { make_example(card, nlohmann::json::parse(R"({"sentence": "x", "label": 2})"), 0, "v.jsonl:3"); });
  EXPECT_NE(e.find("v.jsonl:3"), std::string::npos);
  EXPECT_NE(e.find("not a choice index"), std::string::npos);
}

}  // namespace
}  // namespace dt
