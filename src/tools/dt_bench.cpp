// dt-bench: one cell (default: the SST-2 cell of ../shared/notes/perf_baseline.md on a GPT-2-small-shaped random
// checkpoint with the real GPT-2 tokenizer: seed 0, k 4, 64 queries, 3 steps, batch 32, float32, 2 threads) scored in
// the reference-faithful mode and in the fast mode in the same process. Per stage (tokenize, think, evaluate) it
// prints wall seconds, tokens forwarded (real / padding), useful FLOPs and achieved GFLOP/s, the GEMM rate measured
// in the same run (on the bench's device and dtype), peak memory, and the speed-up reference / fast. It also checks
// that both modes agree. --arch/--layers/--hidden/--heads/--ffn/--vocab/--positions/--disk-dtype give the random
// checkpoint another shape (GPT-2 XL: gpt2, 48, 1600, 25; LLaMA-2-7B's layers: llama, d 4096, 32 heads, FFN 11008);
// --weights, --attention and --tokens-per-forward choose the execution (dt/model/execution_options.h), and the
// setup line shows what loading the model added to private host memory and to device memory. On CUDA every stage
// is timed up to the end of its queued kernels.
#include <ATen/ATen.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>

#include "bench_memory.h"
#include "command_line.h"
#include "dt/bench/flop_model.h"
#include "dt/cell/cell_tokens.h"
#include "dt/golden/golden_precision.h"
#include "dt/model/checkpoint.h"
#include "dt/model/device.h"
#include "dt/model/registry.h"
#include "dt/model/stage_clock.h"
#include "dt/model/threads.h"
#include "dt/score/tokens_per_forward.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/task/cell_prompts.h"
#include "dt/think/thinker.h"
#include "dt/util/blas_setup.h"
#include "dt/util/crash_report.h"
#include "dt/util/error.h"
#include "dt/util/install_layout.h"

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

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
  double device_mib = -1;  // device memory in use after the evaluation (-1: not a GPU)
  dt::ScoringStats stats;
  std::vector<std::vector<dt::QueryScores>> per_step;
};

std::string shared_default(const std::string& relative) {
  const char* env = std::getenv("DT_SHARED_DIR");
  return ((env != nullptr ? std::filesystem::path(env) : dt::share_dir() / "shared") / relative).string();
}

// Where a generated benchmark checkpoint is kept between runs: $XDG_CACHE_HOME/dt/bench-models (else
// ~/.cache/dt/bench-models, else ./bench-models).
std::filesystem::path bench_model_cache() {
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache != '\0')
    return std::filesystem::path(cache) / "dt" / "bench-models";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".cache" / "dt" / "bench-models";
  return "bench-models";
}

// GPT-2 small's shape: the default random checkpoint.
dt::SyntheticModelSpec gpt2_small_shape() {
  dt::SyntheticModelSpec shape;
  shape.arch = "gpt2";
  shape.layers = 12;
  shape.hidden = 768;
  shape.heads = 12;
  shape.vocab = 50257;
  shape.positions = 1024;
  shape.std = 0.02;
  return shape;
}

struct BenchOptions {
  std::string model_dir, tokenizer = shared_default("tokenizers/gpt2"), data_root = shared_default("data"),
                         task = (dt::share_dir() / "jobs" / "sst2.toml").string(), modes = "both", dtype = "float32",
                         device = "cpu", weights = "native", attention = "auto";
  std::int64_t queries = 64, steps = 3, k = 4, batch = 32, budget = 0;  // budget 0: tokens_per_forward.h's choice
  std::uint64_t seed = 0;
  int threads = 2, repeat = 1;
  dt::SyntheticModelSpec shape = gpt2_small_shape();
};

