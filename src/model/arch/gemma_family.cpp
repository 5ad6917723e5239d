// The Gemma 2 / Gemma 3 decoder (see gemma_family.h): loading by HF names and the block both share.
#include "gemma_family.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "dt/util/error.h"

namespace dt::arch {
namespace {

using blocks::Linear;
using blocks::OffsetRMSNorm;

class GemmaFamily final : public DecoderLM {
 public:
  GemmaFamily(const Checkpoint& ckpt, const ModelOptions& options, ModelInfo model_info, GemmaFamilySpec spec)
      : DecoderLM(std::move(model_info)), spec_(std::move(spec)) {
    const auto& in = info();
    const auto d = in.hidden_size, ffn = spec_.intermediate;
    const auto q_dim = in.num_heads * in.head_dim, kv_dim = in.num_kv_heads * in.head_dim;
    WeightReader w(ckpt, tensor_options(options), {"model.", ""}, options.weights);
    auto linear = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out, Bias bias) {
      return read_linear(w, name, n_in, n_out, bias);
    };
    auto norm = [&](const std::string& name, std::int64_t width) {
      return OffsetRMSNorm{w.get(name + ".weight", {width}), spec_.rms_eps};
    };
    std::tie(embed_tokens_, lm_head_weight_) =
        read_embeddings(w, {"embed_tokens.weight", "lm_head.weight"}, in.vocab_size, d, /*tied_by_default=*/true);
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "layers." + std::to_string(l) + ".";
      Layer layer{norm(p + "input_layernorm", d),
                  norm(p + "post_attention_layernorm", d),
                  norm(p + "pre_feedforward_layernorm", d),
                  norm(p + "post_feedforward_layernorm", d),
                  linear(p + "self_attn.q_proj", d, q_dim, spec_.attention_bias),
                  linear(p + "self_attn.k_proj", d, kv_dim, spec_.attention_bias),
                  linear(p + "self_attn.v_proj", d, kv_dim, spec_.attention_bias),
                  linear(p + "self_attn.o_proj", q_dim, d, spec_.attention_bias),
                  linear(p + "mlp.gate_proj", d, ffn, Bias::None),
                  linear(p + "mlp.up_proj", d, ffn, Bias::None),
                  linear(p + "mlp.down_proj", ffn, d, Bias::None),
                  {},
                  {}};
      if (spec_.qk_norm) {
        layer.q_norm = norm(p + "self_attn.q_norm", in.head_dim);
        layer.k_norm = norm(p + "self_attn.k_norm", in.head_dim);
      }
      layers_.push_back(std::move(layer));
    }
    norm_ = norm("norm", d);
    for (auto* rotary : {&spec_.global_rotary, &spec_.local_rotary})
      rotary->inv_freq = rotary->inv_freq.to(options.device);
    for (auto window : spec_.windows) window_ = std::max(window_, window);
    // transformers multiplies by a tensor of sqrt(hidden) in the compute dtype (55.4256 is 55.5 in bfloat16)
    normalizer_ = at::scalar_tensor(std::sqrt(static_cast<double>(d)), at::TensorOptions().dtype(at::kFloat))
                      .to(options.dtype)
                      .to(at::kDouble)
                      .item<double>();
  }

  at::Tensor lm_head(const at::Tensor& hidden_rows) const override {
    auto logits = DecoderLM::lm_head(hidden_rows);
    blocks::soft_cap_(logits, spec_.final_softcap);
    return logits;
  }

 protected:
  void prepare(AttentionContext& ctx) const override {
    const auto& positions = ctx.batch->positions;
    blocks::rotary_tables(spec_.global_rotary, positions, info().dtype, ctx.cos, ctx.sin);
    blocks::rotary_tables(spec_.local_rotary, positions, info().dtype, ctx.local_cos, ctx.local_sin);
    if (window_ > 0) ctx.local_mask = blocks::sliding_window_mask(ctx.mask, *ctx.batch, window_);
  }

