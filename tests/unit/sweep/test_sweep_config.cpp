// Sweep configurations: the shipped smoke and paper grids expand as documented; bad configurations are one error
// naming the file and the key.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "../test_support.h"
#include "dt/config/sweep_config.h"
#include "dt/util/error.h"

namespace dt {
namespace {

const std::filesystem::path kConfigs = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path() / "configs";

std::string error_of(const std::filesystem::path& file, const SweepOverrides& overrides = {}) {
  try {
    load_sweep_config(file, overrides);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SweepConfig, SmokeGridIsModelsTimesTasksSeedsShots) {
  const auto sweep = load_sweep_config(kConfigs / "smoke.toml");
  ASSERT_EQ(sweep.models.size(), 3u);
  EXPECT_TRUE(sweep.models[0].generate.has_value());
  EXPECT_EQ(sweep.steps, 3);
  EXPECT_TRUE(sweep.eval_steps.empty());  // every step
  const auto cells = expand_grid(sweep);
  EXPECT_EQ(cells.size(), 3u * 2 * 2 * 2);
  std::set<std::string> ids;
  for (const auto& c : cells) {
    EXPECT_TRUE(ids.insert(c.id).second);
    EXPECT_EQ(c.output.extension(), ".h5");
    EXPECT_EQ(c.config.effective_eval_steps(), (std::vector<std::int64_t>{1, 2, 3}));
  }
  EXPECT_EQ(cells[0].id, "tiny-gpt2/sst2/s0_k1_mom0.01-0.9_T3");
}

TEST(SweepConfig, PaperGridHasTheReleasedScriptsShape) {
  // A fake HF cache with every model of the paper grid.
  test::TempDir cache;
  const std::vector<std::string> repos = {"facebook/opt-125m",
                                          "facebook/opt-350m",
                                          "facebook/opt-1.3b",
                                          "facebook/opt-2.7b",
                                          "facebook/opt-6.7b",
                                          "facebook/opt-13b",
                                          "gpt2",
                                          "gpt2-medium",
                                          "gpt2-large",
                                          "gpt2-xl",
                                          "EleutherAI/gpt-neo-125m",
                                          "EleutherAI/gpt-neo-1.3B",
                                          "EleutherAI/gpt-neo-2.7B",
                                          "EleutherAI/gpt-j-6b",
                                          "bigscience/bloom-560m",
                                          "bigscience/bloom-1b1",
                                          "bigscience/bloom-1b7",
                                          "bigscience/bloom-3b",
                                          "bigscience/bloom-7b1"};
  for (auto repo : repos) {
    for (auto& ch : repo)
      if (ch == '/') ch = '#';
    std::string folder = "models--" + repo;
    for (std::size_t p = 0; (p = folder.find('#', p)) != std::string::npos;) folder.replace(p, 1, "--");
    std::filesystem::create_directories(cache / folder / "snapshots" / "rev1");
    std::filesystem::create_directories(cache / folder / "refs");
    test::write_file(cache / folder / "refs" / "main", "rev1");
  }
  const auto sweep = load_sweep_config(kConfigs / "paper.toml", {"", cache.path(), "/data"});
  EXPECT_EQ(sweep.models.size(), 19u);
  EXPECT_EQ(sweep.tasks.size(), 10u);
  EXPECT_EQ(sweep.seeds, (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(sweep.shots, (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(sweep.steps, 15);
  ASSERT_EQ(sweep.optimizers.size(), 1u);
  EXPECT_DOUBLE_EQ(sweep.optimizers[0].step_size, 0.01);
  EXPECT_DOUBLE_EQ(sweep.optimizers[0].momentum, 0.9);
  EXPECT_EQ(sweep.models[0].dir, cache.path() / "models--facebook--opt-125m" / "snapshots" / "rev1");
  EXPECT_EQ(expand_grid(sweep).size(), 19u * 10 * 5 * 4);
}

TEST(SweepConfig, PaperV3GridExpandsSuitesWithTheirShots) {
  std::vector<MissingInput> missing;  // no checkpoints here: the models' directories are reported, not fatal
  const auto sweep = load_sweep_config(kConfigs / "paper_v3.toml", {"", "/models", "/data"}, &missing);
  EXPECT_EQ(sweep.models.size(), 19u);
  EXPECT_EQ(sweep.models[3].demo_max_tokens, 400);  // gpt2-xl: the later code's GPT-2 truncation
  EXPECT_EQ(sweep.models[4].demo_max_tokens, 0);    // gpt-neo-2.7b keeps every token
  ASSERT_EQ(sweep.tasks.size(), 19u + 57 + 22);     // suite:mmlu and suite:bbh become their cards
  EXPECT_EQ(sweep.tasks[19], "mmlu/abstract_algebra");
  EXPECT_EQ(sweep.tasks.back(), "bbh/web_of_lies");
  EXPECT_EQ(sweep.shots_for("sst2"), (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(sweep.shots_for("mmlu/anatomy"), (std::vector<std::int64_t>{5}));
  EXPECT_EQ(sweep.shots_for("bbh/navigate"), (std::vector<std::int64_t>{3}));
  const auto cells = expand_grid(sweep);
  EXPECT_EQ(cells.size(), 19u * (19 * 5 * 4 + 79 * 5));
  EXPECT_EQ(std::count_if(cells.begin(), cells.end(),
                          [](const GridCell& c) { return c.id.find("/anatomy/s42_k5_") != std::string::npos; }),
            19);
}

TEST(SweepConfig, SuitesAndTaskShotsAreCheckedByName) {
  test::TempDir dir;
  const std::string head = "[sweep]\noutput = \"o\"\ndata_root = \".\"\njobs_dir = \"" DT_TEST_JOBS_DIR "\"\n";
  const std::string tail = "seeds = [0]\nshots = [1]\nsteps = 2\n[[models]]\nname = \"m\"\npath = \"m\"\n";
  auto check = [&](const std::string& text, const std::string& needle) {
    test::write_file(dir / "c.toml", text);
    const auto e = error_of(dir / "c.toml");
    EXPECT_NE(e.find(needle), std::string::npos) << "want '" << needle << "' in: " << e;
  };
  check(head + "tasks = [\"suite:nope\"]\n" + tail, "unknown suite 'suite:nope'");
  check(head + "tasks = [\"sst2\"]\ntask_shots = { trec = [2] }\n" + tail, "key 'sweep.task_shots.trec': not one of");
  check(head + "tasks = [\"suite:bbh\", \"bbh/navigate\"]\n" + tail, "have the same card name");
  check(head + "tasks = [\"suite:bbh\"]\ntask_shots = { \"suite:bbh\" = [-3] }\n" + tail, "shot counts must be >= 0");
}

TEST(SweepConfig, ExemplarMethodsAndTruncationAreAxesOfTheCells) {
  test::TempDir dir;
  test::write_file(dir / "c.toml", "[sweep]\noutput = \"o\"\ndata_root = \".\"\njobs_dir = \"" DT_TEST_JOBS_DIR
                                   "\"\ntasks = [\"sst2\"]\nseeds = [0]\nshots = [0, 1]\nsteps = 2\n"
                                   "exemplars = [\"card\", \"random\"]\n[[models]]\nname = \"m\"\npath = \"m\"\n"
                                   "truncate_demonstration = 400\n");
  std::vector<MissingInput> missing;
  const auto cells = expand_grid(load_sweep_config(dir / "c.toml", {}, &missing));
  std::vector<std::string> ids;
  for (const auto& c : cells) {
    ids.push_back(c.id);
    EXPECT_EQ(c.config.demo_max_tokens, 400);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"m/sst2/s0_k0_T1", "m/sst2/s0_k1_mom0.01-0.9_T2",
                                           "m/sst2/s0_k1_random_mom0.01-0.9_T2"}));
  EXPECT_EQ(cells[2].config.exemplars, "random");
  test::write_file(dir / "c.toml", "[sweep]\noutput = \"o\"\ndata_root = \".\"\njobs_dir = \"" DT_TEST_JOBS_DIR
                                   "\"\ntasks = [\"sst2\"]\nseeds = [0]\nshots = [1]\nsteps = 2\n"
                                   "exemplars = [\"best\"]\n[[models]]\nname = \"m\"\npath = \"m\"\n");
  EXPECT_NE(error_of(dir / "c.toml").find("unknown exemplar method 'best'"), std::string::npos);
}

TEST(SweepConfig, StepListsShareOneTrajectory) {
  test::TempDir dir;
  test::write_file(dir / "c.toml", "[sweep]\noutput = \"o\"\ndata_root = \".\"\njobs_dir = \"" DT_TEST_JOBS_DIR
                                   "\"\n"
                                   "tasks = [\"sst2\"]\nseeds = [0]\nshots = [1]\nsteps = [5, 3, 10]\n"
                                   "[[models]]\nname = \"m\"\npath = \"m\"\n"
                                   "[[optimizers]]\nkind = \"gate\"\neta = [0.1, 0.3]\n");
  const auto sweep = load_sweep_config(dir / "c.toml");
  EXPECT_EQ(sweep.steps, 10);
  const auto cells = expand_grid(sweep);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0].config.effective_eval_steps(), (std::vector<std::int64_t>{1, 3, 5, 10}));
  EXPECT_EQ(cells[1].id, "m/sst2/s0_k1_gate0.3_T10");
}

TEST(SweepConfig, OptimizerTablesExpandEveryCombinationWithTheirSchedules) {
  test::TempDir dir;
  test::write_file(dir / "c.toml", "[sweep]\noutput = \"o\"\ndata_root = \".\"\njobs_dir = \"" DT_TEST_JOBS_DIR
                                   "\"\n"
                                   "tasks = [\"sst2\"]\nseeds = [0]\nshots = [1]\nsteps = 3\n"
                                   "[[models]]\nname = \"m\"\npath = \"m\"\n"
                                   "[[optimizers]]\n"
                                   "[[optimizers]]\nkind = \"adam\"\nstep_size = [0.01, 0.1]\nbeta1 = [0.5, 0.9]\n"
                                   "layers = \"last:2\"\nramp = [0, 1]\n"
                                   "[[optimizers]]\nkind = \"normalized\"\nlayers = [3, 1]\n");
  const auto sweep = load_sweep_config(dir / "c.toml");
  ASSERT_EQ(sweep.optimizers.size(), 6u);
  EXPECT_EQ(sweep.optimizers[0].to_json(), MetaOptimizerSpec{}.to_json());  // an empty table: the released default
  EXPECT_EQ(sweep.optimizers[2].kind, MetaOptimizerSpec::Kind::Adam);
  EXPECT_DOUBLE_EQ(sweep.optimizers[2].step_size, 0.01);
  EXPECT_DOUBLE_EQ(sweep.optimizers[2].beta1, 0.9);
  EXPECT_DOUBLE_EQ(sweep.optimizers[3].step_size, 0.1);
  EXPECT_DOUBLE_EQ(sweep.optimizers[3].beta1, 0.5);
  EXPECT_EQ(sweep.optimizers[4].layers.selection_text(), "last:2");
  EXPECT_EQ(sweep.optimizers[5].layers.indices, (std::vector<std::int64_t>{1, 3}));
  const auto cells = expand_grid(sweep);
  ASSERT_EQ(cells.size(), 6u);
  EXPECT_EQ(cells[0].id, "m/sst2/s0_k1_mom0.01-0.9_T3");
  EXPECT_EQ(cells[1].id, "m/sst2/s0_k1_adam0.01-0.5-0.999-1e-08-last2-ramp0-1_T3");
  EXPECT_EQ(cells[5].id, "m/sst2/s0_k1_norm0.01-0.9-L1.3_T3");
}

TEST(SweepConfig, EstimatorTablesCrossEveryOptimizerAndLeaveReleasedCellsTheirNames) {
  test::TempDir dir;
  test::write_file(dir / "c.toml", "[sweep]\noutput = \"o\"\ndata_root = \".\"\njobs_dir = \"" DT_TEST_JOBS_DIR
                                   "\"\n"
                                   "tasks = [\"sst2\"]\nseeds = [0]\nshots = [1]\nsteps = 3\n"
                                   "[[models]]\nname = \"m\"\npath = \"m\"\n"
                                   "[[optimizers]]\n[[optimizers]]\nkind = \"gate\"\n"
                                   "[[estimators]]\nkind = \"released\"\n"
                                   "[[estimators]]\nkind = \"order-average\"\norders = [2, 4]\n"
                                   "[[estimators]]\nkind = \"layer-sequential\"\n");
  const auto cells = expand_grid(load_sweep_config(dir / "c.toml"));
  ASSERT_EQ(cells.size(), 8u);
  EXPECT_EQ(cells[0].id, "m/sst2/s0_k1_mom0.01-0.9_T3");
  EXPECT_FALSE(cells[0].config.optimizer.to_json().contains("estimator"));
  EXPECT_EQ(cells[2].id, "m/sst2/s0_k1_mom0.01-0.9-ord4_T3");
  EXPECT_EQ(cells[2].config.optimizer.estimator.orders, 4);
  EXPECT_EQ(cells[7].id, "m/sst2/s0_k1_gate0.1-lseq_T3");
}

TEST(SweepConfig, OrdersRepeatEveryCellWithDemonstrationsButZeroShot) {
  test::TempDir dir;
  test::write_file(dir / "c.toml", "[sweep]\noutput = \"o\"\ndata_root = \".\"\njobs_dir = \"" DT_TEST_JOBS_DIR
                                   "\"\n"
                                   "tasks = [\"sst2\"]\nseeds = [0]\nshots = [0, 1]\nsteps = 3\norders = 3\n"
                                   "demonstrations = [\"plain\", \"repeat:2\"]\n"
                                   "[[models]]\nname = \"m\"\npath = \"m\"\n");
  const auto cells = expand_grid(load_sweep_config(dir / "c.toml"));
  std::vector<std::string> ids;
  for (const auto& c : cells) ids.push_back(c.id);
  EXPECT_EQ(
      ids, (std::vector<std::string>{"m/sst2/s0_k0_T1", "m/sst2/s0_k1_mom0.01-0.9_T3", "m/sst2/s0_k1_mom0.01-0.9_T3_o1",
                                     "m/sst2/s0_k1_mom0.01-0.9_T3_o2", "m/sst2/s0_k1_repeat2_T1",
                                     "m/sst2/s0_k1_repeat2_T1_o1", "m/sst2/s0_k1_repeat2_T1_o2"}));
  EXPECT_EQ(cells[3].config.demo_order, 2);
  EXPECT_EQ(cells[0].config.demo_order, 0);
}

TEST(SweepConfig, BadConfigurationsNameFileAndKey) {
  test::TempDir dir;
  const std::string head = "[sweep]\noutput = \"o\"\ndata_root = \".\"\njobs_dir = \"" DT_TEST_JOBS_DIR "\"\n";
  const std::string body = "tasks = [\"sst2\"]\nseeds = [0]\nshots = [1]\nsteps = 2\n";
  const std::string model = "[[models]]\nname = \"m\"\npath = \"m\"\n";
  auto check = [&](const std::string& text, const std::string& needle) {
    test::write_file(dir / "c.toml", text);
    const auto e = error_of(dir / "c.toml");
    EXPECT_NE(e.find((dir / "c.toml").string()), std::string::npos) << e;
    EXPECT_NE(e.find(needle), std::string::npos) << "want '" << needle << "' in: " << e;
  };
  check(head + body + "colour = 1\n" + model, "key 'sweep.colour': unknown key");
  check(head + "tasks = [\"nope\"]\nseeds = [0]\nshots = [1]\nsteps = 2\n" + model, "unknown task 'nope'");
  check(head + body + model + model, "duplicate model name 'm'");
  check(head + "tasks = [\"sst2\"]\nseeds = [0]\nshots = [-1]\nsteps = 2\n" + model, "key 'sweep.shots'");
  check(head + body + model + "[[optimizers]]\nkind = \"gate\"\nstep_size = 0.1\n",
        "key 'optimizers[0].step_size': is not a gate parameter (gate takes eta)");
  check(head + body + model + "[[optimizers]]\nkind = \"sgd\"\n",
        "key 'optimizers[0].kind': unknown meta-optimizer 'sgd' (momentum, gate, nesterov, adam, normalized)");
  check(head + body + model + "[[optimizers]]\nkind = \"adam\"\nbeta2 = [0.9, 1.0]\n",
        "key 'optimizers[0]': adam beta2 must be [0, 1) (got 1)");
  check(head + body + model + "[[optimizers]]\nlayers = \"top:2\"\n", "key 'optimizers[0].layers': must be");
  check(head + body + model + "[[optimizers]]\nramp = [1]\n", "key 'optimizers[0].ramp': must be [from, to]");
  const std::string rule = "[[stop_rules]]\nname = \"small\"\nkind = \"relative_gradient\"\nthreshold = 0.01\n";
  check(head + body + "stop = \"rule:big\"\n" + model + rule,
        "key 'sweep.stop': no [[stop_rules]] table is named \"big\"");
  check(head + body + "stop = \"small\"\n" + model + rule, "key 'sweep.stop': must be \"none\" or \"rule:NAME\"");
  check(head + body + model + rule + rule, "key 'stop_rules[1].name': two rules are named \"small\"");
  check(
      head + body + model + "[[stop_rules]]\nname = \"p\"\nkind = \"patience\"\nthreshold = 2\n",
      "key 'stop_rules[0].kind': unknown stopping rule 'patience' (relative_gradient, gradient_cosine, dev_patience)");
  check(head + body + model + "[[stop_rules]]\nname = \"c\"\nkind = \"gradient_cosine\"\nthreshold = 2\n",
        "key 'stop_rules[0]': gradient_cosine threshold must be in [-1, 1) (got 2)");
  check(head + body + model + "[[optimizers]]\nkind = \"adam\"\nmomentum = 0.9\n",
        "is not a adam parameter (adam takes step_size, beta1, beta2, delta)");
  check(head + body + "[[models]]\nname = \"m\"\nhub = \"org/none\"\n", "no HF cache entry");
  check(head + body + model + "[[estimators]]\nkind = \"order-average\"\n",
        "key 'estimators[0].orders': order-average needs orders = R");
  check(head + body + model + "[[estimators]]\nkind = \"transductive\"\n",
        "estimators[0].kind: unknown pseudo-gradient estimator \"transductive\"");
  check(head + body + model + "[[estimators]]\nkind = \"released\"\norders = 2\n",
        "key 'estimators[0].orders': only order-average takes orders");
  check(head + body + model + "[[estimators]]\nkind = \"released\"\n[[estimators]]\nkind = \"released\"\n",
        "released is listed twice");
  check(head + body, "key 'models'");
  check("[sweep\n", "malformed TOML");
  EXPECT_NE(error_of(dir / "absent.toml").find("not found"), std::string::npos);
}

}  // namespace
}  // namespace dt