// Fills `o` from the command line; an exit status when dt-bench should stop there (--help, a usage error).
std::optional<int> parse_options(int argc, char** argv, BenchOptions& o) {
  po::options_description options("dt-bench [options]");
  options.add_options()("help,h", "show this help")(
      "model", po::value(&o.model_dir),
      "checkpoint directory (default: a GPT-2-small-shaped random one, generated once under build/)")(
      "tokenizer", po::value(&o.tokenizer)->default_value(o.tokenizer), "tokenizer directory")(
      "task", po::value(&o.task)->default_value(o.task), "task card")(
      "data-root", po::value(&o.data_root)->default_value(o.data_root), "data root")(
      "queries", po::value(&o.queries)->default_value(o.queries), "queries scored")(
      "steps", po::value(&o.steps)->default_value(o.steps), "Deep-Thinking steps")(
      "k", po::value(&o.k)->default_value(o.k), "shots")("seed", po::value(&o.seed)->default_value(o.seed), "seed")(
      "batch-size", po::value(&o.batch)->default_value(o.batch), "batch size")(
      "tokens-per-forward", po::value(&o.budget)->default_value(o.budget),
      "fast mode: tokens per packed forward (0 = chosen from the device, as dt-run does)")(
      "weights", po::value(&o.weights)->default_value(o.weights), "native or int8 linear weights")(
      "attention", po::value(&o.attention)->default_value(o.attention), "auto, matmul or fused")(
      "repeat", po::value(&o.repeat)->default_value(o.repeat),
      "evaluate each mode this many times and keep the fastest (noisy machines)")(
      "threads", po::value(&o.threads)->default_value(o.threads), "LibTorch threads")(
      "modes", po::value(&o.modes)->default_value(o.modes), "both, fast or reference")(
      "dtype", po::value(&o.dtype)->default_value(o.dtype), "compute dtype")(
      "device", po::value(&o.device)->default_value(o.device), "cpu or cuda")(
      "arch", po::value(&o.shape.arch)->default_value(o.shape.arch),
      "random checkpoint: architecture (gpt2, llama, ...)")(
      "layers", po::value(&o.shape.layers)->default_value(o.shape.layers), "random checkpoint: layers")(
      "ffn", po::value(&o.shape.ffn)->default_value(o.shape.ffn),
      "random checkpoint: FFN width (0 = the arch's default)")(
      "disk-dtype", po::value(&o.shape.disk_dtype)->default_value(o.shape.disk_dtype),
      "random checkpoint: stored dtype (F32, F16, BF16)")(
      "hidden", po::value(&o.shape.hidden)->default_value(o.shape.hidden), "random checkpoint: hidden size")(
      "heads", po::value(&o.shape.heads)->default_value(o.shape.heads), "random checkpoint: attention heads")(
      "vocab", po::value(&o.shape.vocab)->default_value(o.shape.vocab), "random checkpoint: vocabulary")(
      "positions", po::value(&o.shape.positions)->default_value(o.shape.positions), "random checkpoint: positions");
  po::variables_map vm;
  return dt::parse_command_line({"dt-bench", options}, argc, argv, vm);
}

// The random checkpoint of `shape` in bench_model_cache(), written the first time it is needed: "gpt2-small-random"
// for gpt2_small_shape(), else named by its dimensions.
std::string random_checkpoint_dir(const dt::SyntheticModelSpec& shape) {
  const auto small = gpt2_small_shape();
  const bool is_small = shape.arch == small.arch && shape.layers == small.layers && shape.hidden == small.hidden &&
                        shape.heads == small.heads && shape.vocab == small.vocab &&
                        shape.positions == small.positions && shape.ffn == small.ffn &&
                        shape.disk_dtype == small.disk_dtype;
  const std::string name = is_small ? std::string("gpt2-small-random")
                                    : shape.arch + "-l" + std::to_string(shape.layers) + "-d" +
                                          std::to_string(shape.hidden) + "-h" + std::to_string(shape.heads) + "-f" +
                                          std::to_string(shape.ffn) + "-v" + std::to_string(shape.vocab) + "-p" +
                                          std::to_string(shape.positions) + "-" + shape.disk_dtype + "-random";
  const std::string model_dir = (bench_model_cache() / name).string();
  if (!std::filesystem::exists(model_dir)) {
    std::printf("generating a random %s checkpoint in %s ...\n", shape.arch.c_str(), model_dir.c_str());
    std::fflush(stdout);
    dt::write_synthetic_checkpoint(shape, model_dir);
  }
  return model_dir;
}

struct Gemm {
  std::int64_t n = 0;  // n x n x n products
  double gflops = 0;
};

struct LoadedModel {
  std::unique_ptr<dt::DecoderLM> model;
  double load_seconds = 0;
  dt::ModelCost cost;
  double host_private_mib = 0, device_mib = -1;  // what loading added: private host memory, device memory
};

LoadedModel load_bench_model(const std::string& model_dir, const dt::ModelOptions& options) {
  const double host_before = dt::bench::private_rss_mib(), device_before = dt::bench::device_used_mib(options.device);
  const auto t = Clock::now();
  auto model = dt::load_model(model_dir, options);
  dt::synchronize(options.device);
  const double load_seconds = since(t);
  const double host_private = dt::bench::private_rss_mib() - host_before;
  const double device_after = dt::bench::device_used_mib(options.device);
  const auto& info = model->info();
  const auto cost = dt::model_cost(dt::Checkpoint(model_dir), info.num_layers, info.hidden_size, info.vocab_size,
                                   info.num_heads * info.head_dim);
  return {std::move(model), load_seconds, cost, host_private,
          device_before >= 0 && device_after >= 0 ? device_after - device_before : -1.0};
}

