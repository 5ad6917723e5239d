// dt-bench: one cell (default: the SST-2 cell of ../shared/notes/perf_baseline.md on a GPT-2-small-shaped random
// checkpoint with the real GPT-2 tokenizer: seed 0, k 4, 64 queries, 3 steps, batch 32, float32, 2 threads) scored in
// the reference-faithful mode and in the fast mode in the same process. Per stage (tokenize, think, evaluate) it
// prints wall seconds, tokens forwarded (real / padding), useful FLOPs and achieved GFLOP/s, the GEMM rate measured
// in the same run (on the bench's device and dtype), peak memory, and the speed-up reference / fast. It also checks
// that both modes agree. --layers/--hidden/--heads/--vocab/--positions give the random checkpoint another GPT-2 shape
// (GPT-2 XL: 48, 1600, 25, 50257, 1024); on CUDA every stage is timed up to the end of its queued kernels.
#include <ATen/ATen.h>
#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>

#include "command_line.h"
#include "dt/bench/flop_model.h"
#include "dt/cell/cell_prompts.h"
#include "dt/cell/cell_tokens.h"
#include "dt/golden/golden_precision.h"
#include "dt/model/checkpoint.h"
#include "dt/model/device.h"
#include "dt/model/registry.h"
#include "dt/model/stage_clock.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/think/thinker.h"
#include "dt/util/blas_setup.h"
#include "dt/util/error.h"
#include "dt/util/threads.h"

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Best of several n x n x n products on `device` in `dtype`, GFLOP/s.
double gemm_gflops(std::int64_t n, const at::Device& device, at::ScalarType dtype) {
  const auto on = at::TensorOptions().dtype(dtype).device(device);
  const auto a = at::randn({n, n}, on), b = at::randn({n, n}, on);
  at::mm(a, b);  // warm-up
  dt::synchronize(device);
  double best = 0;
  for (int i = 0; i < (device.is_cuda() ? 10 : 3); ++i) {
    const auto t = Clock::now();
    const auto c = at::mm(a, b);
    dt::synchronize(device);
    best =
        std::max(best, 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n) / since(t) / 1e9);
  }
  return best;
}

struct Evaluation {
  double seconds = 0, tokenize_extra = 0, peak_mib = 0;
  dt::ScoringStats stats;
  std::vector<std::vector<dt::QueryScores>> per_step;
};

std::string shared_default(const std::string& relative) {
  const char* env = std::getenv("DT_SHARED_DIR");
  return (std::filesystem::path(env != nullptr ? env : DT_DEFAULT_SHARED_DIR) / relative).string();
}

}  // namespace

// One more fast-mode pass over step 1's KV with the stage clock on: where its wall time goes (model/stage_clock.h).
void print_stage_split(const dt::DecoderLM& model, const dt::KVCache& kv, const std::vector<dt::QueryChoices>& queries,
                       const dt::ScoringOptions& options) {
  dt::enable_stage_clock(true);
  const auto start = Clock::now();
  dt::score_choices(model, kv, queries, options);
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  const auto seconds = dt::stage_seconds();
  dt::enable_stage_clock(false);
  std::printf("\nfast evaluate of one step, by stage (wall time, stage clock on):\n");
  double timed = 0;
  for (std::size_t i = 0; i < dt::kStageCount; ++i) {
    timed += seconds[i];
    std::printf("  %-28s %8.3f s %5.1f%%\n", dt::stage_name(static_cast<dt::Stage>(i)), seconds[i],
                100 * seconds[i] / total);
  }
  std::printf("  %-28s %8.3f s %5.1f%%\n", "other (embeddings, rotary, residuals, heads, masks, scorer)", total - timed,
              100 * (total - timed) / total);
}

