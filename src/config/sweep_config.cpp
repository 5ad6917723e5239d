// load_sweep_config: TOML -> validated sweep (sweep/grid_expansion.cpp makes its cells).
#include "dt/config/sweep_config.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "dt/config/controls.h"
#include "dt/config/optimizer_tables.h"
#include "dt/config/stop_rule_tables.h"
#include "dt/task/task_suite.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"
#include "dt/util/toml_file.h"

namespace dt {
namespace {

class Reader {
 public:
  explicit Reader(std::filesystem::path file) : file_(std::move(file)) {}
  const std::filesystem::path& file() const { return file_; }

  [[noreturn]] void fail_key(const std::string& key, const std::string& problem) const {
    fail(file_.string(), "key '" + key + "': " + problem);
  }

  void only(const toml::table& t, const std::string& prefix, const std::set<std::string>& allowed) const {
    for (const auto& [key, node] : t)
      if (!allowed.count(std::string(key.str()))) fail_key(prefix + std::string(key.str()), "unknown key");
  }

  std::string str(const toml::table& t, const std::string& prefix, const std::string& key, const std::string& fallback,
                  bool required = false) const {
    const auto* n = t.get(key);
    if (n == nullptr) {
      if (required) fail_key(prefix + key, "missing");
      return fallback;
    }
    if (!n->is_string()) fail_key(prefix + key, "must be a string");
    return n->as_string()->get();
  }

  std::int64_t integer(const toml::table& t, const std::string& prefix, const std::string& key,
                       std::int64_t fallback) const {
    const auto* n = t.get(key);
    if (n == nullptr) return fallback;
    if (!n->is_integer()) fail_key(prefix + key, "must be an integer");
    return n->as_integer()->get();
  }

  // An integer or a list of integers.
  std::vector<std::int64_t> ints(const toml::table& t, const std::string& prefix, const std::string& key,
                                 bool required) const {
    const auto* n = t.get(key);
    std::vector<std::int64_t> out;
    if (n == nullptr) {
      if (required) fail_key(prefix + key, "missing");
      return out;
    }
    if (n->is_integer()) return {n->as_integer()->get()};
    if (!n->is_array()) fail_key(prefix + key, "must be an integer or a list of integers");
    for (const auto& item : *n->as_array()) {
      if (!item.is_integer()) fail_key(prefix + key, "must be an integer or a list of integers");
      out.push_back(item.as_integer()->get());
    }
    if (out.empty()) fail_key(prefix + key, "must not be empty");
    return out;
  }

  std::vector<double> numbers(const toml::table& t, const std::string& prefix, const std::string& key,
                              double fallback) const {
    const auto* n = t.get(key);
    if (n == nullptr) return {fallback};
    auto one = [&](const toml::node& v) -> double {
      if (v.is_floating_point()) return v.as_floating_point()->get();
      if (v.is_integer()) return static_cast<double>(v.as_integer()->get());
      fail_key(prefix + key, "must be a number or a list of numbers");
    };
    if (!n->is_array()) return {one(*n)};
    std::vector<double> out;
    for (const auto& item : *n->as_array()) out.push_back(one(item));
    if (out.empty()) fail_key(prefix + key, "must not be empty");
    return out;
  }

  std::vector<std::string> strings(const toml::table& t, const std::string& prefix, const std::string& key,
                                   bool required) const {
    const auto* n = t.get(key);
    std::vector<std::string> out;
    if (n == nullptr) {
      if (required) fail_key(prefix + key, "missing");
      return out;
    }
    if (!n->is_array()) fail_key(prefix + key, "must be a list of strings");
    for (const auto& item : *n->as_array()) {
      if (!item.is_string()) fail_key(prefix + key, "must be a list of strings");
      out.push_back(item.as_string()->get());
    }
    return out;
  }

  // Relative paths in the file are relative to the file's directory.
  std::filesystem::path path(const std::string& value) const {
    std::filesystem::path p(value);
    return p.is_absolute() ? p : (file_.parent_path() / p).lexically_normal();
  }

