// configs/protocols.toml end to end (docs/reports.md): one dt-sweep produces ICL, Deep-Thinking,
// zero-shot, repeated-demonstration and flipped-label rows, each cell with its dev split and every score. Checked by
// hand computation with the model itself (Thinker + score_choices, the golden-tested pieces, fed sequences built
// here from the card's text): the zero-shot scores (no past), the repeated demonstrations' scores (the plain
// demonstration string twice as past) and the content-free log-probs behind the calibrated score ("Review:
// N/A\nSentiment:" written out here); then the report's rows, their dev-chosen steps, and the paired comparisons of
// any two rows against per-seed differences recomputed from the stored predictions; and the LaTeX of every score's
// table compiled with pdflatex, read back with pdftotext: labels as meant ("k = 1"), no stray "$" or "\", one
// closing rule. One meta-gradient plot per row that thinks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "../test_support.h"
#include "dt/model/registry.h"
#include "dt/report/aggregate.h"
#include "dt/report/report_plots.h"
#include "dt/report/report_render.h"
#include "dt/report/result_set.h"
#include "dt/report/row_comparison.h"
#include "dt/results/hdf5_file.h"
#include "dt/score/choice_scorer.h"
#include "dt/task/cell_prompts.h"
#include "dt/task/task_card.h"
#include "dt/text/tokenizer.h"
#include "dt/think/thinker.h"
#include "dt/util/error.h"
#include "sweep_suite.h"

namespace dt {
namespace {

const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();

class ProtocolsSweep : public test::SweepSuite<ProtocolsSweep> {
 protected:
  static void SetUpTestSuite() {
    run_sweep(kSource / "configs" / "protocols.toml", dir() / "results",
              "--checkpoints-root " + (dir() / "models").string());
  }

  static std::filesystem::path cell(const std::string& model, const std::string& task, const std::string& name) {
    return dir() / "results" / "cells" / model / task / (name + ".h5");
  }

  // One query's choices as the reference tokenizes them: prompt + completion, the span after the prompt's tokens.
  static QueryChoices hand_tokens(const Tokenizer& tok, const std::string& prompt,
                                  const std::vector<std::string>& completions) {
    QueryChoices qc;
    const auto prefix = static_cast<std::int64_t>(tok.encode(prompt, false).size());
    for (const auto& completion : completions) {
      auto ids = tok.encode(prompt + completion, false);
      const auto end = static_cast<std::int64_t>(ids.size());
      qc.choices.push_back({std::move(ids), prefix, end});
    }
    return qc;
  }

  // The eval queries a cell file scored, from its /queries/eval_row and the card's templates.
  static std::vector<QueryChoices> eval_queries(const Tokenizer& tok, const Hdf5File& h5, const std::string& task) {
    const auto card = load_task_card(kSource / "jobs" / (task + ".toml"));
    const auto data = load_task_data(card, kSource / "data" / "sample");
    std::vector<QueryChoices> out;
    for (const auto row : h5.read_int("/queries/eval_row").values) {
      const auto ex = make_example(card, data.eval.rows.at(static_cast<std::size_t>(row)), row, "x");
      out.push_back(hand_tokens(tok, ex.prompt, ex.completions));
    }
    return out;
  }

  static KVCache step_one_kv(const DecoderLM& model, const Tokenizer& tok, const std::string& demonstration) {
    Thinker thinker(model, tok.encode(demonstration, true), MetaOptimizerSpec{}, 1);
    return thinker.step();
  }

