// GPT-NeoX (HF GPTNeoXForCausalLM, the Pythia family): a fused query_key_value laid out per head ([H, 3 * D]
// along its output), rotary positions (half-split, rotary_emb_base, rope_scaling as read_rotary reads it) on the
// first int(rotary_pct * head_dim) dims of each head, parallel residual h + attn(ln_1(h)) + mlp(ln_2(h)) when
// `use_parallel_residual` (else the sequential form), final_layer_norm, untied `embed_out` lm_head by default.
// A stored `rotary_emb.inv_freq` is ignored: the frequencies are recomputed from rotary_emb_base as HF does.
#include <cmath>
#include <nlohmann/json.hpp>
#include <tuple>

#include "../blocks.h"
#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {

const ShapeKeys& gpt_neox_shape_keys() {
  static const ShapeKeys keys{};
  return keys;
}
namespace {

using blocks::LayerNorm;
using blocks::Linear;

class GptNeox final : public DecoderLM {
 public:
  GptNeox(const Checkpoint& ckpt, const ModelOptions& options)
      : DecoderLM(read_model_info(ckpt, options, gpt_neox_shape_keys())) {
    const auto& cfg = ckpt.config();
    const auto& in = info();
    const auto d = in.hidden_size;
    const auto ffn = cfg.get_size("intermediate_size");
    const double eps = cfg.get_positive("layer_norm_eps", 1e-5);
    const bool attention_bias = cfg.get_bool("attention_bias", true);
    const double rotary_pct = cfg.get_positive("rotary_pct", 0.25);
    if (rotary_pct > 1.0) cfg.fail_key("rotary_pct", "must be at most 1, got " + cfg.json()["rotary_pct"].dump());
    const auto rotary_dims = static_cast<std::int64_t>(static_cast<double>(in.head_dim) * rotary_pct);
    if (rotary_dims <= 0 || rotary_dims % 2 != 0)
      cfg.fail_key("rotary_pct",
                   "int(rotary_pct * head_dim) = " + std::to_string(rotary_dims) + " must be even and positive");
    parallel_residual_ = cfg.get_bool("use_parallel_residual", true);
    act_ = blocks::parse_activation(cfg.get_string("hidden_act", "gelu"), cfg.where());
    WeightReader w(ckpt, tensor_options(options), {"gpt_neox.", ""}, options.weights);
    auto linear = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out, bool bias) {
      return read_linear(w, name, n_in, n_out, bias ? Bias::Required : Bias::None);
    };
    auto norm = [&](const std::string& name) { return read_layer_norm(w, name, d, eps); };
    std::tie(embed_in_, lm_head_weight_) =
        read_embeddings(w, {"embed_in.weight", "embed_out.weight"}, in.vocab_size, d, /*tied_by_default=*/false);
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "layers." + std::to_string(l) + ".";
      layers_.push_back(Layer{norm(p + "input_layernorm"), norm(p + "post_attention_layernorm"),
                              linear(p + "attention.query_key_value", d, 3 * d, attention_bias),
                              linear(p + "attention.dense", d, d, attention_bias),
                              linear(p + "mlp.dense_h_to_4h", d, ffn, true),
                              linear(p + "mlp.dense_4h_to_h", ffn, d, true)});
    }
    final_layer_norm_ = norm("final_layer_norm");
    rotary_ = read_rotary(cfg, rotary_dims, cfg.get_positive("rotary_emb_base", 10000.0));
    rotary_.inv_freq = rotary_.inv_freq.to(options.device);
    if (rotary_.long_inv_freq.defined()) rotary_.long_inv_freq = rotary_.long_inv_freq.to(options.device);
    scale_ = 1.0 / std::sqrt(static_cast<double>(in.head_dim));
  }

 protected:
  void prepare(AttentionContext& ctx) const override {
    blocks::rotary_tables(rotary_, ctx.batch->positions, info().dtype, ctx.cos, ctx.sin);
  }

  at::Tensor embed(const ForwardBatch& batch) const override { return at::embedding(embed_in_, batch.ids); }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto& in = info();
    const auto B = h.size(0), S = h.size(1), D = in.head_dim;
    // per head: q, k, v of head_dim each
    const auto qkv = layer.query_key_value(layer.attn_norm(h)).view({B, S, in.num_heads, 3 * D}).transpose(1, 2);
    const blocks::QueryRows rows(ctx);
    const auto q =
        blocks::apply_rotary(rotary_, rows.heads(qkv.narrow(-1, 0, D)), rows.heads(ctx.cos), rows.heads(ctx.sin));
    const auto k = blocks::apply_rotary(rotary_, qkv.narrow(-1, D, D), ctx.cos, ctx.sin);
    fresh = {k, qkv.narrow(-1, 2 * D, D)};
    const auto a = blocks::attention(q, fresh, past, rows.heads(ctx.mask), {}, scale_, blocks::route(ctx));
    const auto attn = layer.dense(blocks::merge_heads(a));
    const auto h_rows = rows.tokens(h);
    if (parallel_residual_) return mlp(layer, layer.ffn_norm(h_rows)) + attn + h_rows;
    const auto h1 = attn + h_rows;
    return mlp(layer, layer.ffn_norm(h1)) + h1;
  }

  at::Tensor finish(const at::Tensor& h) const override { return final_layer_norm_(h); }

 private:
  struct Layer {
    LayerNorm attn_norm, ffn_norm;
    Linear query_key_value, dense, dense_h_to_4h, dense_4h_to_h;
  };

  at::Tensor mlp(const Layer& layer, const at::Tensor& x) const {
    return layer.dense_4h_to_h(blocks::activate(act_, layer.dense_h_to_4h(x)));
  }

  at::Tensor embed_in_;
  std::vector<Layer> layers_;
  LayerNorm final_layer_norm_;
  blocks::Rotary rotary_;
  bool parallel_residual_ = true;
  double scale_ = 1.0;
  blocks::Activation act_ = blocks::Activation::GeluExact;
};

}  // namespace

std::unique_ptr<DecoderLM> make_gpt_neox(const Checkpoint& checkpoint, const ModelOptions& options) {
  return std::make_unique<GptNeox>(checkpoint, options);
}

}  // namespace dt::arch
