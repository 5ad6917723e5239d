// Synthetic layouts of the post-2023 families (mistral, qwen2, qwen3, phi3, gemma2, gemma3_text): the config.json a
// released snapshot of each family carries (its keys, with small values) and its tensors under HF's names.
// architecture_layouts() lists them beside the paper's families.
#pragma once

#include <map>
#include <string>

#include "dt/config/architecture_layouts.h"

namespace dt {

const std::map<std::string, LayoutFunction>& modern_layouts();

}  // namespace dt
