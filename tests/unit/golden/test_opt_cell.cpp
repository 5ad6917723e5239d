// An end-to-end cell in OPT's tokenizer convention, built here in the shared cell schema (no shared cell has
// tokenizer.demonstration_adds_bos = true): the hand-written OPT-style tokenizer of tests/data/opt_tokenizer, a tiny
// random OPT checkpoint, SST-2's card over four synthetic rows, seed 0, k = 1.
//
// The real check is the token ids: written out below by hand from the reference's rules (the demonstration with
// the tokenizer's defaults, so `</s>` = 2 first; prompts and prompt + completion with add_special_tokens=False;
// the padded length counted by `len(tok.encode(text))`, BOS included) and the BPE of that vocabulary, not by
// running dt. The cell's expected scores are dt's own (no reference run exists for this model), so dt-golden
// passing on it proves the BOS / ids / padding plumbing and the schema fields, not the numbers. Flipping
// tokenizer.demonstration_adds_bos or bos_token_id must make dt-golden fail on a line naming that field.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "../test_support.h"
#include "dt/cell/cell_runner.h"
#include "dt/cell/cell_tokens.h"
#include "dt/model/registry.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/task/cell_prompts.h"
#include "dt/text/tokenizer.h"

namespace dt {
namespace {

using Ids = std::vector<std::int64_t>;
using nlohmann::json;

const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();
constexpr const char* kCellName = "opt_sst2_s0_k1";

// Pieces of the vocabulary (tests/data/opt_tokenizer/README.md): BPE by merge rank, e.g. "Sentiment" has the pairs
// "e n" (rank 1) and "t i" (rank 2) and nothing else that merges; " positive" goes t i -> ti v -> tiv e -> tive.
const Ids kReview = {270, 76, 72, 90};                  // Rev i e w
const Ids kColon = {29};                                // :
const Ids kSentiment = {54, 261, 262, 80, 261, 87};     // S en ti m en t
const Ids kSpaceNegative = {224, 81, 72, 74, 68, 264};  // Ġ n e g a tive
const Ids kSpacePositive = {224, 83, 82, 86, 76, 264};  // Ġ p o s i tive
const Ids kSpaceGood = {268};                           // Ġgood
const Ids kSpaceFun = {224, 73, 88, 81};                // Ġ f u n
const Ids kSpaceNot = {224, 81, 82, 87};                // Ġ n o t
const Ids kNewline = {202};                             // Ċ
const Ids kTwoNewlines = {260};                         // ĊĊ (the text's last piece)
constexpr std::int64_t kBos = 2, kPad = 1;

Ids cat(std::initializer_list<Ids> parts) {
  Ids out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Seed 0, stratified, one row per label (label 1 seen first): sample([0], 1), sample([1], 1), then shuffle([0, 1])
// on CPython's stream gives [1, 0], so the negative pool row comes first. Between two demonstrations "\n\nReview"
// pre-tokenizes as "\n", "\n", "Review"; the trailing "\n\n" stays one piece.
const std::string kDemonstration = "Review: not fun\nSentiment: negative\n\nReview: good\nSentiment: positive\n\n";
const Ids kDemoIds = cat({{kBos},
                          kReview,
                          kColon,
                          kSpaceNot,
                          kSpaceFun,
                          kNewline,
                          kSentiment,
                          kColon,
                          kSpaceNegative,
                          kNewline,
                          kNewline,
                          kReview,
                          kColon,
                          kSpaceGood,
                          kNewline,
                          kSentiment,
                          kColon,
                          kSpacePositive,
                          kTwoNewlines});

struct Query {
  std::string sentence, prompt;
  Ids prompt_ids;
  std::int64_t answer;
};
const std::vector<Query> kQueries = {
    {"fun", "Review: fun\nSentiment:", cat({kReview, kColon, kSpaceFun, kNewline, kSentiment, kColon}), 1},
    {"not good",
     "Review: not good\nSentiment:", cat({kReview, kColon, kSpaceNot, kSpaceGood, kNewline, kSentiment, kColon}), 0}};
const std::array<std::pair<const char*, Ids>, 2> kChoices = {
    {{"negative", kSpaceNegative}, {"positive", kSpacePositive}}};
// The longest prompt + completion has 18 + 6 ids; the reference's max length counts the BOS of encode(text).
constexpr std::int64_t kPaddedLength = 25;

json choices_of(const Query& query) {
  json out = json::array();
  for (const auto& [word, ids] : kChoices) {
    const Ids input_ids = cat({query.prompt_ids, ids});
    out.push_back({{"choice", word},
                   {"prompt", query.prompt},
                   {"text", query.prompt + " " + word},
                   {"prompt_ids", query.prompt_ids},
                   {"input_ids", input_ids},
                   {"choice_start", query.prompt_ids.size()},
                   {"choice_end", input_ids.size()},
                   {"prompt_ids_are_prefix", true}});
  }
  return out;
}

json rows(std::initializer_list<std::pair<const char*, int>> sentences) {
  json out = json::array();
  for (const auto& [sentence, label] : sentences)
    out.push_back({{"sentence", sentence}, {"label", label}, {"idx", out.size()}});
  return out;
}

// Everything in cell.json but `expected`, by hand.
json hand_written_cell() {
  json queries = json::array();
  for (std::size_t q = 0; q < kQueries.size(); ++q)
    queries.push_back({{"eval_row", q},
                       {"query", kQueries[q].sentence},
                       {"answer_idx", kQueries[q].answer},
                       {"choices", choices_of(kQueries[q])}});
  return {{"format", "deep-thinking-e2e-cell/1"},
          {"name", kCellName},
          {"task", "sst2"},
          {"prompt_version", "sp"},
          {"separator", "\n\n"},
          {"model", {{"dir", "../model_opt"}, {"model_type", "opt"}, {"model_class", "OPTForCausalLM"}}},
          {"tokenizer",
           {{"kind", "OPT-style byte-level BPE (slow GPT2Tokenizer files, add_bos_token)"},
            {"files", "../opt_tokenizer"},
            {"demonstration_adds_bos", true},
            {"bos_token_id", kBos},
            {"pad_token_id", kPad},
            {"padding_side", "right"}}},
          {"seed", 0},
          {"k", 1},
          {"exemplar_method", "stratified"},
          {"num_shots", 2},
          {"n_queries", 2},
          {"n_choices", 2},
          {"steps", 3},
          {"step_size", 0.01},
          {"momentum", 0.9},
          {"batch_size", 32},
          {"pad_token_id", kPad},
          {"padded_length", kPaddedLength},
          {"padded_length_subset", kPaddedLength},
          {"data",
           {{"synthetic", true},
            {"data_dir_relative", nullptr},
            {"eval_file", nullptr},
            {"pool_file", nullptr},
            {"eval_rows_total", 2},
            {"pool_rows_total", 2},
            {"eval_sample_size", nullptr},
            {"eval_sample_indices", nullptr},
            {"eval_rows_used", {0, 1}},
            {"demo_pool_indices", {1, 0}},
            {"demo_labels", {0, 1}},
            {"rows", {{"eval", rows({{"fun", 1}, {"not good", 0}})}, {"pool", rows({{"good ", 1}, {"not fun", 0}})}}}}},
          {"demonstrations",
           {{{"pool_index", 1}, {"query", "not fun"}, {"answer_idx", 0}, {"answer", "negative"}},
            {{"pool_index", 0}, {"query", "good"}, {"answer_idx", 1}, {"answer", "positive"}}}},
          {"demonstration", {{"string", kDemonstration}, {"ids", kDemoIds}, {"length", kDemoIds.size()}}},
          {"queries", queries}};
}

// dt's own scores for the cell (see the top of the file: plumbing, not a reference).
json dt_expected_scores(const std::filesystem::path& root, const json& cell) {
  const auto card = load_task_card(kSource / "jobs" / "sst2.toml");
  const auto data_root = root / "data";
  for (const auto& [split, file] : {std::pair{"eval", card.eval_file}, std::pair{"pool", card.pool_file}}) {
    std::filesystem::create_directories((data_root / file).parent_path());
    std::string lines;
    for (const auto& row : cell["data"]["rows"][split]) lines += row.dump() + "\n";
    test::write_file(data_root / file, lines);
  }
  const auto data = load_task_data(card, data_root);
  const auto tokens = tokenize_cell(*load_tokenizer(root / "opt_tokenizer"), build_cell_prompts(card, data, 0, 1, 2));
  const auto model = load_model(root / "model_opt", {});
  const auto run = run_cell(*model, tokens, {}, 3, {1, 2, 3}, {});
  json expected = json::array();
  for (const auto& ev : run.evaluations) {
    json step = {{"t", ev.step},
                 {"correct_lm_log_p", ev.correct_lm_log_p},
                 {"correct_norm_lm_log_p", ev.correct_norm_lm_log_p},
                 {"acc_lm_log_p", ev.accuracy_lm_log_p},
                 {"acc_norm_lm_log_p", ev.accuracy_norm_lm_log_p}};
    for (const auto& s : ev.scores) {
      step["lm_log_p"].push_back(s.lm_log_p);
      step["norm_lm_log_p"].push_back(s.norm_lm_log_p);
      step["pred_lm_log_p"].push_back(s.pred_lm_log_p);
      step["pred_norm_lm_log_p"].push_back(s.pred_norm_lm_log_p);
    }
    for (const auto& layer : run.think.at(static_cast<std::size_t>(ev.step - 1)).layers) {
      step["k_norm"].push_back(layer.k_norm);
      step["v_norm"].push_back(layer.v_norm);
    }
    expected.push_back(step);
  }
  return expected;
}

struct Run {
  int status = 0;
  std::string output;
};

Run dt_golden(const std::filesystem::path& cell_dir) {
  Run r;
  const auto command = (test::build_bin_dir() / "dt-golden").string() + " --threads 1 --jobs " +
                       (kSource / "jobs").string() + " " + cell_dir.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  while (pipe != nullptr && std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) r.output += buffer.data();
  r.status = pipe == nullptr ? -1 : ::pclose(pipe);
  return r;
}

class OptCell : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new test::TempDir();
    std::filesystem::copy(kSource / "tests" / "data" / "opt_tokenizer", *root_ / "opt_tokenizer");
    SyntheticModelSpec spec;
    spec.arch = "opt";
    spec.hidden = 32;
    spec.vocab = 271;
    spec.positions = 128;
    spec.bos_token_id = kBos;
    spec.eos_token_id = kBos;
    spec.pad_token_id = kPad;
    write_synthetic_checkpoint(spec, *root_ / "model_opt");
    cell_ = new json(hand_written_cell());
    (*cell_)["expected"] = {{"float32", dt_expected_scores(root_->path(), *cell_)}};
    write_cell(kCellName, *cell_);
  }
  static void TearDownTestSuite() {
    delete cell_;
    delete root_;
  }

