// write_cell_file: the dt-cell/1 schema, its checksum and its seal on top of Hdf5File.
#include "dt/results/cell_file.h"

#include <cmath>
#include <limits>

#include "dt/config/think_stats.h"
#include "dt/results/cell_checksum.h"
#include "dt/results/cell_seal.h"
#include "dt/results/derived_scores.h"
#include "dt/results/hdf5_file.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"
#include "dt/util/utc_time.h"
#include "dt/version.h"

namespace dt {
namespace {

// Characters of a completion as Python's len() counts them (code points of its UTF-8), lm-eval's acc_norm divisor.
std::int64_t code_points(std::string_view text) {
  std::int64_t n = 0;
  for (const unsigned char byte : text) n += (byte & 0xC0) != 0x80;
  return n;
}

// char_norm of every choice (sum log-p / characters; NaN for a completion without characters) and its argmax, the
// first index winning ties, as for the other scores.
std::pair<std::vector<double>, std::int64_t> char_norm(const QueryScores& s, const Example& example) {
  std::vector<double> values;
  for (std::size_t c = 0; c < s.lm_log_p.size(); ++c) {
    const auto chars = code_points(example.completions.at(c));
    values.push_back(chars > 0 ? s.lm_log_p[c] / static_cast<double>(chars) : std::numeric_limits<double>::quiet_NaN());
  }
  const std::int64_t best = argmax_first(values);
  return {std::move(values), best};
}

// The root attributes: the cell's identity, what it showed the model, versions and timings, the stopping rules.
void write_attributes(Hdf5File& h5, const CellRecord& r) {
  const auto& prompts = *r.prompts;
  const auto& run = *r.run;
  h5.set_attribute("/", "format", std::string(kCellFileFormat));
  h5.set_attribute("/", "key", r.key);
  h5.set_attribute("/", "config", r.config.dump(2));
  h5.set_attribute("/", "task", r.task);
  h5.set_attribute("/", "model", r.model);
  h5.set_attribute("/", "seed", static_cast<std::int64_t>(r.config.at("seed").get<std::uint64_t>()));
  h5.set_attribute("/", "k", r.config.at("k").get<std::int64_t>());
  h5.set_attribute("/", "steps", r.config.at("steps").get<std::int64_t>());
  h5.set_attribute("/", "optimizer", r.config.at("optimizer").dump());
  h5.set_attribute("/", "dtype", r.config.at("dtype").get<std::string>());
  h5.set_attribute("/", "demo_pool_indices", prompts.demo_pool_indices);
  h5.set_attribute("/", "eval_sample_indices", prompts.eval_sample_indices);
  h5.set_attribute("/", "eval_rows_total", prompts.eval_rows_total);
  h5.set_attribute("/", "pool_rows_total", prompts.pool_rows_total);
  h5.set_attribute("/", "demonstration", prompts.demonstration);
  h5.set_attribute("/", "demonstrations", r.config.value("demonstrations", std::string("plain")));
  std::vector<std::int64_t> demo_answers;
  for (const auto& demo : prompts.demonstrations) demo_answers.push_back(demo.answer);
  h5.set_attribute("/", "demo_answers", demo_answers);
  if (!prompts.demo_gold_answers.empty()) h5.set_attribute("/", "demo_gold_answers", prompts.demo_gold_answers);
  h5.set_attribute("/", "demo_tokens", r.tokens.demo_tokens);
  h5.set_attribute("/", "query_tokens", r.tokens.query_tokens);
  h5.set_attribute("/", "prompt_prefix_mismatches", r.tokens.prompt_prefix_mismatches);
  h5.set_attribute("/", "label_words", r.label_words);
  h5.set_attribute("/", "dt_version", std::string(kVersion));
  h5.set_attribute("/", "git_revision", std::string(git_revision()));
  h5.set_attribute("/", "torch_version", r.torch_version);
  if (!r.execution.empty()) h5.set_attribute("/", "execution", r.execution);
  h5.set_attribute("/", "hdf5_version", hdf5_library_version());
  h5.set_attribute("/", "created_utc", utc_timestamp());
  h5.set_attribute("/", "think_seconds", run.think_seconds);
  h5.set_attribute("/", "score_seconds", run.score_seconds);
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& outcome : run.rules) {
    auto entry = outcome.rule.to_json();
    entry.update(
        {{"step", outcome.decision.step}, {"at", outcome.decision.at}, {"triggered", outcome.decision.triggered}});
    rules.push_back(entry);
  }
  h5.set_attribute("/", "stop_rules", rules.dump());
  if (run.stopped)
    h5.set_attribute("/", "stopped",
                     nlohmann::json{{"rule", run.stopped->rule.to_json()},
                                    {"step", run.stopped->decision.step},
                                    {"at", run.stopped->decision.at}}
                         .dump());
}

// /queries: each scored query's eval row, gold answer, choice count, and each choice's tokens and characters.
void write_queries(Hdf5File& h5, const CellRecord& r, std::int64_t Q, std::int64_t C) {
  const auto& prompts = *r.prompts;
  h5.create_group("/queries");
  std::vector<std::int64_t> eval_row, answer, num_choices, choice_tokens(static_cast<std::size_t>(Q * C), 0),
      choice_chars(static_cast<std::size_t>(Q * C), 0);
  for (std::int64_t q = 0; q < Q; ++q) {
    const auto& counts = r.tokens.choice_tokens[static_cast<std::size_t>(q)];
    eval_row.push_back(prompts.queries[static_cast<std::size_t>(q)].row);
    answer.push_back(r.tokens.answers[static_cast<std::size_t>(q)]);
    num_choices.push_back(static_cast<std::int64_t>(counts.size()));
    for (std::size_t c = 0; c < counts.size(); ++c) choice_tokens[static_cast<std::size_t>(q * C) + c] = counts[c];
    for (std::size_t c = 0; c < counts.size(); ++c)
      choice_chars[static_cast<std::size_t>(q * C) + c] =
          code_points(prompts.queries[static_cast<std::size_t>(q)].completions.at(c));
  }
  h5.write("/queries/eval_row", {Q}, eval_row);
  h5.write("/queries/answer", {Q}, answer);
  h5.write("/queries/num_choices", {Q}, num_choices);
  h5.write("/queries/choice_tokens", {Q, C}, choice_tokens);
  h5.write("/queries/choice_chars", {Q, C}, choice_chars);
}

// /scores, /predictions and /accuracy of the evaluated steps: lm_log_p, norm_lm_log_p, char_norm (and the first
// token's log-prob), then the derived scores.
void write_step_scores(Hdf5File& h5, const CellRecord& r, std::int64_t Q, std::int64_t C) {
  const auto& prompts = *r.prompts;
  const auto& run = *r.run;
  const auto E = static_cast<std::int64_t>(run.evaluations.size());
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const auto cube = static_cast<std::size_t>(E * Q * C);
  std::vector<float> lm(cube, nan), norm(cube, nan), first(cube, nan), chars(cube, nan);
  std::vector<std::int64_t> pred_lm, pred_norm, pred_chars;
  std::vector<double> acc_lm, acc_norm, acc_chars;
  for (std::int64_t e = 0; e < E; ++e) {
    const auto& ev = run.evaluations[static_cast<std::size_t>(e)];
    acc_lm.push_back(ev.accuracy_lm_log_p);
    acc_norm.push_back(ev.accuracy_norm_lm_log_p);
    std::int64_t correct_chars = 0;
    for (std::int64_t q = 0; q < Q; ++q) {
      const auto& s = ev.scores[static_cast<std::size_t>(q)];
      pred_lm.push_back(s.pred_lm_log_p);
      pred_norm.push_back(s.pred_norm_lm_log_p);
      const auto [char_scores, char_pred] = char_norm(s, prompts.queries[static_cast<std::size_t>(q)]);
      pred_chars.push_back(char_pred);
      correct_chars += char_pred == r.tokens.answers[static_cast<std::size_t>(q)];
      for (std::size_t c = 0; c < char_scores.size(); ++c)
        chars[static_cast<std::size_t>((e * Q + q) * C) + c] = static_cast<float>(char_scores[c]);
      for (std::size_t c = 0; c < s.lm_log_p.size(); ++c) {
        const auto i = static_cast<std::size_t>((e * Q + q) * C) + c;
        lm[i] = static_cast<float>(s.lm_log_p[c]);
        norm[i] = static_cast<float>(s.norm_lm_log_p[c]);
        first[i] = static_cast<float>(s.first_token_log_p[c]);
      }
    }
    acc_chars.push_back(static_cast<double>(correct_chars) / static_cast<double>(std::max<std::int64_t>(1, Q)));
  }
  h5.create_group("/scores");
  h5.write("/scores/lm_log_p", {E, Q, C}, lm);
  h5.write("/scores/norm_lm_log_p", {E, Q, C}, norm);
  h5.write("/scores/first_token_log_p", {E, Q, C}, first);
  h5.write("/scores/char_norm", {E, Q, C}, chars);
  h5.create_group("/predictions");
  h5.write("/predictions/lm_log_p", {E, Q}, pred_lm);
  h5.write("/predictions/norm_lm_log_p", {E, Q}, pred_norm);
  h5.write("/predictions/char_norm", {E, Q}, pred_chars);
  h5.create_group("/accuracy");
  h5.write("/accuracy/lm_log_p", {E}, acc_lm);
  h5.write("/accuracy/norm_lm_log_p", {E}, acc_norm);
  h5.write("/accuracy/char_norm", {E}, acc_chars);
  write_mutual_info(h5, r, C);
  write_calibrated(h5, r, C);
}

// /dev: the dev split's predictions and accuracy after every step (nothing without a dev split).
void write_dev(Hdf5File& h5, const CellRecord& r) {
  const auto& prompts = *r.prompts;
  const auto& run = *r.run;
  if (run.dev.empty()) return;
  const auto D = static_cast<std::int64_t>(run.dev.size());
  const auto Qd = static_cast<std::int64_t>(r.tokens.dev_answers.size());
  std::vector<std::int64_t> dev_steps, dev_lm, dev_norm, dev_chars;
  std::vector<double> dev_acc_lm, dev_acc_norm, dev_acc_chars;
  for (const auto& e : run.dev) {
    dev_steps.push_back(e.step);
    dev_acc_lm.push_back(e.accuracy_lm_log_p);
    dev_acc_norm.push_back(e.accuracy_norm_lm_log_p);
    std::int64_t correct_chars = 0;
    for (std::size_t q = 0; q < e.scores.size(); ++q) {
      dev_lm.push_back(e.scores[q].pred_lm_log_p);
      dev_norm.push_back(e.scores[q].pred_norm_lm_log_p);
      dev_chars.push_back(char_norm(e.scores[q], prompts.dev.at(q)).second);
      correct_chars += dev_chars.back() == r.tokens.dev_answers[q];
    }
    dev_acc_chars.push_back(static_cast<double>(correct_chars) /
                            static_cast<double>(std::max<std::size_t>(1, e.scores.size())));
  }
  h5.create_group("/dev");
  h5.create_group("/dev/queries");
  h5.create_group("/dev/predictions");
  h5.create_group("/dev/accuracy");
  h5.write("/dev/steps", {D}, dev_steps);
  h5.write("/dev/queries/pool_row", {Qd}, prompts.dev_pool_indices);
  h5.write("/dev/queries/answer", {Qd}, r.tokens.dev_answers);
  h5.write("/dev/predictions/lm_log_p", {D, Qd}, dev_lm);
  h5.write("/dev/predictions/norm_lm_log_p", {D, Qd}, dev_norm);
  h5.write("/dev/predictions/char_norm", {D, Qd}, dev_chars);
  h5.write("/dev/accuracy/lm_log_p", {D}, dev_acc_lm);
  h5.write("/dev/accuracy/norm_lm_log_p", {D}, dev_acc_norm);
  h5.write("/dev/accuracy/char_norm", {D}, dev_acc_chars);
}

// /think: every meta-gradient statistic per step and layer.
void write_think(Hdf5File& h5, const CellRun& run) {
  h5.create_group("/think");
  const auto T = static_cast<std::int64_t>(run.think.size());
  const auto layers = T > 0 ? static_cast<std::int64_t>(run.think[0].layers.size()) : 0;
  std::vector<std::int64_t> think_steps;
  for (const auto& s : run.think) think_steps.push_back(s.step);
  h5.write("/think/step", {T}, think_steps);
  for (const auto& field : think_stat_fields()) {
    std::vector<double> values;
    for (const auto& s : run.think)
      for (const auto& l : s.layers) values.push_back(l.*(field.member));
    h5.write(std::string("/think/") + field.name, {T, layers}, values);
  }
}

void write_contents(Hdf5File& h5, const CellRecord& r) {
  const auto Q = static_cast<std::int64_t>(r.tokens.choice_tokens.size());
  std::int64_t C = 0;
  for (const auto& counts : r.tokens.choice_tokens)
    C = std::max<std::int64_t>(C, static_cast<std::int64_t>(counts.size()));
  write_attributes(h5, r);
  std::vector<std::int64_t> steps;
  for (const auto& e : r.run->evaluations) steps.push_back(e.step);
  h5.write("/steps", {static_cast<std::int64_t>(steps.size())}, steps);
  write_queries(h5, r, Q, C);
  write_step_scores(h5, r, Q, C);
  write_dev(h5, r);
  write_think(h5, *r.run);
}

}  // namespace

void write_cell_file(const std::filesystem::path& path, const CellRecord& record) {
  if (record.prompts == nullptr || record.run == nullptr ||
      record.tokens.answers.size() != record.tokens.choice_tokens.size())
    throw Error("internal: incomplete cell record");
  // Built in memory and sealed from the bytes meant for the disk, then written with checked writes: a write that
  // fails (a full disk) fails the cell and leaves nothing under the final name.
  std::string image;
  {
    auto h5 = Hdf5File::create_in_memory(path, kCellSealBytes);
    write_contents(h5, record);
    h5.set_attribute("/", kChecksumAttribute, cell_checksum(h5));
    image = h5.image();
    h5.close();
  }
  seal_image(image);
  write_file_atomically(path, image);
}

}  // namespace dt