// tokenize: data, selection, prompts, token ids (what every mode needs)
struct TokenizedCell {
  dt::TaskCard card;
  dt::TaskData data;
  dt::CellPrompts prompts;
  std::unique_ptr<dt::Tokenizer> tokenizer;
  dt::CellTokens tokens;
  double seconds = 0;
  // the reference's extra tokenization: the longest sequence of the whole eval split, to pad to
  std::int64_t padded = 0;
  double padded_seconds = 0;
};

TokenizedCell tokenize_phase(const BenchOptions& o) {
  TokenizedCell cell;
  auto t = Clock::now();
  cell.card = dt::load_task_card(o.task);
  cell.data = dt::load_task_data(cell.card, o.data_root);
  cell.prompts = dt::build_cell_prompts(cell.card, cell.data, o.seed, o.k, o.queries);
  cell.tokenizer = dt::load_tokenizer(o.tokenizer);
  cell.tokens = dt::tokenize_cell(*cell.tokenizer, cell.prompts);
  cell.seconds = since(t);
  t = Clock::now();
  cell.padded = dt::reference_padded_length(*cell.tokenizer, dt::all_eval_examples(cell.card, cell.data, cell.prompts));
  cell.padded_seconds = since(t);
  return cell;
}

// think: every step's KV kept for both modes
struct Thinking {
  dt::Thinker thinker;
  std::vector<dt::KVCache> kv;
  double seconds = 0;
};

Thinking think_phase(const dt::DecoderLM& model, const dt::CellTokens& tokens, std::int64_t steps,
                     const at::Device& device) {
  const auto t = Clock::now();
  Thinking thinking{dt::Thinker(model, tokens.demo_ids, {}), {}, 0};
  for (std::int64_t s = 0; s < steps; ++s) thinking.kv.push_back(thinking.thinker.step().clone());
  dt::synchronize(device);
  thinking.seconds = since(t);
  return thinking;
}

// evaluate: every step's KV scored in each mode --modes names
std::map<std::string, Evaluation> evaluate_phase(const BenchOptions& o, const dt::DecoderLM& model,
                                                 const Thinking& thinking, const TokenizedCell& cell,
                                                 const at::Device& device) {
  std::vector<std::pair<std::string, dt::ScoringMode>> runs;
  if (o.modes == "both" || o.modes == "fast") runs.emplace_back("fast", dt::ScoringMode::Fast);
  if (o.modes == "both" || o.modes == "reference") runs.emplace_back("reference", dt::ScoringMode::Reference);
  if (runs.empty()) dt::fail("--modes", "both, fast or reference");
  std::map<std::string, Evaluation> evals;
  for (const auto& [name, mode] : runs) {
    Evaluation e;
    const auto t = Clock::now();
    for (const auto& cache : thinking.kv)
      e.per_step.push_back(
          dt::score_choices(model, cache, cell.tokens.queries, {o.batch, mode, cell.padded, o.budget}, &e.stats));
    dt::synchronize(device);
    e.seconds = since(t);
    e.tokenize_extra = mode == dt::ScoringMode::Reference ? cell.padded_seconds : 0.0;
    e.peak_mib = dt::bench::peak_rss_mib();
    e.device_mib = dt::bench::device_used_mib(device);
    evals[name] = std::move(e);
  }
  return evals;
}

// The FLOPs the cell needs (flop_model.h): thinking once, evaluating after every step.
struct UsefulWork {
  double think_tokens = 0, think_flops = 0, eval_flops = 0;
};

UsefulWork useful_work(const dt::CellTokens& tokens, std::int64_t L, std::int64_t steps, const dt::ModelCost& cost) {
  const auto useful_eval = dt::useful_scoring_work(tokens.queries, L);
  const auto useful_think = dt::useful_thinking_work(L, steps);
  return {useful_think.tokens, useful_think.flops(cost), useful_eval.flops(cost) * static_cast<double>(steps)};
}

