// check_golden_fixture: every field of expected.float32 in a cases.json fixture, on the device and in the compute
// dtype of a GoldenPrecision, under its tolerances (the README's for float32; see golden_precision.h).
#include "dt/golden/golden_fixture.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dt/golden/tolerance_ledger.h"
#include "dt/model/registry.h"
#include "dt/score/choice_scorer.h"
#include "dt/think/thinker.h"
#include "dt/util/error.h"
#include "dt/util/json_file.h"

namespace dt {
namespace {

using nlohmann::json;

std::string idx(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

void compare_scores(ToleranceLedger& ledger, const GoldenPrecision& precision, const std::string& field,
                    const std::vector<QueryScores>& got, const json& expected, bool with_predictions) {
  const auto& lm = expected.at("lm_log_p");
  const auto& norm = expected.at("norm_lm_log_p");
  if (lm.size() != got.size()) return ledger.mismatch(field + ".lm_log_p", "query count differs");
  for (std::size_t q = 0; q < got.size(); ++q) {
    if (lm[q].size() != got[q].lm_log_p.size()) {
      ledger.mismatch(idx(field + ".lm_log_p", q), "choice count differs");
      continue;
    }
    for (std::size_t c = 0; c < got[q].lm_log_p.size(); ++c) {
      ledger.close(idx(idx(field + ".lm_log_p", q), c), got[q].lm_log_p[c], lm[q][c].get<double>(), precision.log_prob);
      ledger.close(idx(idx(field + ".norm_lm_log_p", q), c), got[q].norm_lm_log_p[c], norm[q][c].get<double>(),
                   precision.log_prob);
    }
    if (with_predictions) {
      precision.check_prediction(ledger, idx(field + ".pred_lm_log_p", q), got[q].pred_lm_log_p,
                                 expected.at("pred_lm_log_p")[q].get<long long>(), lm[q].get<std::vector<double>>());
      precision.check_prediction(ledger, idx(field + ".pred_norm_lm_log_p", q), got[q].pred_norm_lm_log_p,
                                 expected.at("pred_norm_lm_log_p")[q].get<long long>(),
                                 norm[q].get<std::vector<double>>());
    }
  }
}

void compare_row(ToleranceLedger& ledger, const std::string& field, const at::Tensor& row, const json& expected,
                 Tolerance tolerance) {
  const auto values = row.to(at::kCPU).to(at::kDouble).contiguous();
  if (static_cast<std::size_t>(values.numel()) != expected.size()) return ledger.mismatch(field, "length differs");
  const double* v = values.data_ptr<double>();
  for (std::size_t i = 0; i < expected.size(); ++i)
    ledger.close(idx(field, i), v[i], expected[i].get<double>(), tolerance);
}

// Logits at one row of ids, with `past` (may be empty) before it.
at::Tensor logits_at(const DecoderLM& model, const std::vector<std::int64_t>& ids, const KVCache& past,
                     std::int64_t row) {
  const auto device = model.info().device;
  const auto t = at::tensor(ids, at::TensorOptions().dtype(at::kLong)).to(device).unsqueeze(0);
  const auto out =
      model.forward(make_causal_batch(t, past.seq_len()), PastKV{&past},
                    at::tensor(std::vector<std::int64_t>{row}, at::TensorOptions().dtype(at::kLong)).to(device));
  return out.logits[0];
}

// The fixture's queries as given and, for scoring without a cache, each joined after the demonstration.
struct FixtureQueries {
  std::vector<QueryChoices> queries, concatenated;
};

FixtureQueries read_fixture_queries(const json& inputs, const std::vector<std::int64_t>& demo) {
  const auto L = static_cast<std::int64_t>(demo.size());
  FixtureQueries fixture;
  for (const auto& q : inputs.at("queries")) {
    QueryChoices qc, cat;
    for (const auto& c : q.at("choices")) {
      ChoiceSequence seq{c.at("input_ids").get<std::vector<std::int64_t>>(), c.at("choice_start").get<std::int64_t>(),
                         c.at("choice_end").get<std::int64_t>()};
      ChoiceSequence joined{demo, seq.choice_start + L, seq.choice_end + L};
      joined.ids.insert(joined.ids.end(), seq.ids.begin(), seq.ids.end());
      qc.choices.push_back(std::move(seq));
      cat.choices.push_back(std::move(joined));
    }
    fixture.queries.push_back(std::move(qc));
    fixture.concatenated.push_back(std::move(cat));
  }
  return fixture;
}

using ScoringModes = std::vector<std::pair<std::string, ScoringOptions>>;  // field prefix, options

// Both scoring modes must match: the released code's batching (padded to inputs.padded_length) and dt's fast one.
ScoringModes scoring_modes(const json& inputs) {
  const std::int64_t batch_size = inputs.value("batch_size", 2);
  return {{"", {batch_size, ScoringMode::Fast, 0}},
          {"reference:", {batch_size, ScoringMode::Reference, inputs.value("padded_length", std::int64_t{0})}}};
}

// plain forward: logits at every position, no past
void check_plain_forward(const DecoderLM& model, const json& inputs, const json& expected,
                         const GoldenPrecision& precision, ToleranceLedger& ledger) {
  const auto ids = inputs.at("plain_forward_ids").get<std::vector<std::int64_t>>();
  const auto t = at::tensor(ids, at::TensorOptions().dtype(at::kLong)).to(precision.device).unsqueeze(0);
  const auto rows =
      at::arange(static_cast<std::int64_t>(ids.size()), at::TensorOptions().dtype(at::kLong).device(precision.device));
  const auto out = model.forward(make_causal_batch(t, 0), PastKV{}, rows);
  const auto& exp = expected.at("plain_forward_logits");
  if (exp.size() != ids.size()) ledger.mismatch("plain_forward_logits", "row count differs");
  for (std::size_t i = 0; i < exp.size() && i < ids.size(); ++i)
    compare_row(ledger, idx("plain_forward_logits", i), out.logits[static_cast<std::int64_t>(i)], exp[i],
                precision.logit);
}

MetaOptimizerSpec run_meta_optimizer(const json& run) {
  MetaOptimizerSpec spec;
  if (run.at("mode") == "gate") {
    spec.kind = MetaOptimizerSpec::Kind::Gate;
    spec.eta = run.at("eta").get<double>();
  } else {
    spec.kind = MetaOptimizerSpec::Kind::Momentum;
    spec.step_size = run.at("step_size").get<double>();
    spec.momentum = run.at("momentum").get<double>();
  }
  return spec;
}

// Per layer: the step's K/V norms, then the sampled K and V entries `samples` (kv_sample_indices) names.
void check_kv_layers(ToleranceLedger& ledger, const GoldenPrecision& precision, const std::string& field,
                     const KVCache& kv, const StepStats& stats, const json& exp, const json& samples) {
  for (std::size_t l = 0; l < kv.num_layers(); ++l) {
    const auto& s = stats.layers[l];
    ledger.close(idx(field + ".k_norm", l), s.k_norm, exp.at("k_norm")[l].get<double>(), precision.norm);
    ledger.close(idx(field + ".v_norm", l), s.v_norm, exp.at("v_norm")[l].get<double>(), precision.norm);
    ledger.close(idx(field + ".new_k_norm", l), s.new_k_norm, exp.at("new_k_norm")[l].get<double>(), precision.norm);
    ledger.close(idx(field + ".new_v_norm", l), s.new_v_norm, exp.at("new_v_norm")[l].get<double>(), precision.norm);
    const auto k = kv.layer(l).k.to(at::kCPU).to(at::kDouble), v = kv.layer(l).v.to(at::kCPU).to(at::kDouble);
    for (std::size_t j = 0; j < samples[l].size(); ++j) {
      const auto h = samples[l][j][0].get<std::int64_t>(), s_ = samples[l][j][1].get<std::int64_t>(),
                 d = samples[l][j][2].get<std::int64_t>();
      ledger.close(idx(idx(field + ".k_samples", l), j), k[0][h][s_][d].item<double>(),
                   exp.at("k_samples")[l][j].get<double>(), precision.sample);
      ledger.close(idx(idx(field + ".v_samples", l), j), v[0][h][s_][d].item<double>(),
                   exp.at("v_samples")[l][j].get<double>(), precision.sample);
    }
  }
}

// What every thinking run of a fixture is checked with.
struct RunContext {
  const DecoderLM& model;
  const std::vector<std::int64_t>& demo;
  const std::vector<QueryChoices>& queries;
  const ScoringModes& modes;
  const json& samples;  // kv_sample_indices
  const json& probe;
  const ChoiceSequence& probe_seq;
};

// One entry of cases.runs: every iteration's K/V, scores in both modes and probe logits against expected.runs.
void check_thinking_run(const RunContext& ctx, const json& run, const json& expected, const GoldenPrecision& precision,
                        ToleranceLedger& ledger) {
  const auto name = run.at("name").get<std::string>();
  const auto spec = run_meta_optimizer(run);
  Thinker thinker(ctx.model, ctx.demo, spec);
  const auto& iterations = expected.at("runs").at(name).at("iterations");
  for (std::size_t i = 0; i < iterations.size(); ++i) {
    const auto& exp = iterations[i];
    const std::string field = "runs." + name + ".iterations" + "[" + std::to_string(i) + "]";
    const auto& kv = thinker.step();
    const auto& stats = thinker.last_stats();
    check_kv_layers(ledger, precision, field, kv, stats, exp, ctx.samples);
    for (const auto& [prefix, options] : ctx.modes)
      compare_scores(ledger, precision, prefix + field, score_choices(ctx.model, kv, ctx.queries, options), exp, true);
    compare_row(ledger, field + ".probe_logits",
                logits_at(ctx.model, ctx.probe_seq.ids, kv, ctx.probe.at("position").get<std::int64_t>()),
                exp.at("probe_logits"), precision.logit);
  }
}

void run_fixture(const std::filesystem::path& dir, const GoldenPrecision& precision, ToleranceLedger& ledger) {
  const auto cases = read_json_file(dir / "cases.json");
  // The README names the format "reference-cases"; the files carry the generator's own name for the same schema.
  const auto format = cases.value("format", "");
  if (format != "deep-thinking-reference-cases/1" && format != "deep-thinking-oracle-cases/1")
    fail((dir / "cases.json").string(), "unknown format '" + format + "' (expected deep-thinking-reference-cases/1)");
  const auto model = load_model(dir, precision.model_options());
  const auto& inputs = cases.at("inputs");
  const auto& expected = cases.at("expected").at("float32");
  const auto demo = inputs.at("demo_ids").get<std::vector<std::int64_t>>();
  const auto fixture = read_fixture_queries(inputs, demo);
  const auto modes = scoring_modes(inputs);
  check_plain_forward(*model, inputs, expected, precision, ledger);

  // in-context learning by concatenation, no cache
  for (const auto& [prefix, options] : modes)
    compare_scores(ledger, precision, prefix + "icl_concat",
                   score_choices(*model, KVCache{}, fixture.concatenated, options), expected.at("icl_concat"), false);

  const auto& samples = cases.at("kv_sample_indices");
  const auto& probe = cases.at("probe");
  const auto& probe_seq =
      fixture.queries.at(probe.at("query").get<std::size_t>()).choices.at(probe.at("choice").get<std::size_t>());
  const RunContext ctx{*model, demo, fixture.queries, modes, samples, probe, probe_seq};
  for (const auto& run : cases.at("runs")) check_thinking_run(ctx, run, expected, precision, ledger);
}

}  // namespace

GoldenOutcome check_golden_fixture(const std::filesystem::path& dir, const std::filesystem::path& jobs_dir,
                                   const GoldenPrecision& precision) {
  GoldenOutcome outcome;
  outcome.name = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  ToleranceLedger ledger;
  try {
    if (std::filesystem::exists(dir / "cell.json"))
      run_golden_cell(dir, jobs_dir, precision, ledger);
    else if (std::filesystem::exists(dir / "cases.json"))
      run_fixture(dir, precision, ledger);
    else
      fail(dir.string(), "not a golden fixture (no cases.json or cell.json)");
  } catch (const std::exception& e) {
    outcome.checked = ledger.checked();
    outcome.failed = ledger.failed();
    const std::string what = e.what();
    outcome.could_not_run = what.substr(0, what.find('\n'));  // LibTorch appends a backtrace
    if (outcome.could_not_run.empty()) outcome.could_not_run = "an error without a message";
    return outcome;
  }
  outcome.checked = ledger.checked();
  outcome.failed = ledger.failed();
  outcome.passed = ledger.ok() && ledger.checked() > 0;
  outcome.detail = ledger.worst();
  if (ledger.allowed_differences() > 0)
    outcome.detail += "; " + std::to_string(ledger.allowed_differences()) + " near-tie prediction(s) differ";
  return outcome;
}

}  // namespace dt
