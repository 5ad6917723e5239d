// dt-run: one grid cell end to end. Builds the demonstrations and queries from the task card and the data, thinks
// T steps, scores the eval set after every requested step and writes one HDF5 result file (atomically).
#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "command_line.h"
#include "dt/cell/cell_executor.h"
#include "dt/config/meta_optimizer_spec.h"
#include "dt/model/threads.h"
#include "dt/results/cell_file.h"
#include "dt/util/blas_setup.h"
#include "dt/util/crash_report.h"
#include "dt/util/error.h"
#include "dt/util/log.h"
#include "dt/util/output_location.h"

namespace po = boost::program_options;

namespace {

struct RunOptions {
  dt::CellConfig cell;
  std::string model, tokenizer, task, data_root, output, optimizer = "momentum", layers = "all", demos = "plain",
                                                         estimator = "released";
  std::vector<double> ramp;
  std::vector<std::string> stop_rules;
  int threads = 0;
  bool overwrite = false;
};

// Fills `o` from the command line; an exit status when dt-run should stop there (--help, a usage error).
std::optional<int> parse_options(int argc, char** argv, RunOptions& o) {
  dt::CellConfig& c = o.cell;
  po::options_description options(
      "dt-run --model DIR --task jobs/TASK.toml --data-root DIR --output FILE.h5 [options]");
  options.add_options()("help,h", "show this help")("model", po::value(&o.model)->required(),
                                                    "HF checkpoint directory")(
      "tokenizer", po::value(&o.tokenizer), "tokenizer directory (default: the model directory)")(
      "task", po::value(&o.task)->required(), "task card (jobs/<task>.toml)")(
      "data-root", po::value(&o.data_root)->required(), "directory the card's data paths are relative to")(
      "output", po::value(&o.output)->required(), "result file (HDF5)")("seed", po::value(&c.seed)->default_value(0),
                                                                        "random seed of demonstration selection")(
      "k", po::value(&c.k)->default_value(1), "shots (per label for stratified tasks); 0: zero-shot, scored once")(
      "demonstrations", po::value(&o.demos)->default_value(o.demos),
      "plain, repeat:R (the demonstrations R times in the prompt, scored once) or flipped (seeded wrong labels)")(
      "demo-order", po::value(&c.demo_order)->default_value(0),
      "show the same demonstrations in seeded order r (0: as drawn; docs/algorithm.md)")(
      "exemplars", po::value(&c.exemplars)->default_value(c.exemplars),
      "how the demonstrations are drawn, as the authors' --exemplar_method: card (the card's own), random, stratified "
      "or written")(
      "demo-max-tokens", po::value(&c.demo_max_tokens)->default_value(0),
      "keep only the last N demonstration tokens (the later code does this with N = 400 for GPT-2); 0 keeps all")(
      "steps", po::value(&c.steps)->default_value(1), "Deep-Thinking steps T (step 1 = plain ICL)")(
      "eval-steps", po::value(&c.eval_steps)->multitoken(), "steps to score (default: every step)")(
      "optimizer", po::value(&o.optimizer)->default_value(o.optimizer),
      "meta-optimizer: momentum, gate, nesterov, adam or normalized (docs/algorithm.md)")(
      "step-size", po::value(&c.optimizer.step_size)->default_value(0.01, "0.01"),
      "momentum, nesterov, adam, normalized: step size eps")(
      "momentum", po::value(&c.optimizer.momentum)->default_value(0.9, "0.9"), "momentum, nesterov, normalized: beta")(
      "eta", po::value(&c.optimizer.eta)->default_value(0.1, "0.1"), "gate: eta")(
      "beta1", po::value(&c.optimizer.beta1)->default_value(0.9, "0.9"), "adam: first-moment decay")(
      "beta2", po::value(&c.optimizer.beta2)->default_value(0.999, "0.999"), "adam: second-moment decay")(
      "delta", po::value(&c.optimizer.delta)->default_value(1e-8, "1e-08"), "adam: the constant added to the root")(
      "layers", po::value(&o.layers)->default_value(o.layers),
      "layers the meta-optimizer tunes: all, first:N, last:N or indices 0,3,5 (the others keep their KV)")(
      "ramp", po::value(&o.ramp)->multitoken(), "FROM TO: step scale at the first and the last layer, linear between")(
      "estimator", po::value(&o.estimator)->default_value(o.estimator),
      "pseudo-gradient estimator: released, position-matched, layer-sequential or order-average:R "
      "(docs/algorithm.md)")(
      "stop-rule", po::value(&o.stop_rules)->composing(),
      "NAME,KIND,THRESHOLD: a stopping rule to record (KIND relative_gradient or gradient_cosine); repeatable")(
      "stop", po::value(&c.stop), "NAME: end the trajectory where this --stop-rule first holds")(
      "batch-size", po::value(&c.batch_size)->default_value(32), "sequences per forward when scoring")(
      "dtype", po::value(&c.dtype)->default_value("float32"), "float32, float16, bfloat16")(
      "device", po::value(&c.device)->default_value("cpu"), "cpu, cuda, cuda:N")(
      "weights", po::value(&c.weights)->default_value("native"),
      "native, or int8: linear weights in int8 with per-channel scales (in the cell's key)")(
      "attention", po::value(&c.attention)->default_value("auto"),
      "auto (fused on CUDA where LibTorch has it), matmul, or fused (scaled_dot_product_attention)")(
      "tokens-per-forward", po::value(&c.tokens_per_forward)->default_value(0),
      "fast scoring: tokens per packed forward (0 = chosen from the device and its free memory)")(
      "max-queries", po::value(&c.max_queries)->default_value(0), "score only the first N queries (0 = all)")(
      "dev-queries", po::value(&c.dev_queries)->default_value(0),
      "a dev split of N pool rows (not the demonstrations) scored after every step, for --step dev (0 = none)")(
      "scoring", po::value(&c.scoring)->default_value("fast"),
      "fast, or reference (the released code's batching; slow)")(
      "model-name", po::value(&c.model_name), "label stored in the result (default: the model directory's name)")(
      "threads", po::value(&o.threads)->default_value(0), "LibTorch threads (0 = all cores)")(
      "overwrite", po::bool_switch(&o.overwrite), "replace an existing result with another configuration");
  po::variables_map vm;
  return dt::parse_command_line({"dt-run", options}, argc, argv, vm);
}

// Before any work: where the result goes, and what is already there (a damaged file is moved to corrupt/).
void check_result_location(const std::string& output) {
  dt::check_output_location(output);
  if (const auto existing = dt::check_cell_file(output); existing.state == dt::CellFileState::Damaged) {
    const auto moved = dt::set_aside_file(output, std::filesystem::path(output).parent_path() / "corrupt");
    std::cerr << "dt-run: " << output << ": " << existing.problem << "; moved to " << moved.string()
              << ", computing the cell again\n";
  }
}

// Completes `o.cell` from the options kept as text, then validates it.
void complete_cell_config(RunOptions& o) {
  dt::CellConfig& c = o.cell;
  c.model_dir = o.model;
  c.tokenizer_dir = o.tokenizer;
  c.task_card = o.task;
  c.data_root = o.data_root;
  c.demos = dt::DemoVariant::parse(o.demos, "--demonstrations");
  c.optimizer.kind = dt::parse_meta_optimizer_kind(o.optimizer, "--optimizer");
  c.optimizer.layers = dt::parse_layer_selection(o.layers, "--layers");
  c.optimizer.estimator = dt::EstimatorSpec::parse(o.estimator, "--estimator");
  if (!o.ramp.empty()) {
    if (o.ramp.size() != 2) dt::fail("--ramp", "give two numbers: the step scale at the first and the last layer");
    c.optimizer.layers.ramp_from = o.ramp[0];
    c.optimizer.layers.ramp_to = o.ramp[1];
  }
  for (const auto& text : o.stop_rules) c.stop_rules.push_back(dt::parse_stop_rule_text(text, "--stop-rule"));
  if (c.model_name.empty()) c.model_name = std::filesystem::path(o.model).lexically_normal().filename().string();
  dt::validate_cell_config(c, "command line");  // before the task card is read, so no error names the card
}

// Runs the cell with its progress printed, then says what was written.
void run_cell(const RunOptions& o) {
  const dt::CellConfig& c = o.cell;
  dt::configure_threads(o.threads);
  dt::CellExecutor executor;
  dt::CellHooks hooks;
  hooks.on_evaluation = [](const dt::StepEvaluation& e) {
    std::printf("step %lld: accuracy %.4f (lm_log_p) %.4f (norm_lm_log_p) over %zu queries\n",
                static_cast<long long>(e.step), e.accuracy_lm_log_p, e.accuracy_norm_lm_log_p, e.scores.size());
    std::fflush(stdout);
  };
  // Progress on stderr: step, queries done, rate, ETA of the step; at most every two seconds and at each step's end.
  const auto log = dt::Log::to_stderr("dt-run");
  const auto steps = c.effective_eval_steps();
  auto step_start = std::chrono::steady_clock::now(), last = step_start;
  std::int64_t current = -1;
  hooks.on_progress = [&](std::int64_t step, std::size_t done, std::size_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (step != current) current = step, step_start = now;
    if (done == 0 || (done < total && now - last < std::chrono::seconds(2))) return;
    last = now;
    const double seconds = std::chrono::duration<double>(now - step_start).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    const auto ordinal = std::find(steps.begin(), steps.end(), step) - steps.begin() + 1;
    log.info("step " + std::to_string(step) + " (" + std::to_string(ordinal) + " of " + std::to_string(steps.size()) +
             " scored steps): " + std::to_string(done) + "/" + std::to_string(total) + " queries, " +
             dt::fixed(rate, 1) + " queries/s, ETA " +
             dt::fixed(rate > 0 ? static_cast<double>(total - done) / rate : 0.0, 0) + " s");
  };
  const auto outcome = executor.run(c, o.output, hooks, o.overwrite);
  if (outcome.skipped)
    std::printf("%s is complete for this configuration (key %s); nothing to do\n", o.output.c_str(),
                outcome.key.substr(0, 12).c_str());
  else
    std::printf("wrote %s (key %s, %.1f s)\n", o.output.c_str(), outcome.key.substr(0, 12).c_str(), outcome.seconds);
}

}  // namespace

int main(int argc, char** argv) {
  dt::ensure_fast_blas(argc, argv);
  dt::install_crash_report("dt-run");
  RunOptions o;
  if (const auto status = parse_options(argc, argv, o)) return *status;
  try {
    check_result_location(o.output);
    complete_cell_config(o);
    run_cell(o);
  } catch (const std::exception& e) {
    std::cerr << "dt-run: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  return 0;
}