void print_setup(const BenchOptions& o, const LoadedModel& loaded, const TokenizedCell& cell, std::int64_t L,
                 const Gemm& gemm, bool cuda) {
  const auto& info = loaded.model->info();
  std::printf("\ndt-bench: %s, %s, seed %llu, k %lld, %zu queries, %lld steps, batch %lld, %s on %s, %d threads\n",
              cell.card.name.c_str(), o.model_dir.c_str(), static_cast<unsigned long long>(o.seed),
              static_cast<long long>(o.k), cell.tokens.queries.size(), static_cast<long long>(o.steps),
              static_cast<long long>(o.batch), o.dtype.c_str(), o.device.c_str(), o.threads);
  std::printf("model: %lld layers, d %lld, vocab %lld, %.1f M non-embedding parameters (load %.1f s, excluded)\n",
              static_cast<long long>(info.num_layers), static_cast<long long>(info.hidden_size),
              static_cast<long long>(info.vocab_size), loaded.cost.non_embedding_params / 1e6, loaded.load_seconds);
  std::printf("weights %s, attention %s, %lld tokens per forward; loading added %.0f MiB of private host memory",
              dt::weight_precision_name(info.weights).c_str(), dt::attention_kernel_name(info.attention).c_str(),
              static_cast<long long>(o.budget), loaded.host_private_mib);
  if (loaded.device_mib >= 0) std::printf(" and %.0f MiB of device memory", loaded.device_mib);
  std::printf("\n");
  std::printf(
      "demonstration %lld tokens; padded length of the eval split %lld; GEMM rate (%lld^3 %s on %s, this run) "
      "%.1f GFLOP/s%s\n\n",
      static_cast<long long>(L), static_cast<long long>(cell.padded), static_cast<long long>(gemm.n), o.dtype.c_str(),
      o.device.c_str(), gemm.gflops, cuda ? "" : (" (OpenBLAS core " + dt::blas_core_name() + ")").c_str());
}

// Per stage and mode: wall seconds, tokens, useful and performed GFLOPs, then each whole cell and the GEMM share.
void print_stage_table(const TokenizedCell& cell, const Thinking& thinking,
                       const std::map<std::string, Evaluation>& evals, const UsefulWork& work,
                       const dt::ModelCost& cost, const Gemm& gemm) {
  std::printf("%-10s %-10s %9s %16s %12s %12s %10s %10s\n", "stage", "mode", "wall s", "tokens real/pad", "useful GF",
              "useful GF/s", "done GF", "peak MiB");
  std::printf("%-10s %-10s %9.3f %16s %12s %12s %10s %10s\n", "tokenize", "both", cell.seconds, "", "", "", "", "");
  std::printf("%-10s %-10s %9.3f %16s %12s %12s %10s %10s\n", "tokenize", "+reference", cell.padded_seconds, "", "", "",
              "", "");
  std::printf("%-10s %-10s %9.3f %16s %12.1f %12.1f %10s %10s\n", "think", "both", thinking.seconds,
              (std::to_string(static_cast<long long>(work.think_tokens)) + "/0").c_str(), work.think_flops / 1e9,
              work.think_flops / 1e9 / thinking.seconds, "", "");
  for (const auto& [name, e] : evals) {
    const double done = dt::performed_work(e.stats).flops(cost);
    std::printf("%-10s %-10s %9.3f %16s %12.1f %12.1f %10.1f %10.0f\n", "evaluate", name.c_str(), e.seconds,
                (std::to_string(e.stats.real_tokens) + "/" + std::to_string(e.stats.pad_tokens)).c_str(),
                work.eval_flops / 1e9, work.eval_flops / 1e9 / e.seconds, done / 1e9, e.peak_mib);
  }
  for (const auto& [name, e] : evals) {
    const double whole = cell.seconds + e.tokenize_extra + thinking.seconds + e.seconds;
    std::printf("%-10s %-10s %9.3f %16s %12.1f %12.1f\n", "cell", name.c_str(), whole, "",
                (work.eval_flops + work.think_flops) / 1e9, (work.eval_flops + work.think_flops) / 1e9 / whole);
  }
  for (const auto& [name, e] : evals) {
    std::printf("evaluate %s: useful %.2f TFLOP/s = %.0f%% of the GEMM rate", name.c_str(),
                work.eval_flops / 1e12 / e.seconds, 100.0 * work.eval_flops / 1e9 / e.seconds / gemm.gflops);
    if (e.device_mib >= 0) std::printf("; device memory in use after it %.0f MiB", e.device_mib);
    std::printf("\n");
  }
}

struct Agreement {
  bool same_predictions = true;
  double worst = 0;  // the largest lm_log_p difference, in units of the tolerance
};