  static void expect_scores(const std::vector<QueryScores>& scores, const Hdf5Array<double>& stored, std::size_t e,
                            const std::filesystem::path& file) {
    const auto Q = static_cast<std::size_t>(stored.dims[1]), C = static_cast<std::size_t>(stored.dims[2]);
    ASSERT_EQ(scores.size(), Q) << file;
    for (std::size_t q = 0; q < Q; ++q)
      for (std::size_t c = 0; c < scores[q].lm_log_p.size(); ++c)
        EXPECT_NEAR(stored.values[(e * Q + q) * C + c], scores[q].lm_log_p[c], 1e-4) << file << " query " << q;
  }
};

TEST_F(ProtocolsSweep, OneSweepHoldsEveryBaseline) {
  const auto results = load_results(dir() / "results");
  // per model, task and seed: zero-shot, repeat:2, repeat:6, and plain and flipped under two optimizers
  ASSERT_EQ(results.cells.size(), 2u * 2 * 3 * 7);
  std::map<std::string, int> kinds;
  for (const auto& c : results.cells) {
    const auto kind = c.k == 0 ? "zero-shot" : c.demos;
    ++kinds[kind];
    const bool once = c.k == 0 || c.demos.rfind("repeat:", 0) == 0;
    const std::vector<std::int64_t> steps =
        once ? std::vector<std::int64_t>{1} : std::vector<std::int64_t>{1, 2, 3, 4, 5, 6};
    EXPECT_EQ(c.steps, steps) << c.file;
    EXPECT_EQ(c.optimizer == "null", once) << c.file;
    EXPECT_EQ(c.dev_steps.size(), once ? 0u : 6u) << c.file;
    for (const char* score : {"lm_log_p", "norm_lm_log_p", "char_norm", "mutual_info", "calibrated"})
      EXPECT_TRUE(c.correct.count(score)) << c.file << " " << score;
  }
  EXPECT_EQ(kinds, (std::map<std::string, int>{
                       {"zero-shot", 12}, {"repeat:2", 12}, {"repeat:6", 12}, {"plain", 24}, {"flipped", 24}}));
}

TEST_F(ProtocolsSweep, BaselineScoresAreTheModelsOwnByHand) {
  const auto model = load_model(dir() / "models" / "tiny-gpt2", {});
  const auto tok = load_tokenizer(dir() / "models" / "tiny-gpt2");
  const ScoringOptions options;
  for (const std::string task : {"sst2", "copa"})
    for (int seed = 0; seed < 3; ++seed) {
      const auto s = "s" + std::to_string(seed);
      // zero-shot: GPT-2 adds nothing to an empty demonstration, so the queries are scored with no past at all
      const auto zero_file = cell("tiny-gpt2", task, s + "_k0_T1");
      const auto zero = Hdf5File::open_read(zero_file);
      EXPECT_EQ(zero.string_attribute("/", "demonstration").value_or("?"), "");
      expect_scores(score_choices(*model, KVCache{}, eval_queries(*tok, zero, task), options),
                    zero.read_double("/scores/lm_log_p"), 0, zero_file);
      // repeat:2: the plain cell's demonstration string twice, one forward, scored at step 1
      const auto plain = Hdf5File::open_read(cell("tiny-gpt2", task, s + "_k1_mom0.01-0.9_T6"));
      const auto twice_file = cell("tiny-gpt2", task, s + "_k1_repeat2_T1");
      const auto twice = Hdf5File::open_read(twice_file);
      const auto demonstration = *plain.string_attribute("/", "demonstration");
      EXPECT_EQ(*twice.string_attribute("/", "demonstration"), demonstration + demonstration);
      expect_scores(score_choices(*model, step_one_kv(*model, *tok, demonstration + demonstration),
                                  eval_queries(*tok, twice, task), options),
                    twice.read_double("/scores/lm_log_p"), 0, twice_file);
      // flipped: each demonstration shows the other answer of its two
      const auto flipped = Hdf5File::open_read(cell("tiny-gpt2", task, s + "_k1_flipped_mom0.01-0.9_T6"));
      const auto gold = plain.int_array_attribute("/", "demo_answers");
      EXPECT_EQ(flipped.int_array_attribute("/", "demo_gold_answers"), gold);
      auto shown = flipped.int_array_attribute("/", "demo_answers");
      ASSERT_EQ(shown.size(), gold.size());
      for (std::size_t d = 0; d < gold.size(); ++d) EXPECT_EQ(shown[d], 1 - gold[d]);
    }
}

TEST_F(ProtocolsSweep, CalibratedSubtractsTheContentFreeLogProbAtTheSameStep) {
  const auto model = load_model(dir() / "models" / "tiny-gpt2", {});
  const auto tok = load_tokenizer(dir() / "models" / "tiny-gpt2");
  const auto file = cell("tiny-gpt2", "sst2", "s1_k1_mom0.01-0.9_T6");
  const auto h5 = Hdf5File::open_read(file);
  const auto kv = step_one_kv(*model, *tok, *h5.string_attribute("/", "demonstration"));
  const auto by_hand = score_choices(
      *model, kv, {hand_tokens(*tok, "Review: N/A\nSentiment:", {" negative", " positive"})}, ScoringOptions{});
  const auto content_free = h5.read_double("/scores/content_free_log_p");
  ASSERT_EQ(content_free.dims, (std::vector<std::int64_t>{6, 1, 2}));  // one content-free query for a word card
  for (std::size_t c = 0; c < 2; ++c) EXPECT_NEAR(content_free.values[c], by_hand[0].lm_log_p[c], 1e-4);
  // and for every cell, step and query: calibrated = lm_log_p - the content-free log-prob of its own form
  for (const auto& c : load_results(dir() / "results").cells) {
    const auto f = Hdf5File::open_read(c.file);
    const auto lm = f.read_double("/scores/lm_log_p"), cal = f.read_double("/scores/calibrated");
    const auto cf = f.read_double("/scores/content_free_log_p");
    const auto index = f.read_int("/queries/content_free_index").values;
    const auto answers = f.read_int("/queries/answer").values;
    const auto pred = f.read_int("/predictions/calibrated").values;
    const auto E = static_cast<std::size_t>(lm.dims[0]), Q = static_cast<std::size_t>(lm.dims[1]),
               C = static_cast<std::size_t>(lm.dims[2]), U = static_cast<std::size_t>(cf.dims[1]);
    EXPECT_EQ(U, c.task == "sst2" ? 1u : Q) << c.file;  // COPA's choices differ per query: one form each
    for (std::size_t e = 0; e < E; ++e)
      for (std::size_t q = 0; q < Q; ++q) {
        std::size_t best = 0;
        for (std::size_t ch = 0; ch < C; ++ch) {
          const auto i = (e * Q + q) * C + ch;
          EXPECT_NEAR(cal.values[i], lm.values[i] - cf.values[(e * U + static_cast<std::size_t>(index[q])) * C + ch],
                      1e-4);
          if (cal.values[i] > cal.values[(e * Q + q) * C + best]) best = ch;
        }
        EXPECT_EQ(pred[e * Q + q], static_cast<std::int64_t>(best)) << c.file;
      }
  }
}

TEST_F(ProtocolsSweep, TheReportLabelsEveryRowAndChoosesStepsOnTheDevSplit) {
  const auto results = load_results(dir() / "results");
  const auto report = build_report(results, Score::LmLogP, StepProtocol::parse("dev"));
  std::set<std::string> labels;
  for (const auto& row : report.rows) {
    labels.insert(row_label(row));
    for (const auto& entry : row.tasks) {
      ASSERT_TRUE(entry.has_value()) << row_label(row);
      EXPECT_EQ(entry->icl.n, 3) << row_label(row);
      EXPECT_EQ(entry->dt.available(), !row.scored_once()) << row_label(row);
      EXPECT_EQ(entry->step.has_value(), !row.scored_once()) << row_label(row);  // chosen on the dev split
      EXPECT_EQ(entry->paired.has_value(), !row.scored_once()) << row_label(row);
    }
    EXPECT_TRUE(row.icl_average.has_value()) << row_label(row);
  }
  for (const char* label :
       {"tiny-gpt2 k=0 zero-shot", "tiny-gpt2 k=1 repeat\u00d72", "tiny-llama k=1 repeat\u00d76",
        "tiny-gpt2 k=1 flipped gate(eta=0.1)", "tiny-llama k=1 momentum(step_size=0.01, momentum=0.9)"})
    EXPECT_TRUE(labels.count(label)) << label;
  EXPECT_EQ(report.rows.size(), 2u * 7);
  const auto md = render_markdown(report);
  EXPECT_NE(md.find("| tiny-gpt2 k=0 zero-shot | ICL |"), std::string::npos) << md;
}

// A plot's title as it reads: its title lines (the 15 px texts; a long title wraps at spaces) joined by spaces.
std::string plot_title(const std::string& svg) {
  std::string title;
  const std::string opening = "font-size=\"15\">";
  for (auto at = svg.find(opening); at != std::string::npos; at = svg.find(opening, at)) {
    at += opening.size();
    title += (title.empty() ? "" : " ") + svg.substr(at, svg.find('<', at) - at);
  }
  return title;
}

TEST_F(ProtocolsSweep, MetaGradientPlotsAreOnePerRowThatThinks) {
  const auto results = load_results(dir() / "results");
  const auto report = build_report(results, Score::LmLogP, StepProtocol::parse("fixed:4"));
  std::vector<std::string> titles;
  for (const auto& plot : report_plots(report, results))
    if (plot.file_name.rfind("meta_gradient_", 0) == 0) titles.push_back(plot_title(plot.svg));
  std::size_t thinking = 0;
  for (const auto& row : report.rows) {
    const auto title = row_label(row) + ": meta-gradient norm";
    const auto plots = std::count_if(titles.begin(), titles.end(),
                                     [&](const std::string& shown) { return shown.find(title) != std::string::npos; });
    EXPECT_EQ(plots, row.scored_once() ? 0 : 1) << row_label(row);
    thinking += row.scored_once() ? 0 : 1;
  }
  EXPECT_EQ(titles.size(), thinking);
  EXPECT_EQ(thinking, 2u * 4);  // per model: plain and flipped, each under momentum and gate
}

TEST_F(ProtocolsSweep, AnyTwoRowsArePairedSeedBySeed) {
  const auto results = load_results(dir() / "results");
  const auto report = build_report(results, Score::LmLogP, StepProtocol::parse("fixed:4"));
  // Deep-Thinking at step 4 against the demonstrations repeated 6 times, recomputed from the stored predictions
  const auto a = parse_row_selector("demos=plain", "--compare"), b = parse_row_selector("demos=repeat:6", "--against");
  const auto pairings = compare_rows(report, results, a, b);
  ASSERT_EQ(pairings.size(), 2u * 2 * 2);  // models x optimizers x tasks
  auto accuracy = [](const std::filesystem::path& file, std::size_t e) {
    const auto h5 = Hdf5File::open_read(file);
    const auto answers = h5.read_int("/queries/answer").values, pred = h5.read_int("/predictions/lm_log_p").values;
    double right = 0;
    for (std::size_t q = 0; q < answers.size(); ++q) right += pred[e * answers.size() + q] == answers[q];
    return right / static_cast<double>(answers.size());
  };
  for (const auto& p : pairings) {
    ASSERT_TRUE(p.paired.has_value()) << p.note;
    EXPECT_EQ(p.a->demos, "plain");
    EXPECT_EQ(p.b->demos, "repeat:6");
    EXPECT_EQ(p.a->model, p.b->model);
    const auto id = p.a->optimizer.find("gate") != std::string::npos ? "gate0.1" : "mom0.01-0.9";
    std::vector<double> differences;
    for (int seed = 0; seed < 3; ++seed) {
      const auto s = "s" + std::to_string(seed);
      differences.push_back(accuracy(cell(p.a->model, p.task, s + "_k1_" + id + "_T6"), 3) -
                            accuracy(cell(p.a->model, p.task, s + "_k1_repeat6_T1"), 0));
    }
    const double mean = (differences[0] + differences[1] + differences[2]) / 3;
    EXPECT_NEAR(p.difference.mean, mean, 1e-12);
    EXPECT_EQ(p.difference.n, 3);
    EXPECT_EQ(p.paired->wins, std::count_if(differences.begin(), differences.end(), [](double d) { return d > 0; }));
    EXPECT_LE(p.paired->low, mean);
    EXPECT_GE(p.paired->high, mean);
  }
  // zero-shot against k = 1 pairs across k; an unknown field is an error naming the option
  EXPECT_EQ(
      compare_rows(report, results, parse_row_selector("k=1,demos=plain", "x"), parse_row_selector("k=0", "x")).size(),
      2u * 2 * 2);
  EXPECT_THROW(parse_row_selector("shots=1", "--compare"), Error);
  const auto command = (test::build_bin_dir() / "dt-report").string() + " " + (dir() / "results").string() +
                       " --step dev --score lm --compare demos=flipped --against demos=plain > " +
                       (dir() / "report.md").string() + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << test::read_file(dir() / "report.md");
  const auto md = test::read_file(dir() / "report.md");
  EXPECT_NE(md.find("### Paired comparison (lm_log_p): A = `demos=flipped` vs B = `demos=plain`"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| tiny-llama k=1 flipped gate(eta=0.1) | tiny-llama k=1 gate(eta=0.1) | copa |"),
            std::string::npos)
      << md;
}

TEST_F(ProtocolsSweep, EveryLatexTableCompilesAndReadsAsMeant) {
  if (std::system("command -v pdflatex > /dev/null && command -v pdftotext > /dev/null") != 0) {
    if (test::running_in_ci()) FAIL() << "CI=true but pdflatex or pdftotext is missing (scripts/install-deps.sh)";
    GTEST_SKIP()
        << "pdflatex or pdftotext not installed (texlive-latex-base, texlive-latex-recommended, poppler-utils)";
  }
  const auto results = load_results(dir() / "results");
  for (const auto score : {Score::LmLogP, Score::NormLmLogP, Score::CharNorm, Score::MutualInfo, Score::Calibrated})
    for (const char* protocol : {"fixed:4", "dev"}) {
      const auto name = score_name(score) + "-" + (std::string(protocol) == "dev" ? "dev" : "fixed");
      const auto tex = render_latex(build_report(results, score, StepProtocol::parse(protocol)));
      EXPECT_EQ(tex.find("\\midrule\n\\bottomrule"), std::string::npos) << tex;
      EXPECT_EQ(tex.find("\\bottomrule"), tex.rfind("\\bottomrule")) << tex;
      const auto latex = dir() / "latex" / name;
      std::filesystem::create_directories(latex);
      test::write_file(latex / "table.tex", tex);
      test::write_file(latex / "paper.tex",
                       "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n"
                       "\\usepackage[margin=1cm,landscape]{geometry}\n\\begin{document}\n\\input{table.tex}\n"
                       "\\end{document}\n");
      const auto compile = "cd " + latex.string() +
                           " && pdflatex -interaction=nonstopmode -halt-on-error paper.tex > pdflatex.log 2>&1"
                           " && pdftotext -layout paper.pdf paper.txt";
      ASSERT_EQ(std::system(compile.c_str()), 0) << test::read_file(latex / "pdflatex.log");
      auto text = test::read_file(latex / "paper.txt");
      // ligatures as pdftotext gives them: Unicode presentation forms, or the T1 font's glyph slots 0x1b..0x1f
      for (const auto& [ligature, letters] : {std::pair{"\ufb00", "ff"},
                                              {"\ufb01", "fi"},
                                              {"\ufb02", "fl"},
                                              {"\x1b", "ff"},
                                              {"\x1c", "fi"},
                                              {"\x1d", "fl"},
                                              {"\x1e", "ffi"},
                                              {"\x1f", "ffl"}})
        for (auto at = text.find(ligature); at != std::string::npos; at = text.find(ligature))
          text.replace(at, std::string_view(ligature).size(), letters);
      for (const char* label : {"tiny-gpt2 (k = 0) zero-shot", "tiny-llama (k = 1) flipped gate(eta=0.1)",
                                "tiny-gpt2 (k = 1) momentum(step_size=0.01, momentum=0.9)", "Deep-Thinking"})
        EXPECT_NE(text.find(label), std::string::npos) << label << " in " << name << ":\n" << text;
      EXPECT_NE(text.find("repeat×2"), std::string::npos) << text;
      EXPECT_NE(text.find(score_name(score)), std::string::npos) << text;  // the caption
      EXPECT_EQ(text.find('$'), std::string::npos) << text;
      EXPECT_EQ(text.find('\\'), std::string::npos) << text;
    }
}

}  // namespace
}  // namespace dt