  at::Tensor embed(const ForwardBatch& batch) const override {
    return at::embedding(embed_tokens_, batch.ids) * normalizer_;
  }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto& in = info();
    const bool sliding = spec_.windows[static_cast<std::size_t>(l)] > 0;
    const auto& rotary = sliding ? spec_.local_rotary : spec_.global_rotary;
    const auto& cos = sliding ? ctx.local_cos : ctx.cos;
    const auto& sin = sliding ? ctx.local_sin : ctx.sin;
    const blocks::QueryRows rows(ctx);
    const auto x = layer.input_norm(h);
    auto q = blocks::split_heads(layer.q(rows.tokens(x)), in.num_heads);
    auto k = blocks::split_heads(layer.k(x), in.num_kv_heads);
    if (spec_.qk_norm) {
      q = layer.q_norm(q);
      k = layer.k_norm(k);
    }
    q = blocks::apply_rotary(rotary, q, rows.heads(cos), rows.heads(sin));
    fresh = {blocks::apply_rotary(rotary, k, cos, sin), blocks::split_heads(layer.v(x), in.num_kv_heads)};
    const auto a = blocks::attention(q, fresh, past, rows.heads(sliding ? ctx.local_mask : ctx.mask), {},
                                     spec_.query_scale, blocks::route(ctx), spec_.attention_softcap);
    const auto h1 = rows.tokens(h) + layer.post_attention_norm(layer.o(blocks::merge_heads(a)));
    const auto y = layer.pre_ffn_norm(h1);
    return h1 + layer.post_ffn_norm(layer.down(blocks::activate(spec_.activation, layer.gate(y)) * layer.up(y)));
  }

  at::Tensor finish(const at::Tensor& h) const override { return norm_(h); }

 private:
  struct Layer {
    OffsetRMSNorm input_norm, post_attention_norm, pre_ffn_norm, post_ffn_norm;
    Linear q, k, v, o, gate, up, down;
    OffsetRMSNorm q_norm, k_norm;
  };

  GemmaFamilySpec spec_;
  at::Tensor embed_tokens_;
  std::vector<Layer> layers_;
  OffsetRMSNorm norm_;
  std::int64_t window_ = 0;
  double normalizer_ = 1.0;
};

}  // namespace

GemmaFamilySpec read_gemma_family_spec(const ModelConfig& config) {
  GemmaFamilySpec spec;
  spec.intermediate = config.get_size("intermediate_size");
  spec.rms_eps = config.get_positive("rms_norm_eps", 1e-6);
  spec.activation = blocks::parse_activation(
      config.get_string("hidden_activation", config.get_string("hidden_act", "gelu_pytorch_tanh")), config.where());
  spec.attention_bias = config.get_bool("attention_bias", false) ? Bias::Required : Bias::None;
  spec.query_scale = 1.0 / std::sqrt(config.get_positive("query_pre_attn_scalar", 256.0));
  spec.attention_softcap = config.get_positive("attn_logit_softcapping", 0.0);
  spec.final_softcap = config.get_positive("final_logit_softcapping", 0.0);
  return spec;
}

std::unique_ptr<DecoderLM> make_gemma_family(const Checkpoint& checkpoint, const ModelOptions& options, ModelInfo info,
                                             GemmaFamilySpec spec) {
  if (static_cast<std::int64_t>(spec.windows.size()) != info.num_layers)
    throw Error("internal: a window per layer expected");
  return std::make_unique<GemmaFamily>(checkpoint, options, std::move(info), std::move(spec));
}

std::vector<std::int64_t> gemma_layer_windows(const ModelConfig& config, std::int64_t num_layers, std::int64_t window,
                                              std::int64_t pattern) {
  if (config.has("layer_types"))
    return layer_windows(config, num_layers, window, [](const ModelConfig&, std::int64_t) { return false; });
  std::vector<std::int64_t> windows(static_cast<std::size_t>(num_layers), 0);
  for (std::int64_t l = 0; l < num_layers; ++l)
    if ((l + 1) % pattern != 0) windows[static_cast<std::size_t>(l)] = window;
  return windows;
}

}  // namespace dt::arch
