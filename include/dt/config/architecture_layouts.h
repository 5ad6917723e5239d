// Architecture layouts of synthetic checkpoints: for each architecture dt generates, the HF config.json and the
// tensors (HF names, shapes, how each is initialised) a spec asks for. Shapes only: nothing here allocates weights,
// so the size of a model can be known before it is generated. The spec must have passed find_spec_problem.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dt/config/synthetic_spec.h"

namespace dt {

enum class Init { Weight, Bias, Norm };

struct TensorSpec {
  std::string name;
  std::vector<std::int64_t> shape;
  Init init;
};

struct Layout {
  nlohmann::json config;
  std::vector<TensorSpec> tensors;
};

using LayoutFunction = std::function<Layout(const SyntheticModelSpec&)>;

// Architecture name -> its layout ("gpt2", "opt", "opt-350m", "llama", "gpt_neo", "gptj", "bloom", "gpt_neox", and
// the families of modern_layouts.h).
const std::map<std::string, LayoutFunction>& architecture_layouts();

}  // namespace dt
