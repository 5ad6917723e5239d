// dt-sweep --check end to end: on a fake HF cache laid out like the paper grid with missing models, a broken
// config.json, an unsupported model_type, a missing data file and an unknown task, it lists every problem (one line
// each), estimates FLOPs for the models present and exits non-zero without creating the output directory; on a
// clean grid of tiny generated models it exits 0 with the grid's counts and real token counts worked out here,
// and counts the results a real run completed.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/task/cell_prompts.h"
#include "dt/text/tokenizer.h"
#include "preflight_support.h"

namespace dt {
namespace {

using namespace preflight_test;

TEST(Preflight, ListsEveryProblemOfAPaperShapedGridAndEstimatesThePresentModels) {
  test::TempDir dir;
  // One tiny checkpoint per family of the paper grid; every hub entry of a family links to its files, as the HF
  // cache links snapshots to blobs.
  std::map<std::string, std::filesystem::path> family;
  for (const auto& arch : {"opt", "gpt2", "gpt_neo", "gptj", "bloom"}) {
    family[arch] = dir / (std::string("blobs-") + arch);
    write_synthetic_checkpoint(tiny(arch), family[arch]);
  }
  struct Entry {
    std::string name, repo, arch;
  };
  const std::vector<Entry> entries = {{"opt-125m", "facebook/opt-125m", "opt"},
                                      {"opt-350m", "facebook/opt-350m", "opt"},
                                      {"opt-1.3b", "facebook/opt-1.3b", "opt"},
                                      {"opt-2.7b", "facebook/opt-2.7b", "opt"},
                                      {"opt-6.7b", "facebook/opt-6.7b", "opt"},
                                      {"opt-13b", "facebook/opt-13b", "opt"},
                                      {"gpt2", "gpt2", "gpt2"},
                                      {"gpt2-medium", "gpt2-medium", "gpt2"},
                                      {"gpt2-large", "gpt2-large", "gpt2"},
                                      {"gpt2-xl", "gpt2-xl", "gpt2"},
                                      {"gpt-neo-125m", "EleutherAI/gpt-neo-125m", "gpt_neo"},
                                      {"gpt-neo-1.3b", "EleutherAI/gpt-neo-1.3B", "gpt_neo"},
                                      {"gpt-neo-2.7b", "EleutherAI/gpt-neo-2.7B", "gpt_neo"},
                                      {"gpt-j-6b", "EleutherAI/gpt-j-6b", "gptj"},
                                      {"bloom-560m", "bigscience/bloom-560m", "bloom"},
                                      {"bloom-1b1", "bigscience/bloom-1b1", "bloom"},
                                      {"bloom-1b7", "bigscience/bloom-1b7", "bloom"},
                                      {"bloom-3b", "bigscience/bloom-3b", "bloom"},
                                      {"bloom-7b1", "bigscience/bloom-7b1", "bloom"}};
  const std::set<std::string> absent = {"opt-13b", "gpt-j-6b", "bloom-7b1"}, broken = {"gpt2-xl", "bloom-3b"};
  const auto folder = [](const std::string& repo) {
    return "models--" + std::regex_replace(repo, std::regex("/"), "--");
  };
  const auto cache = dir / "hub";
  for (const auto& [name, repo, arch] : entries) {
    if (absent.count(name)) continue;
    const auto entry = cache / folder(repo);
    std::filesystem::create_directories(entry / "refs");
    std::filesystem::create_directories(entry / "snapshots" / "rev1");
    test::write_file(entry / "refs" / "main", "rev1");
    for (const auto& file : std::filesystem::directory_iterator(family[arch]))
      std::filesystem::create_symlink(file.path(), entry / "snapshots" / "rev1" / file.path().filename());
  }
  const auto gpt2_xl = cache / "models--gpt2-xl/snapshots/rev1/config.json";
  std::filesystem::remove(gpt2_xl);
  test::write_file(gpt2_xl, "{\"model_type\": \"gpt2\", \"n_layer\": ");
  const auto bloom_3b = cache / "models--bigscience--bloom-3b/snapshots/rev1/config.json";
  const auto bloom_config = test::read_file(bloom_3b);
  std::filesystem::remove(bloom_3b);
  test::write_file(bloom_3b, std::regex_replace(bloom_config, std::regex("\"bloom\""), "\"t5\""));
  // The sample data without COPA's demonstration pool.
  const auto data = dir / "data";
  std::filesystem::copy(kSource / "data/sample", data, std::filesystem::copy_options::recursive);
  std::filesystem::remove(data / "copa/train.jsonl");
  test::write_file(dir / "paper.toml", paper_config("[\"sst2\", \"copa\", \"nosuchtask\"]", dir / "out"));

  const auto r = run(dt_sweep() + " " + (dir / "paper.toml").string() + " --check --checkpoints-root " +
                     cache.string() + " --data-root " + data.string());
  EXPECT_EQ(r.status, 2) << r.output;
  const auto problems = lines_starting(r.output, "problem: ");
  EXPECT_EQ(problems.size(), 7u) << r.output;
  for (const auto& e : entries) {
    if (!absent.count(e.name)) continue;
    const auto line = line_starting(r.output, "problem: model " + e.name + ": ");
    EXPECT_NE(line.find("no HF cache entry " + (cache / folder(e.repo)).string()), std::string::npos) << line;
  }
  EXPECT_NE(line_starting(r.output, "problem: model gpt2-xl: ").find(gpt2_xl.string()), std::string::npos) << r.output;
  const auto unsupported = line_starting(r.output, "problem: model bloom-3b: ");
  EXPECT_NE(unsupported.find(bloom_3b.string()), std::string::npos) << unsupported;
  EXPECT_NE(unsupported.find("'t5' is not supported"), std::string::npos) << unsupported;
  const auto missing_data = line_starting(r.output, "problem: task copa: ");
  EXPECT_NE(missing_data.find((data / "copa/train.jsonl").string() + ": data file not found"), std::string::npos)
      << missing_data;
  const auto unknown_task = line_starting(r.output, "problem: task nosuchtask: ");
  EXPECT_NE(unknown_task.find((kSource / "jobs/nosuchtask.toml").string()), std::string::npos) << unknown_task;

  // 19 models x 3 tasks x 1 seed x 2 shot counts x 1 optimizer, 15 steps, every step scored.
  EXPECT_NE(line_starting(r.output, "  trajectories  ").find(" 114 "), std::string::npos);
  EXPECT_EQ(line_starting(r.output, "  cells  "), "  cells         1710 (trajectory x scored step)");
  EXPECT_EQ(line_starting(r.output, "  steps  "), "  steps         1710 Deep-Thinking steps");
  // Tokens and FLOPs exist only for the 14 good models on sst2 (copa lacks data, nosuchtask a card): 2 each.
  EXPECT_EQ(line_starting(r.output, "tokens over ").rfind("tokens over 28 of 114 trajectories", 0), 0u);
  std::map<std::string, std::string> flops_of;  // model -> its FLOP figure
  for (const auto& [name, repo, arch] : entries) {
    const auto line = line_starting(r.output, "  " + name + " ");
    if (absent.count(name) || broken.count(name)) {
      EXPECT_NE(line.find("unavailable: "), std::string::npos) << line;
      continue;
    }
    std::smatch m;
    ASSERT_TRUE(std::regex_search(line, m, std::regex(R"(  (\S+) FLOPs \(.* over 2 of its 6 trajectories$)"))) << line;
    EXPECT_GT(std::stod(m[1]), 0.0) << line;
    // Models that share a family's files do the same work.
    if (flops_of.count(arch)) {
      EXPECT_EQ(flops_of[arch], m[1].str()) << line;
    }
    flops_of[arch] = m[1];
  }
  EXPECT_NE(line_starting(r.output, "  total ").find("over 28 of 114 trajectories (a lower bound)"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << "a preflight must not create the output directory";
}

TEST(Preflight, CleanGridOfTinyModelsPassesWithItsCountsAndSeesCompletedResults) {
  test::TempDir dir;
  const std::vector<std::string> models = {"gpt2", "bloom"};
  for (const auto& arch : models) write_synthetic_checkpoint(tiny(arch), dir / ("tiny-" + arch));
  test::write_file(dir / "grid.toml", "[sweep]\noutput = \"out\"\ncheckpoints_root = \".\"\ndata_root = \"" +
                                          (kSource / "data/sample").string() + "\"\njobs_dir = \"" +
                                          (kSource / "jobs").string() +
                                          "\"\ntasks = [\"sst2\", \"copa\"]\nseeds = [0]\nshots = [1, 2]\n"
                                          "steps = [1, 3]\nmax_queries = 6\ndevice = \"cpu\"\n"
                                          "[[models]]\nname = \"tiny-gpt2\"\npath = \"tiny-gpt2\"\n"
                                          "[[models]]\nname = \"tiny-bloom\"\npath = \"tiny-bloom\"\n"
                                          "[[optimizers]]\nkind = \"gate\"\neta = [0.1, 0.3]\n");
  // Expected by hand: 2 models x 2 tasks x 1 seed x 2 shot counts x 2 optimizer settings = 16 trajectories of 3
  // steps, each scored at steps 1 and 3; tokens per (model, task, seed, k), twice (two optimizer settings).
  std::int64_t demo_tokens = 0, query_tokens = 0;
  for (const auto& arch : models) {
    const auto tokenizer = load_tokenizer(dir / ("tiny-" + arch));
    for (const auto& task : {"sst2", "copa"}) {
      const auto card = load_task_card(kSource / "jobs" / (std::string(task) + ".toml"));
      const auto data = load_task_data(card, kSource / "data/sample");
      for (std::int64_t k : {1, 2}) {
        const auto prompts = build_cell_prompts(card, data, 0, k, 6);
        ASSERT_EQ(prompts.queries.size(), 6u);
        demo_tokens += 2 * static_cast<std::int64_t>(tokenizer->encode(prompts.demonstration, true).size());
        for (const auto& q : prompts.queries)
          for (std::size_t c = 0; c < q.choices.size(); ++c)
            query_tokens += 2 * static_cast<std::int64_t>(tokenizer->encode(q.text(c), false).size());
      }
    }
  }
  const auto check = "cd " + dir.path().string() + " && " + dt_sweep() + " grid.toml --check";
  auto r = run(check);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(lines_starting(r.output, "problem: ").empty()) << r.output;
  EXPECT_EQ(line_starting(r.output, "grid: "),
            "grid: 2 models x 2 tasks x 1 seeds x 2 shot counts x 2 optimizer settings");
  EXPECT_EQ(line_starting(r.output, "  trajectories  "),
            "  trajectories  16 (one result file each), 3 Deep-Thinking steps, 2 of them scored");
  EXPECT_EQ(line_starting(r.output, "  cells  "), "  cells         32 (trajectory x scored step)");
  EXPECT_EQ(line_starting(r.output, "  steps  "), "  steps         48 Deep-Thinking steps");
  EXPECT_EQ(line_starting(r.output, "  complete  "), "  complete      0 of 16 trajectories (16 pending)");
  EXPECT_EQ(line_starting(r.output, "tokens over "), "tokens over 16 of 16 trajectories:");
  EXPECT_EQ(
      line_starting(r.output, "  demonstration ").rfind("  demonstration " + std::to_string(demo_tokens) + " (", 0), 0u)
      << r.output;
  EXPECT_EQ(line_starting(r.output, "  query ").rfind("  query         " + std::to_string(query_tokens) + " (", 0), 0u)
      << r.output;
  EXPECT_EQ(line_starting(r.output, "preflight: "), "preflight: no problems");
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << "a preflight must not create the output directory";

  // Under mpirun only rank 0 reports.
  if (run("command -v mpirun").status == 0) {
    const auto mpi = run("cd " + dir.path().string() + " && mpirun --oversubscribe --allow-run-as-root -np 2 " +
                         dt_sweep() + " grid.toml --dry-run");
    EXPECT_EQ(mpi.status, 0) << mpi.output;
    EXPECT_EQ(lines_starting(mpi.output, "preflight: no problems").size(), 1u) << mpi.output;
    EXPECT_FALSE(std::filesystem::exists(dir / "out"));
  }

  // A real run completes every trajectory; the preflight counts them, and one fewer once a result is gone.
  const auto sweep = run("cd " + dir.path().string() + " && " + dt_sweep() + " grid.toml --threads 1");
  ASSERT_EQ(sweep.status, 0) << sweep.output;
  r = run(check);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(line_starting(r.output, "  complete  "), "  complete      16 of 16 trajectories (0 pending)");
  std::filesystem::remove(dir / "out/cells/tiny-bloom/copa/s0_k2_gate0.3_T3.h5");
  r = run(check);
  EXPECT_EQ(line_starting(r.output, "  complete  "), "  complete      15 of 16 trajectories (1 pending)");
}

}  // namespace
}  // namespace dt

namespace dt {
namespace {

using namespace preflight_test;

TEST(Preflight, CellsLongerThanTheModelsPositionsAreProblems) {
  test::TempDir dir;
  write_synthetic_checkpoint(tiny("gpt2"), dir / "short");
  // Positions the model needs per k, worked out here: the demonstration twice, or once plus a query sequence.
  const auto tokenizer = load_tokenizer(dir / "short");
  const auto card = load_task_card(kSource / "jobs/sst2.toml");
  const auto data = load_task_data(card, kSource / "data/sample");
  std::map<std::int64_t, std::int64_t> needed, once;  // once: one Deep-Thinking step feeds the demonstration once
  for (std::int64_t k : {1, 4}) {
    const auto prompts = build_cell_prompts(card, data, 0, k, 6);
    const auto demo = static_cast<std::int64_t>(tokenizer->encode(prompts.demonstration, true).size());
    std::int64_t longest = 0;
    for (const auto& q : prompts.queries)
      for (std::size_t c = 0; c < q.choices.size(); ++c)
        longest = std::max(longest, static_cast<std::int64_t>(tokenizer->encode(q.text(c), false).size()));
    needed[k] = std::max(2 * demo, demo + longest);
    once[k] = demo + longest;
  }
  ASSERT_GT(needed[4], needed[1]);
  const auto config = dir / "short/config.json";
  const auto text = test::read_file(config);
  test::write_file(config, std::regex_replace(text, std::regex("\"n_positions\": [0-9]+"),
                                              "\"n_positions\": " + std::to_string(needed[1])));
  test::write_file(dir / "grid.toml", "[sweep]\noutput = \"out\"\ncheckpoints_root = \".\"\ndata_root = \"" +
                                          (kSource / "data/sample").string() + "\"\njobs_dir = \"" +
                                          (kSource / "jobs").string() +
                                          "\"\ntasks = [\"sst2\"]\nseeds = [0]\nshots = [1, 4]\nsteps = 2\n"
                                          "max_queries = 6\n[[models]]\nname = \"short\"\npath = \"short\"\n");
  const auto r = run(dt_sweep() + " " + (dir / "grid.toml").string() + " --check");
  EXPECT_EQ(r.status, 2) << r.output;
  const auto problems = lines_starting(r.output, "problem: ");
  ASSERT_EQ(problems.size(), 1u) << r.output;
  EXPECT_EQ(problems[0].rfind("problem: model short, task sst2, seed 0, k 4: " + config.string() + ": the cell needs " +
                                  std::to_string(needed[4]) + " positions",
                              0),
            0u)
      << problems[0];

  // With one step the demonstration is fed once: positions for demonstration + longest query sequence suffice.
  ASSERT_LT(once[4], needed[4]);
  test::write_file(config, std::regex_replace(text, std::regex("\"n_positions\": [0-9]+"),
                                              "\"n_positions\": " + std::to_string(once[4])));
  auto grid = test::read_file(dir / "grid.toml");
  test::write_file(dir / "one.toml", std::regex_replace(grid, std::regex("steps = 2"), "steps = 1"));
  const auto one = run(dt_sweep() + " " + (dir / "one.toml").string() + " --check");
  EXPECT_EQ(one.status, 0) << one.output;
  const auto two = run(dt_sweep() + " " + (dir / "grid.toml").string() + " --check");
  EXPECT_EQ(lines_starting(two.output, "problem: ").size(), 1u) << two.output;
}

}  // namespace
}  // namespace dt