Agreement compare_modes(const Evaluation& f, const Evaluation& r, const dt::Tolerance& tolerance) {
  Agreement a;
  for (std::size_t s = 0; s < f.per_step.size(); ++s)
    for (std::size_t q = 0; q < f.per_step[s].size(); ++q) {
      a.same_predictions &= f.per_step[s][q].pred_lm_log_p == r.per_step[s][q].pred_lm_log_p &&
                            f.per_step[s][q].pred_norm_lm_log_p == r.per_step[s][q].pred_norm_lm_log_p;
      for (std::size_t c = 0; c < f.per_step[s][q].lm_log_p.size(); ++c)
        a.worst = std::max(a.worst, std::fabs(f.per_step[s][q].lm_log_p[c] - r.per_step[s][q].lm_log_p[c]) /
                                        (tolerance.atol + tolerance.rtol * std::fabs(r.per_step[s][q].lm_log_p[c])));
    }
  return a;
}

void print_speed_up(const Evaluation& f, const Evaluation& r, const TokenizedCell& cell, const Thinking& thinking,
                    const UsefulWork& work, const dt::ModelCost& cost, const Gemm& gemm) {
  const double cell_f = cell.seconds + thinking.seconds + f.seconds;
  const double cell_r = cell.seconds + cell.padded_seconds + thinking.seconds + r.seconds;
  std::printf("\nspeed-up reference / fast: evaluate %.1fx, whole cell %.1fx\n", r.seconds / f.seconds,
              cell_r / cell_f);
  std::printf("fast evaluate: %.0f%% of the GEMM rate on useful FLOPs; reference did %.1fx the useful FLOPs\n",
              100.0 * work.eval_flops / 1e9 / f.seconds / gemm.gflops,
              dt::performed_work(r.stats).flops(cost) / work.eval_flops);
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
  dt::install_crash_report("dt-bench");
  BenchOptions o;
  if (const auto status = parse_options(argc, argv, o)) return *status;
  try {
    dt::configure_threads(o.threads);
    const auto compute_device = dt::parse_device_name(o.device, "--device");
    const auto compute_dtype = dt::parse_dtype_name(o.dtype, "--dtype");
    if (const auto problem = dt::find_spec_problem(o.shape)) dt::fail("--" + problem->field, problem->message);
    if (o.model_dir.empty()) o.model_dir = random_checkpoint_dir(o.shape);
    const std::int64_t gemm_n = compute_device.is_cuda() ? 8192 : 2048;
    const Gemm gemm{gemm_n, gemm_gflops(gemm_n, compute_device, compute_dtype)};
    auto loaded = load_bench_model(o.model_dir,
                                   {compute_dtype, compute_device, dt::parse_weight_precision(o.weights, "--weights"),
                                    dt::parse_attention_kernel(o.attention, "--attention")});
    if (o.budget <= 0)
      o.budget = dt::automatic_tokens_per_forward(loaded.model->info(), dt::device_memory(compute_device));
    const auto cell = tokenize_phase(o);
    const auto thinking = think_phase(*loaded.model, cell.tokens, o.steps, compute_device);
    const auto L = static_cast<std::int64_t>(cell.tokens.demo_ids.size());
    const auto evals = evaluate_phase(o, *loaded.model, thinking, cell, compute_device);

    const auto work = useful_work(cell.tokens, L, o.steps, loaded.cost);
    print_setup(o, loaded, cell, L, gemm, compute_device.is_cuda());
    print_stage_table(cell, thinking, evals, work, loaded.cost, gemm);
    if (evals.count("fast") && !compute_device.is_cuda())
      print_stage_split(*loaded.model, thinking.kv.front(), cell.tokens.queries,
                        {o.batch, dt::ScoringMode::Fast, cell.padded, o.budget});
    if (evals.count("fast") && evals.count("reference")) {
      const auto& f = evals.at("fast");
      const auto& r = evals.at("reference");
      // the golden tolerance of this device and dtype (golden_precision.h): README's in float32, looser in 16 bits
      const auto& info = loaded.model->info();
      const auto agreement =
          compare_modes(f, r, dt::GoldenPrecision::of(compute_device, compute_dtype, info.weights).log_prob);
      print_speed_up(f, r, cell, thinking, work, loaded.cost, gemm);
      std::printf("modes agree: predictions %s, worst lm_log_p difference %.3f of the golden tolerance\n",
                  agreement.same_predictions ? "identical" : "DIFFER", agreement.worst);
      if (!agreement.same_predictions || agreement.worst > 1.0) return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "dt-bench: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  return 0;
}