 private:
  std::filesystem::path file_;
};

SyntheticModelSpec read_generate(const Reader& r, const toml::table& g, const std::string& prefix, SweepModel& model) {
  r.only(g, prefix,
         {"arch", "layers", "hidden", "heads", "kv_heads", "ffn", "vocab", "positions", "seed", "tokenizer_corpus",
          "tokenizer"});
  SyntheticModelSpec spec;
  spec.arch = r.str(g, prefix, "arch", "", true);
  spec.layers = r.integer(g, prefix, "layers", spec.layers);
  spec.hidden = r.integer(g, prefix, "hidden", spec.hidden);
  spec.heads = r.integer(g, prefix, "heads", spec.heads);
  spec.kv_heads = r.integer(g, prefix, "kv_heads", spec.kv_heads);
  spec.ffn = r.integer(g, prefix, "ffn", spec.ffn);
  spec.vocab = r.integer(g, prefix, "vocab", spec.vocab);
  spec.positions = r.integer(g, prefix, "positions", spec.positions);
  spec.seed = static_cast<std::uint64_t>(r.integer(g, prefix, "seed", 0));
  spec.tokenizer_kind = r.str(g, prefix, "tokenizer", spec.tokenizer_kind);
  if (spec.tokenizer_kind != "bpe" && spec.tokenizer_kind != "sentencepiece")
    r.fail_key(prefix + "tokenizer", "must be \"bpe\" or \"sentencepiece\"");
  // The spec's fields a sweep can set are its keys: a problem (a size too large included) names the key.
  if (const auto problem = find_spec_problem(spec)) r.fail_key(prefix + problem->field, problem->message);
  for (const auto& c : r.strings(g, prefix, "tokenizer_corpus", true)) model.tokenizer_corpus.push_back(c);
  model.tokenizer_vocab = spec.vocab;
  return spec;
}

// Runs `check`; with `missing`, a dt::Error it throws is recorded there as `what` instead of thrown.
void check_input(std::vector<MissingInput>* missing, const std::string& what, const std::function<void()>& check) {
  if (missing == nullptr) return check();
  try {
    check();
  } catch (const Error& e) {
    missing->push_back({what, e.what()});
  }
}

const toml::table& sweep_table(const Reader& r, const toml::table& root) {
  const auto* sweep_node = root.get("sweep");
  if (sweep_node == nullptr || !sweep_node->is_table()) r.fail_key("sweep", "missing section [sweep]");
  const auto& sw = *sweep_node->as_table();
  r.only(sw, "sweep.", {"output",         "checkpoints_root",
                        "data_root",      "jobs_dir",
                        "tasks",          "seeds",
                        "shots",          "steps",
                        "dtype",          "device",
                        "batch_size",     "weights",
                        "attention",      "tokens_per_forward",
                        "max_queries",    "dev_queries",
                        "retries",        "quarantine_after",
                        "scoring",        "stop",
                        "demonstrations", "orders",
                        "controls",       "task_shots",
                        "exemplars"});
  return sw;
}

// Where results go and inputs come from; the command line's overrides win.
void read_directories(const Reader& r, const toml::table& sw, const SweepOverrides& overrides, SweepConfig& s) {
  s.output_dir =
      overrides.output.empty() ? std::filesystem::path(r.str(sw, "sweep.", "output", "", true)) : overrides.output;
  s.checkpoints_root = overrides.checkpoints_root.empty() ? r.path(r.str(sw, "sweep.", "checkpoints_root", "."))
                                                          : std::filesystem::absolute(overrides.checkpoints_root);
  s.data_root = overrides.data_root.empty() ? r.path(r.str(sw, "sweep.", "data_root", "", true))
                                            : std::filesystem::absolute(overrides.data_root);
  s.jobs_dir = r.path(r.str(sw, "sweep.", "jobs_dir", "../jobs"));
}

// sweep.tasks with every "suite:NAME" expanded to its cards; returns each listed suite's card paths.
std::map<std::string, std::vector<std::string>> read_tasks(const Reader& r, const toml::table& sw, SweepConfig& s,
                                                           std::vector<MissingInput>* missing) {
  std::map<std::string, std::vector<std::string>> suite_members;  // "suite:NAME" -> its card paths
  for (const auto& entry : r.strings(sw, "sweep.", "tasks", true)) {
    if (entry.rfind(kSuitePrefix, 0) != 0) {
      s.tasks.push_back(entry);
      continue;
    }
    const auto suite_file = s.jobs_dir / "suites" / (entry.substr(std::string(kSuitePrefix).size()) + ".toml");
    if (!std::filesystem::is_regular_file(suite_file))
      r.fail_key("sweep.tasks", "unknown suite '" + entry + "' (no " + suite_file.string() + ")");
    const auto suite = load_task_suite(suite_file);
    suite_members[entry] = suite.tasks;
    s.tasks.insert(s.tasks.end(), suite.tasks.begin(), suite.tasks.end());
  }
  if (s.tasks.empty()) r.fail_key("sweep.tasks", "must not be empty");
  for (std::size_t i = 0; i < s.tasks.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (std::filesystem::path(s.tasks[i]).filename() == std::filesystem::path(s.tasks[j]).filename())
        r.fail_key("sweep.tasks", "tasks '" + s.tasks[j] + "' and '" + s.tasks[i] +
                                      "' have the same card name (listed twice, or in two suites?)");
  for (const auto& t : s.tasks)
    check_input(missing, "task " + t, [&] {
      if (!std::filesystem::is_regular_file(s.jobs_dir / (t + ".toml")))
        r.fail_key("sweep.tasks", "unknown task '" + t + "' (no " + (s.jobs_dir / (t + ".toml")).string() + ")");
    });
  return suite_members;
}

void read_seeds_and_shots(const Reader& r, const toml::table& sw, SweepConfig& s) {
  for (auto seed : r.ints(sw, "sweep.", "seeds", true)) {
    if (seed < 0) r.fail_key("sweep.seeds", "seeds must be >= 0");
    s.seeds.push_back(static_cast<std::uint64_t>(seed));
  }
  s.shots = r.ints(sw, "sweep.", "shots", true);
  for (auto k : s.shots)
    if (k < 0) r.fail_key("sweep.shots", "shot counts must be >= 0 (0 is zero-shot)");
}

// [sweep.task_shots]: shot counts per task, or per suite for each of its tasks without an entry of its own.
void read_task_shots(const Reader& r, const toml::table& sw,
                     const std::map<std::string, std::vector<std::string>>& suite_members, SweepConfig& s) {
  const auto* node = sw.get("task_shots");
  if (node == nullptr) return;
  if (!node->is_table()) r.fail_key("sweep.task_shots", "must be a table of task or suite = [shot counts]");
  for (const auto& [key_node, value] : *node->as_table()) {
    const std::string key(key_node.str());
    const auto members = suite_members.find(key);
    const bool listed = members != suite_members.end() || std::count(s.tasks.begin(), s.tasks.end(), key) > 0;
    if (!listed) r.fail_key("sweep.task_shots." + key, "not one of the sweep's tasks or suites");
    const auto shots = r.ints(*node->as_table(), "sweep.task_shots.", key, true);
    for (auto k : shots)
      if (k < 0) r.fail_key("sweep.task_shots." + key, "shot counts must be >= 0 (0 is zero-shot)");
    if (members == suite_members.end()) {
      s.task_shots[key] = shots;
      continue;
    }
    for (const auto& task : members->second)
      if (!s.task_shots.count(task)) s.task_shots[task] = shots;  // a task's own entry wins over its suite's
  }
}

void read_demonstrations(const Reader& r, const toml::table& sw, SweepConfig& s) {
  s.demos.clear();
  for (const auto& name : r.strings(sw, "sweep.", "demonstrations", false))
    s.demos.push_back(DemoVariant::parse(name, r.file().string() + ": key 'sweep.demonstrations'"));
  if (s.demos.empty()) s.demos.push_back({});
  for (std::size_t a = 0; a < s.demos.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (s.demos[a] == s.demos[b]) r.fail_key("sweep.demonstrations", "lists " + s.demos[a].name() + " twice");
  s.orders = r.integer(sw, "sweep.", "orders", 1);
  if (s.orders < 1 || s.orders > kMaxDemoOrder + 1)
    r.fail_key("sweep.orders", "must be 1 (as drawn) to " + std::to_string(kMaxDemoOrder + 1));
}

void read_exemplars(const Reader& r, const toml::table& sw, SweepConfig& s) {
  if (sw.get("exemplars") != nullptr) s.exemplars = r.strings(sw, "sweep.", "exemplars", true);
  if (s.exemplars.empty()) r.fail_key("sweep.exemplars", "must not be empty");
  for (std::size_t a = 0; a < s.exemplars.size(); ++a) {
    const auto& method = s.exemplars[a];
    if (!is_exemplar_method(method))
      r.fail_key("sweep.exemplars", "unknown exemplar method '" + method + "' (" + kExemplarMethods + ")");
    for (std::size_t b = 0; b < a; ++b)
      if (s.exemplars[b] == method) r.fail_key("sweep.exemplars", "lists " + method + " twice");
  }
}

// sweep.steps: an integer (think to it, score every step) or a list (think to its largest, score those and 1).
void read_steps(const Reader& r, const toml::table& sw, SweepConfig& s) {
  const auto* steps = sw.get("steps");
  const auto step_list = r.ints(sw, "sweep.", "steps", true);
  for (auto t : step_list)
    if (t < 1) r.fail_key("sweep.steps", "steps must be >= 1");
  s.steps = *std::max_element(step_list.begin(), step_list.end());
  if (steps->is_array()) {
    s.eval_steps = step_list;
    s.eval_steps.push_back(1);  // step 1 (plain ICL) is the baseline every report compares with
  }
}

// Compute dtype and device, scoring mode, batching, query limits and the retry policy.
void read_run_settings(const Reader& r, const toml::table& sw, SweepConfig& s) {
  s.dtype = r.str(sw, "sweep.", "dtype", s.dtype);
  s.device = r.str(sw, "sweep.", "device", s.device);
  if (s.dtype != "float32" && s.dtype != "float16" && s.dtype != "bfloat16" && s.dtype != "float64")
    r.fail_key("sweep.dtype", "must be float32, float16, bfloat16 or float64 (got " + quote_text(s.dtype) + ")");
  const bool cuda_index = s.device.rfind("cuda:", 0) == 0 && s.device.size() > 5 &&
                          s.device.find_first_not_of("0123456789", 5) == std::string::npos;
  if (s.device != "auto" && s.device != "cpu" && s.device != "cuda" && !cuda_index)
    r.fail_key("sweep.device", "must be auto, cpu, cuda or cuda:N (got " + quote_text(s.device) + ")");
  s.scoring = r.str(sw, "sweep.", "scoring", s.scoring);
  if (s.scoring != "fast" && s.scoring != "reference") r.fail_key("sweep.scoring", "must be \"fast\" or \"reference\"");
  s.batch_size = r.integer(sw, "sweep.", "batch_size", s.batch_size);
  s.weights = r.str(sw, "sweep.", "weights", s.weights);
  if (s.weights != "native" && s.weights != "int8") r.fail_key("sweep.weights", "must be \"native\" or \"int8\"");
  s.attention = r.str(sw, "sweep.", "attention", s.attention);
  if (s.attention != "auto" && s.attention != "matmul" && s.attention != "fused")
    r.fail_key("sweep.attention", "must be \"auto\", \"matmul\" or \"fused\"");
  s.tokens_per_forward = r.integer(sw, "sweep.", "tokens_per_forward", s.tokens_per_forward);
  if (s.tokens_per_forward < 0) r.fail_key("sweep.tokens_per_forward", "must be >= 0 (0: chosen from the device)");
  s.max_queries = r.integer(sw, "sweep.", "max_queries", s.max_queries);
  s.dev_queries = r.integer(sw, "sweep.", "dev_queries", s.dev_queries);
  if (s.dev_queries < 0) r.fail_key("sweep.dev_queries", "must be >= 0");
  s.retries = static_cast<int>(r.integer(sw, "sweep.", "retries", s.retries));
  if (s.batch_size < 1) r.fail_key("sweep.batch_size", "must be >= 1");
  if (s.max_queries < 0) r.fail_key("sweep.max_queries", "must be >= 0");
  if (s.retries < 0) r.fail_key("sweep.retries", "must be >= 0");
  s.quarantine_after = static_cast<int>(r.integer(sw, "sweep.", "quarantine_after", s.quarantine_after));
  if (s.quarantine_after < 1) r.fail_key("sweep.quarantine_after", "must be >= 1");
}

// [[models]]: at least one, each with a unique name and its checkpoint at a path, in the HF cache or generated.
void read_models(const Reader& r, const toml::table& root, const std::filesystem::path& file, SweepConfig& s,
                 std::vector<MissingInput>* missing) {
  const auto* models = root.get("models");
  if (models == nullptr || !models->is_array_of_tables() || models->as_array()->empty())
    r.fail_key("models", "give at least one [[models]] table");
  std::set<std::string> names;
  std::size_t i = 0;
  for (const auto& node : *models->as_array()) {
    const auto prefix = "models[" + std::to_string(i++) + "].";
    const auto& m = *node.as_table();
    r.only(m, prefix, {"name", "path", "hub", "generate", "truncate_demonstration"});
    SweepModel model;
    model.name = r.str(m, prefix, "name", "", true);
    if (model.name.empty() || model.name.find('/') != std::string::npos || model.name.find("..") != std::string::npos)
      r.fail_key(prefix + "name", "must be a non-empty name without '/' or '..'");
    if (!names.insert(model.name).second) r.fail_key(prefix + "name", "duplicate model name '" + model.name + "'");
    model.demo_max_tokens = r.integer(m, prefix, "truncate_demonstration", 0);
    if (model.demo_max_tokens < 1 && m.get("truncate_demonstration") != nullptr)
      r.fail_key(prefix + "truncate_demonstration", "must be >= 1 (the demonstration tokens kept)");
    const auto path = r.str(m, prefix, "path", "");
    const auto hub = r.str(m, prefix, "hub", "");
    if (path.empty() == hub.empty()) r.fail_key(prefix + "path", "give exactly one of path or hub");
    if (const auto* g = m.get("generate")) {
      if (!g->is_table()) r.fail_key(prefix + "generate", "must be a table");
      if (!hub.empty()) r.fail_key(prefix + "generate", "generated models need a path, not a hub id");
      model.generate = read_generate(r, *g->as_table(), prefix + "generate.", model);
      for (auto& c : model.tokenizer_corpus) c = s.data_root / c;
    }
    if (!path.empty()) {
      const std::filesystem::path p(path);
      model.dir = p.is_absolute() ? p : s.checkpoints_root / p;
    } else if (!model.generate) {
      check_input(missing, "model " + model.name, [&] {
        model.dir = resolve_hub_snapshot(s.checkpoints_root, hub, file.string() + ": key '" + prefix + "hub'");
      });
    }
    s.models.push_back(std::move(model));
  }
}

// [sweep] controls: a random-init twin of every model, generated under <output>/controls (sweep/synthetic_models.h).
void add_controls(const Reader& r, const toml::table& sw, SweepConfig& s) {
  s.controls = r.strings(sw, "sweep.", "controls", false);
  std::set<std::string> names;
  for (const auto& m : s.models) names.insert(m.name);
  for (const auto& control : s.controls) {
    if (control != kRandomInitControl)
      r.fail_key("sweep.controls", "unknown control '" + control + "' (" + kRandomInitControl + ")");
    const auto originals = s.models.size();
    for (std::size_t i = 0; i < originals; ++i) {
      SweepModel twin;
      twin.name = s.models[i].name + kRandomInitSuffix;
      if (!names.insert(twin.name).second) r.fail_key("sweep.controls", "a model is already named '" + twin.name + "'");
      twin.dir = s.output_dir / "controls" / twin.name;
      twin.demo_max_tokens = s.models[i].demo_max_tokens;
      twin.control_of = s.models[i].dir;
      s.models.push_back(std::move(twin));
    }
  }
}

// Every optimizer with every estimator: the [[estimators]] axis rides on the optimizers, the estimator being part of
// how each one updates (meta_optimizer_spec.h).
void cross_estimators(const std::vector<EstimatorSpec>& estimators, std::vector<MetaOptimizerSpec>& optimizers) {
  std::vector<MetaOptimizerSpec> crossed;
  for (const auto& optimizer : optimizers)
    for (const auto& estimator : estimators) {
      crossed.push_back(optimizer);
      crossed.back().estimator = estimator;
    }
  optimizers = std::move(crossed);
}

}  // namespace

std::filesystem::path resolve_hub_snapshot(const std::filesystem::path& root, const std::string& repo_id,
                                           const std::string& where) {
  std::string folder = "models--" + repo_id;
  for (std::size_t pos = 0; (pos = folder.find('/', pos)) != std::string::npos;) folder.replace(pos, 1, "--");
  const auto repo = root / folder;
  if (!std::filesystem::is_directory(repo / "snapshots"))
    fail(where, "no HF cache entry " + repo.string() + "/snapshots");
  std::ifstream ref(repo / "refs" / "main");
  std::string revision;
  if (ref && std::getline(ref, revision) && !revision.empty()) {
    if (revision.find('/') != std::string::npos)
      fail(where, "malformed revision in " + (repo / "refs" / "main").string());
    return repo / "snapshots" / revision;
  }
  std::vector<std::filesystem::path> snapshots;
  for (const auto& entry : std::filesystem::directory_iterator(repo / "snapshots"))
    if (entry.is_directory()) snapshots.push_back(entry.path());
  if (snapshots.size() != 1)
    fail(where,
         repo.string() + " has " + std::to_string(snapshots.size()) + " snapshots and no refs/main to choose one");
  return snapshots.front();
}

SweepConfig load_sweep_config(const std::filesystem::path& file, const SweepOverrides& overrides,
                              std::vector<MissingInput>* missing) {
  if (!std::filesystem::is_regular_file(file)) fail(file.string(), "sweep configuration not found");
  const toml::table root = parse_toml_file(file);
  const Reader r(std::filesystem::absolute(file));
  r.only(root, "", {"sweep", "models", "optimizers", "estimators", "stop_rules"});
  SweepConfig s;
  s.file = file;
  const auto& sw = sweep_table(r, root);
  read_directories(r, sw, overrides, s);
  const auto suite_members = read_tasks(r, sw, s, missing);
  read_seeds_and_shots(r, sw, s);
  read_task_shots(r, sw, suite_members, s);
  read_demonstrations(r, sw, s);
  read_exemplars(r, sw, s);
  read_steps(r, sw, s);
  read_run_settings(r, sw, s);
  read_models(r, root, file, s, missing);
  add_controls(r, sw, s);
  s.optimizers = read_optimizer_tables(root.get("optimizers"), r.file());
  cross_estimators(read_estimator_tables(root.get("estimators"), r.file()), s.optimizers);
  s.stop_rules = read_stop_rule_tables(root.get("stop_rules"), r.file());
  s.stops = read_stop_choices(sw.get("stop"), s.stop_rules, r.file());
  return s;
}

}  // namespace dt
