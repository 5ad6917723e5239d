// dt-demos: the demonstration picks (and the eval sample, where the card draws one) of a task for a seed and k,
// as one JSON object: {"demo_pool_indices": [...], "eval_sample_indices": [...] or null}. With --prompts it adds the
// strings the cell scores: "demonstration" and "queries" ([{"prompt", "texts" (prompt + each completion), "answer"}]).
#include <boost/program_options.hpp>
#include <iostream>

#include "command_line.h"
#include "dt/task/cell_prompts.h"
#include "dt/task/task_card.h"
#include "dt/util/error.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  std::string task, data_root, method = "card";
  std::uint64_t seed = 0;
  std::int64_t k = 1;
  bool prompts = false;
  po::options_description options("dt-demos --task jobs/TASK.toml --data-root DIR --seed S --k K");
  options.add_options()("help,h", "show this help")("task", po::value(&task)->required(), "task card")(
      "data-root", po::value(&data_root)->required(), "directory the card's data paths are relative to")(
      "seed", po::value(&seed)->default_value(0), "random seed")("k", po::value(&k)->default_value(1), "shots")(
      "method", po::value(&method)->default_value(method),
      "exemplar method: card (the card's own), random, stratified or written (as the authors' --exemplar_method)")(
      "prompts", po::bool_switch(&prompts), "also print the demonstration string and every query's texts");
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-demos", options}, argc, argv, vm)) return *status;
  try {
    const auto card = dt::with_exemplar_method(dt::load_task_card(task), method);
    const auto data = dt::load_task_data(card, data_root);
    const auto selection = dt::select_cell(card, data, seed, k);
    nlohmann::json out{{"demo_pool_indices", selection.demo_pool_indices}, {"eval_sample_indices", nullptr}};
    if (card.eval_sample > 0) out["eval_sample_indices"] = selection.eval_sample_indices;
    if (prompts) {
      const auto cell = dt::build_cell_prompts(card, data, seed, k, 0);
      out["demonstration"] = cell.demonstration;
      auto& queries = out["queries"] = nlohmann::json::array();
      for (const auto& query : cell.queries) {
        nlohmann::json texts = nlohmann::json::array();
        for (std::size_t c = 0; c < query.choices.size(); ++c) texts.push_back(query.text(c));
        queries.push_back({{"prompt", query.prompt}, {"texts", texts}, {"answer", query.answer}});
      }
    }
    std::cout << out.dump() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "dt-demos: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  return 0;
}