int main(int argc, char** argv) {
  dt::ensure_fast_blas(argc, argv);
  std::string model_dir, tokenizer = shared_default("tokenizers/gpt2"), data_root = shared_default("data"),
                         task = DT_DEFAULT_JOBS_DIR "/sst2.toml", modes = "both", dtype = "float32", device = "cpu";
  std::int64_t queries = 64, steps = 3, k = 4, batch = 32, budget = dt::ScoringOptions{}.token_budget;
  std::uint64_t seed = 0;
  int threads = 2, repeat = 1;
  dt::SyntheticModelSpec shape;
  shape.arch = "gpt2";
  shape.layers = 12;
  shape.hidden = 768;
  shape.heads = 12;
  shape.vocab = 50257;
  shape.positions = 1024;
  shape.std = 0.02;
  po::options_description options("dt-bench [options]");
  options.add_options()("help,h", "show this help")(
      "model", po::value(&model_dir),
      "checkpoint directory (default: a GPT-2-small-shaped random one, generated once under build/)")(
      "tokenizer", po::value(&tokenizer)->default_value(tokenizer), "tokenizer directory")(
      "task", po::value(&task)->default_value(task), "task card")(
      "data-root", po::value(&data_root)->default_value(data_root), "data root")(
      "queries", po::value(&queries)->default_value(queries), "queries scored")(
      "steps", po::value(&steps)->default_value(steps), "Deep-Thinking steps")(
      "k", po::value(&k)->default_value(k), "shots")("seed", po::value(&seed)->default_value(seed), "seed")(
      "batch-size", po::value(&batch)->default_value(batch), "batch size")(
      "token-budget", po::value(&budget)->default_value(budget), "fast mode: tokens per packed forward")(
      "repeat", po::value(&repeat)->default_value(repeat),
      "evaluate each mode this many times and keep the fastest (noisy machines)")(
      "threads", po::value(&threads)->default_value(threads), "LibTorch threads")(
      "modes", po::value(&modes)->default_value(modes), "both, fast or reference")(
      "dtype", po::value(&dtype)->default_value(dtype), "compute dtype")(
      "device", po::value(&device)->default_value(device), "cpu or cuda")(
      "layers", po::value(&shape.layers)->default_value(shape.layers), "random checkpoint: layers")(
      "hidden", po::value(&shape.hidden)->default_value(shape.hidden), "random checkpoint: hidden size")(
      "heads", po::value(&shape.heads)->default_value(shape.heads), "random checkpoint: attention heads")(
      "vocab", po::value(&shape.vocab)->default_value(shape.vocab), "random checkpoint: vocabulary")(
      "positions", po::value(&shape.positions)->default_value(shape.positions), "random checkpoint: positions");
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-bench", options}, argc, argv, vm)) return *status;
  try {
    dt::configure_threads(threads);
    const auto compute_device = dt::parse_device_name(device, "--device");
    const auto compute_dtype = dt::parse_dtype_name(dtype, "--dtype");
    if (model_dir.empty()) {
      model_dir = DT_DEFAULT_BENCH_MODEL_DIR;
      if (shape.layers != 12 || shape.hidden != 768 || shape.heads != 12 || shape.vocab != 50257 ||
          shape.positions != 1024)
        model_dir = std::filesystem::path(model_dir).parent_path() /
                    ("gpt2-l" + std::to_string(shape.layers) + "-d" + std::to_string(shape.hidden) + "-h" +
                     std::to_string(shape.heads) + "-v" + std::to_string(shape.vocab) + "-p" +
                     std::to_string(shape.positions) + "-random");
      if (!std::filesystem::exists(model_dir)) {
        std::printf("generating a random GPT-2-architecture checkpoint in %s ...\n", model_dir.c_str());
        std::fflush(stdout);
        dt::write_synthetic_checkpoint(shape, model_dir);
      }
    }
    const std::int64_t gemm_n = compute_device.is_cuda() ? 8192 : 2048;
    const double gemm = gemm_gflops(gemm_n, compute_device, compute_dtype);
    auto t = Clock::now();
    const auto model = dt::load_model(model_dir, {compute_dtype, compute_device});
    const double load_seconds = since(t);
    const auto& info = model->info();
    const auto cost = dt::model_cost(dt::Checkpoint(model_dir), info.num_layers, info.hidden_size, info.vocab_size,
                                     info.num_heads * info.head_dim);

    // tokenize: data, selection, prompts, token ids (what every mode needs)
    t = Clock::now();
    const auto card = dt::load_task_card(task);
    const auto data = dt::load_task_data(card, data_root);
    const auto prompts = dt::build_cell_prompts(card, data, seed, k, queries);
    const auto tok = dt::load_tokenizer(tokenizer);
    const auto tokens = dt::tokenize_cell(*tok, prompts);
    const double tokenize_seconds = since(t);
    // the reference's extra tokenization: the longest sequence of the whole eval split, to pad to
    t = Clock::now();
    const std::int64_t padded = dt::reference_padded_length(*tok, dt::all_eval_examples(card, data, prompts));
    const double padded_seconds = since(t);

    // think: every step's KV kept for both modes
    t = Clock::now();
    dt::Thinker thinker(*model, tokens.demo_ids, {});
    std::vector<dt::KVCache> kv;
    for (std::int64_t s = 0; s < steps; ++s) kv.push_back(thinker.step().clone());
    dt::synchronize(compute_device);
    const double think_seconds = since(t);
    const auto L = static_cast<std::int64_t>(tokens.demo_ids.size());

    std::vector<std::pair<std::string, dt::ScoringMode>> runs;
    if (modes == "both" || modes == "fast") runs.emplace_back("fast", dt::ScoringMode::Fast);
    if (modes == "both" || modes == "reference") runs.emplace_back("reference", dt::ScoringMode::Reference);
    if (runs.empty()) dt::fail("--modes", "both, fast or reference");
    std::map<std::string, Evaluation> evals;
    for (const auto& [name, mode] : runs) {
      Evaluation e;
      t = Clock::now();
      for (const auto& cache : kv)
        e.per_step.push_back(dt::score_choices(*model, cache, tokens.queries, {batch, mode, padded, budget}, &e.stats));
      dt::synchronize(compute_device);
      e.seconds = since(t);
      e.tokenize_extra = mode == dt::ScoringMode::Reference ? padded_seconds : 0.0;
      e.peak_mib = peak_rss_mib();
      evals[name] = std::move(e);
    }

    const auto useful_eval = dt::useful_scoring_work(tokens.queries, L);
    const auto useful_think = dt::useful_thinking_work(L, steps);
    const double useful_eval_flops = useful_eval.flops(cost) * static_cast<double>(steps);
    const double useful_think_flops = useful_think.flops(cost);
    std::printf("\ndt-bench: %s, %s, seed %llu, k %lld, %zu queries, %lld steps, batch %lld, %s on %s, %d threads\n",
                card.name.c_str(), model_dir.c_str(), static_cast<unsigned long long>(seed), static_cast<long long>(k),
                tokens.queries.size(), static_cast<long long>(steps), static_cast<long long>(batch), dtype.c_str(),
                device.c_str(), threads);
    std::printf("model: %lld layers, d %lld, vocab %lld, %.1f M non-embedding parameters (load %.1f s, excluded)\n",
                static_cast<long long>(info.num_layers), static_cast<long long>(info.hidden_size),
                static_cast<long long>(info.vocab_size), cost.non_embedding_params / 1e6, load_seconds);
    std::printf(
        "demonstration %lld tokens; padded length of the eval split %lld; GEMM rate (%lld^3 %s on %s, this run) "
        "%.1f GFLOP/s%s\n\n",
        static_cast<long long>(L), static_cast<long long>(padded), static_cast<long long>(gemm_n), dtype.c_str(),
        device.c_str(), gemm,
        compute_device.is_cuda() ? "" : (" (OpenBLAS core " + dt::blas_core_name() + ")").c_str());
    std::printf("%-10s %-10s %9s %16s %12s %12s %10s %10s\n", "stage", "mode", "wall s", "tokens real/pad", "useful GF",
                "useful GF/s", "done GF", "peak MiB");
    std::printf("%-10s %-10s %9.3f %16s %12s %12s %10s %10s\n", "tokenize", "both", tokenize_seconds, "", "", "", "",
                "");
    std::printf("%-10s %-10s %9.3f %16s %12s %12s %10s %10s\n", "tokenize", "+reference", padded_seconds, "", "", "",
                "", "");
    std::printf("%-10s %-10s %9.3f %16s %12.1f %12.1f %10s %10s\n", "think", "both", think_seconds,
                (std::to_string(static_cast<long long>(useful_think.tokens)) + "/0").c_str(), useful_think_flops / 1e9,
                useful_think_flops / 1e9 / think_seconds, "", "");
    for (const auto& [name, e] : evals) {
      const double done = dt::performed_work(e.stats).flops(cost);
      std::printf("%-10s %-10s %9.3f %16s %12.1f %12.1f %10.1f %10.0f\n", "evaluate", name.c_str(), e.seconds,
                  (std::to_string(e.stats.real_tokens) + "/" + std::to_string(e.stats.pad_tokens)).c_str(),
                  useful_eval_flops / 1e9, useful_eval_flops / 1e9 / e.seconds, done / 1e9, e.peak_mib);
    }
    for (const auto& [name, e] : evals) {
      const double cell = tokenize_seconds + e.tokenize_extra + think_seconds + e.seconds;
      std::printf("%-10s %-10s %9.3f %16s %12.1f %12.1f\n", "cell", name.c_str(), cell, "",
                  (useful_eval_flops + useful_think_flops) / 1e9,
                  (useful_eval_flops + useful_think_flops) / 1e9 / cell);
    }
    for (const auto& [name, e] : evals)
      std::printf("evaluate %s: useful %.2f TFLOP/s = %.0f%% of the GEMM rate\n", name.c_str(),
                  useful_eval_flops / 1e12 / e.seconds, 100.0 * useful_eval_flops / 1e9 / e.seconds / gemm);
    if (evals.count("fast") && !compute_device.is_cuda())
      print_stage_split(*model, kv.front(), tokens.queries, {batch, dt::ScoringMode::Fast, padded, budget});
    if (evals.count("fast") && evals.count("reference")) {
      const auto& f = evals["fast"];
      const auto& r = evals["reference"];
      // the golden tolerance of this device and dtype (golden_precision.h): README's in float32, looser in 16 bits
      const auto tolerance = dt::GoldenPrecision::of(compute_device, compute_dtype).log_prob;
      double worst = 0;
      bool same_predictions = true;
      for (std::size_t s = 0; s < f.per_step.size(); ++s)
        for (std::size_t q = 0; q < f.per_step[s].size(); ++q) {
          same_predictions &= f.per_step[s][q].pred_lm_log_p == r.per_step[s][q].pred_lm_log_p &&
                              f.per_step[s][q].pred_norm_lm_log_p == r.per_step[s][q].pred_norm_lm_log_p;
          for (std::size_t c = 0; c < f.per_step[s][q].lm_log_p.size(); ++c)
            worst = std::max(worst, std::fabs(f.per_step[s][q].lm_log_p[c] - r.per_step[s][q].lm_log_p[c]) /
                                        (tolerance.atol + tolerance.rtol * std::fabs(r.per_step[s][q].lm_log_p[c])));
        }
      const double cell_f = tokenize_seconds + think_seconds + f.seconds;
      const double cell_r = tokenize_seconds + padded_seconds + think_seconds + r.seconds;
      std::printf("\nspeed-up reference / fast: evaluate %.1fx, whole cell %.1fx\n", r.seconds / f.seconds,
                  cell_r / cell_f);
      std::printf("fast evaluate: %.0f%% of the GEMM rate on useful FLOPs; reference did %.1fx the useful FLOPs\n",
                  100.0 * useful_eval_flops / 1e9 / f.seconds / gemm,
                  dt::performed_work(r.stats).flops(cost) / useful_eval_flops);
      std::printf("modes agree: predictions %s, worst lm_log_p difference %.3f of the golden tolerance\n",
                  same_predictions ? "identical" : "DIFFER", worst);
      if (!same_predictions || worst > 1.0) return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "dt-bench: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  return 0;
}
