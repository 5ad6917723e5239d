// GPT-Neo (HF GPTNeoForCausalLM): learned absolute positions, pre-LN blocks, layers alternating global and local
// attention as `attention_layers` (or the run-length `attention_types`) lists them. A local layer's query at
// position p sees only keys at positions p - window_size < k <= p, measured in absolute positions over past + new
// keys. Attention scores are not scaled by 1/sqrt(head_dim); q/k/v carry no bias, out_proj does. Tied lm_head.
#include <nlohmann/json.hpp>
#include <tuple>

#include "../blocks.h"
#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {

const ShapeKeys& gpt_neo_shape_keys() {
  static const ShapeKeys keys{{"num_layers", "num_hidden_layers"},
                              {"num_heads", "num_attention_heads"},
                              {"hidden_size"},
                              {"max_position_embeddings"},
                              "",
                              ""};
  return keys;
}
namespace {

using blocks::LayerNorm;
using blocks::Linear;

class GptNeo final : public DecoderLM {
 public:
  GptNeo(const Checkpoint& ckpt, const ModelOptions& options)
      : DecoderLM(read_model_info(ckpt, options, gpt_neo_shape_keys())) {
    const auto& cfg = ckpt.config();
    const auto& in = info();
    const auto d = in.hidden_size;
    const auto ffn = cfg.get_size("intermediate_size", 4 * d);
    const double eps = cfg.get_positive("layer_norm_epsilon", 1e-5);
    window_size_ = cfg.get_size("window_size", 256);
    act_ = blocks::parse_activation(cfg.get_string("activation_function", "gelu_new"), cfg.where());
    const auto local = local_layers(cfg, in.num_layers);
    WeightReader w(ckpt, tensor_options(options), {"transformer.", ""}, options.weights);
    auto linear = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out, bool bias) {
      return read_linear(w, name, n_in, n_out, bias ? Bias::Required : Bias::None);
    };
    auto norm = [&](const std::string& name) { return read_layer_norm(w, name, d, eps); };
    std::tie(wte_, lm_head_weight_) =
        read_embeddings(w, {"wte.weight", "lm_head.weight"}, in.vocab_size, d, /*tied_by_default=*/true);
    wpe_ = w.get("wpe.weight", {in.max_positions, d});
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "h." + std::to_string(l) + ".";
      const auto a = p + "attn.attention.";
      layers_.push_back(Layer{norm(p + "ln_1"), norm(p + "ln_2"), linear(a + "q_proj", d, d, false),
                              linear(a + "k_proj", d, d, false), linear(a + "v_proj", d, d, false),
                              linear(a + "out_proj", d, d, true), linear(p + "mlp.c_fc", d, ffn, true),
                              linear(p + "mlp.c_proj", ffn, d, true), local[static_cast<std::size_t>(l)]});
      has_local_ = has_local_ || layers_.back().local;
    }
    ln_f_ = norm("ln_f");
  }

 protected:
  void prepare(AttentionContext& ctx) const override {
    if (!has_local_) return;
    const auto& batch = *ctx.batch;
    const auto distance = batch.positions.unsqueeze(2) - batch.key_positions.unsqueeze(1);  // [B, S, K]
    ctx.local_mask = ctx.mask.logical_and(distance.lt(window_size_).unsqueeze(1));
  }

  at::Tensor embed(const ForwardBatch& batch) const override {
    return at::embedding(wte_, batch.ids) + at::embedding(wpe_, batch.positions);
  }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto H = info().num_heads;
    const auto x = layer.ln_1(h);
    const blocks::QueryRows rows(ctx);
    const auto q = blocks::split_heads(layer.q(rows.tokens(x)), H);
    fresh = {blocks::split_heads(layer.k(x), H), blocks::split_heads(layer.v(x), H)};
    const auto& mask = layer.local ? ctx.local_mask : ctx.mask;
    const auto a = blocks::attention(q, fresh, past, rows.heads(mask), {}, /*scale=*/1.0, blocks::route(ctx));
    const auto h1 = rows.tokens(h) + layer.out(blocks::merge_heads(a));
    return h1 + layer.mlp_proj(blocks::activate(act_, layer.fc(layer.ln_2(h1))));
  }

  at::Tensor finish(const at::Tensor& h) const override { return ln_f_(h); }

 private:
  struct Layer {
    LayerNorm ln_1, ln_2;
    Linear q, k, v, out, fc, mlp_proj;
    bool local;
  };

  // Per layer, whether it is local: `attention_layers` as stored, else `attention_types` ([[["global", "local"],
  // repeat], ...]) expanded as HF's GPTNeoConfig does.
  static std::vector<bool> local_layers(const ModelConfig& cfg, std::int64_t num_layers) {
    const bool listed = cfg.has("attention_layers");
    const std::string key = listed ? "attention_layers" : "attention_types";
    if (!cfg.has(key) || !cfg.json()[key].is_array()) cfg.fail_key(key, "expected a list of attention types");
    std::vector<nlohmann::json> kinds;
    for (const auto& entry : cfg.json()[key]) {
      if (listed) {
        kinds.push_back(entry);
        continue;
      }
      if (!entry.is_array() || entry.size() != 2 || !entry[0].is_array() || !entry[1].is_number_integer())
        cfg.fail_key(key, "expected [[types...], repeat] entries");
      // bounded by num_layers before expanding, so a huge repeat count allocates nothing
      const auto repeat = entry[1].get<std::int64_t>();
      const auto per_repeat = static_cast<std::int64_t>(entry[0].size());
      const auto so_far = static_cast<std::int64_t>(kinds.size());
      if (repeat < 0 || (per_repeat > 0 && repeat > (num_layers - so_far) / per_repeat))
        cfg.fail_key(key, "repeats " + entry[0].dump() + " " + entry[1].dump() + " times, more than num_layers " +
                              std::to_string(num_layers) + " allows");
      for (std::int64_t r = 0; per_repeat > 0 && r < repeat; ++r)
        kinds.insert(kinds.end(), entry[0].begin(), entry[0].end());
    }
    if (static_cast<std::int64_t>(kinds.size()) != num_layers)
      cfg.fail_key(key,
                   "gives " + std::to_string(kinds.size()) + " layers but num_layers is " + std::to_string(num_layers));
    std::vector<bool> local;
    for (const auto& kind : kinds) {
      if (kind != "global" && kind != "local") cfg.fail_key(key, "unknown attention type " + kind.dump());
      local.push_back(kind == "local");
    }
    return local;
  }

  at::Tensor wte_, wpe_;
  std::vector<Layer> layers_;
  LayerNorm ln_f_;
  std::int64_t window_size_ = 256;
  bool has_local_ = false;
  blocks::Activation act_ = blocks::Activation::GeluTanh;
};

}  // namespace

std::unique_ptr<DecoderLM> make_gpt_neo(const Checkpoint& checkpoint, const ModelOptions& options) {
  return std::make_unique<GptNeo>(checkpoint, options);
}

}  // namespace dt::arch
