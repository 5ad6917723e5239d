// think_stat_fields (see think_stats.h).
#include "dt/config/think_stats.h"

namespace dt {

const std::array<ThinkStatField, 10>& think_stat_fields() {
  static const std::array<ThinkStatField, 10> fields = {{
      {"k_norm", &LayerThinkStats::k_norm},
      {"v_norm", &LayerThinkStats::v_norm},
      {"new_k_norm", &LayerThinkStats::new_k_norm},
      {"new_v_norm", &LayerThinkStats::new_v_norm},
      {"k_grad_norm", &LayerThinkStats::k_grad_norm},
      {"v_grad_norm", &LayerThinkStats::v_grad_norm},
      {"k_direction_norm", &LayerThinkStats::k_direction_norm},
      {"v_direction_norm", &LayerThinkStats::v_direction_norm},
      {"k_grad_cosine", &LayerThinkStats::k_grad_cosine},
      {"v_grad_cosine", &LayerThinkStats::v_grad_cosine},
  }};
  return fields;
}

}  // namespace dt