  static std::filesystem::path write_cell(const std::string& name, json cell) {
    cell["name"] = name;
    const auto dir = *root_ / name;
    std::filesystem::create_directories(dir);
    test::write_file(dir / "cell.json", cell.dump(1));
    return dir;
  }

  static test::TempDir* root_;
  static json* cell_;
};

test::TempDir* OptCell::root_ = nullptr;
json* OptCell::cell_ = nullptr;

TEST_F(OptCell, TokenIdsFollowTheReferenceRules) {
  const auto tokenizer = load_tokenizer(*root_ / "opt_tokenizer");
  EXPECT_EQ(tokenizer->encode(kDemonstration, true), kDemoIds);
  EXPECT_EQ(kDemoIds.size(), 51u);
  Example longest;
  for (const auto& query : kQueries) {
    EXPECT_EQ(tokenizer->encode(query.prompt, false), query.prompt_ids) << query.prompt;
    for (const auto& [word, ids] : kChoices)
      EXPECT_EQ(tokenizer->encode(query.prompt + " " + word, false), cat({query.prompt_ids, ids})) << word;
  }
  longest.prompt = kQueries[1].prompt;
  longest.choices = {"negative"};
  longest.completions = {" negative"};
  EXPECT_EQ(reference_padded_length(*tokenizer, {longest}), kPaddedLength);
}

TEST_F(OptCell, DtGoldenPasses) {
  const auto r = dt_golden(*root_ / kCellName);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(std::string("PASS ") + kCellName), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 passed, 0 failed"), std::string::npos) << r.output;
}

TEST_F(OptCell, FlippedDemonstrationAddsBosFails) {
  json flipped = *cell_;
  flipped["tokenizer"]["demonstration_adds_bos"] = false;
  const auto r = dt_golden(write_cell("flipped_adds_bos", flipped));
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("FAIL flipped_adds_bos"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("at tokenizer.demonstration_adds_bos: the fixture says false, but dt's default encoding "
                          "starts the demonstration with the BOS 2"),
            std::string::npos)
      << r.output;
}

TEST_F(OptCell, WrongBosTokenIdFails) {
  json wrong = *cell_;
  wrong["tokenizer"]["bos_token_id"] = 0;  // "<s>", which OPT does not add
  const auto r = dt_golden(write_cell("wrong_bos_id", wrong));
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("at tokenizer.bos_token_id: got 2, expected 0"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace dt
