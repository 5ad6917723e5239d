// Fuzz target: an HF `config.json` read by ModelConfig, with the getters the architecture files call on it.
// Contract: opening and every getter either return a value or throw dt::Error naming the file.
#include "dt/config/model_config.h"

#include <nlohmann/json.hpp>

#include "fuzz_scratch.h"

DT_FUZZ_TARGET(model_config) {
  const auto path = dt::fuzz::scratch_dir("model-config") / "config.json";
  dt::fuzz::write_file(path, dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] {
    const dt::ModelConfig config(path);
    const dt::ModelConfig copy(config);
    auto each = [&](auto&& step) { dt::fuzz::expect_dt_error_or_success([&] { step(copy); }); };
    each([](const dt::ModelConfig& c) { c.get_string("model_type"); });
    each([](const dt::ModelConfig& c) { c.get_string("hidden_act", "gelu_new"); });
    each([](const dt::ModelConfig& c) { c.get_int_any({"num_hidden_layers", "n_layer", "num_layers"}); });
    each([](const dt::ModelConfig& c) { c.get_int_any({"num_attention_heads", "n_head", "num_heads"}); });
    each([](const dt::ModelConfig& c) { c.get_int_any({"hidden_size", "n_embd", "d_model"}); });
    each([](const dt::ModelConfig& c) { c.get_int("vocab_size"); });
    each([](const dt::ModelConfig& c) { c.get_int("num_key_value_heads", 1); });
    each([](const dt::ModelConfig& c) { c.find_int("rotary_dim"); });
    each([](const dt::ModelConfig& c) { c.get_double("layer_norm_epsilon"); });
    each([](const dt::ModelConfig& c) { c.get_double("rope_theta", 10000.0); });
    each([](const dt::ModelConfig& c) { c.get_bool("tie_word_embeddings", true); });
    each([](const dt::ModelConfig& c) { c.has("rope_scaling"); });
    for (const char* key : {"bos_token_id", "eos_token_id", "pad_token_id"})
      each([key](const dt::ModelConfig& c) { c.find_token_id(key); });
  });
}
