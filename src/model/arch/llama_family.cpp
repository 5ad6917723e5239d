// The LLaMA-like decoder (see llama_family.h): loading by HF names, and the block every such family shares.
#include "llama_family.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "dt/util/error.h"

namespace dt::arch {
namespace {

using blocks::Linear;
using blocks::RMSNorm;

// Rows [begin, begin + n) of a fused projection, as a Linear of its own (a view: no copy).
Linear rows(const Linear& fused, std::int64_t begin, std::int64_t n) {
  auto part = [&](const at::Tensor& t) { return t.defined() ? t.narrow(0, begin, n) : at::Tensor(); };
  return {fused.weight.narrow(0, begin, n), part(fused.bias), part(fused.scale)};
}

class LlamaFamily final : public DecoderLM {
 public:
  LlamaFamily(const Checkpoint& ckpt, const ModelOptions& options, ModelInfo model_info, LlamaFamilySpec spec)
      : DecoderLM(std::move(model_info)), spec_(std::move(spec)) {
    const auto& in = info();
    const auto d = in.hidden_size, ffn = spec_.intermediate;
    const auto q_dim = in.num_heads * in.head_dim, kv_dim = in.num_kv_heads * in.head_dim;
    WeightReader w(ckpt, tensor_options(options), {"model.", ""}, options.weights);
    auto linear = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out, Bias bias) {
      return read_linear(w, name, n_in, n_out, bias);
    };
    auto norm = [&](const std::string& name, std::int64_t width) {
      return RMSNorm{w.get(name + ".weight", {width}), spec_.rms_eps};
    };
    std::tie(embed_tokens_, lm_head_weight_) =
        read_embeddings(w, {"embed_tokens.weight", "lm_head.weight"}, in.vocab_size, d, spec_.tied_by_default);
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "layers." + std::to_string(l) + ".";
      Layer layer;
      layer.attn_norm = norm(p + "input_layernorm", d);
      layer.ffn_norm = norm(p + "post_attention_layernorm", d);
      if (spec_.fused_qkv) {
        const auto qkv = linear(p + "self_attn.qkv_proj", d, q_dim + 2 * kv_dim, spec_.qkv_bias);
        layer.q = rows(qkv, 0, q_dim);
        layer.k = rows(qkv, q_dim, kv_dim);
        layer.v = rows(qkv, q_dim + kv_dim, kv_dim);
      } else {
        layer.q = linear(p + "self_attn.q_proj", d, q_dim, spec_.qkv_bias);
        layer.k = linear(p + "self_attn.k_proj", d, kv_dim, spec_.qkv_bias);
        layer.v = linear(p + "self_attn.v_proj", d, kv_dim, spec_.qkv_bias);
      }
      layer.o = linear(p + "self_attn.o_proj", q_dim, d, spec_.o_bias);
      if (spec_.qk_norm) {
        layer.q_norm = norm(p + "self_attn.q_norm", in.head_dim);
        layer.k_norm = norm(p + "self_attn.k_norm", in.head_dim);
      }
      if (spec_.fused_gate_up) {
        const auto gate_up = linear(p + "mlp.gate_up_proj", d, 2 * ffn, spec_.mlp_bias);
        layer.gate = rows(gate_up, 0, ffn);
        layer.up = rows(gate_up, ffn, ffn);
      } else {
        layer.gate = linear(p + "mlp.gate_proj", d, ffn, spec_.mlp_bias);
        layer.up = linear(p + "mlp.up_proj", d, ffn, spec_.mlp_bias);
      }
      layer.down = linear(p + "mlp.down_proj", ffn, d, spec_.mlp_bias);
      layers_.push_back(std::move(layer));
    }
    norm_ = norm("norm", d);
    spec_.rotary.inv_freq = spec_.rotary.inv_freq.to(options.device);
    if (spec_.rotary.long_inv_freq.defined())
      spec_.rotary.long_inv_freq = spec_.rotary.long_inv_freq.to(options.device);
    for (auto window : spec_.windows) window_ = std::max(window_, window);
    scale_ = 1.0 / std::sqrt(static_cast<double>(in.head_dim));
  }

 protected:
  void prepare(AttentionContext& ctx) const override {
    blocks::rotary_tables(spec_.rotary, ctx.batch->positions, info().dtype, ctx.cos, ctx.sin);
    if (window_ > 0) ctx.local_mask = blocks::sliding_window_mask(ctx.mask, *ctx.batch, window_);
  }

  at::Tensor embed(const ForwardBatch& batch) const override { return at::embedding(embed_tokens_, batch.ids); }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto& in = info();
    const auto& rotary = spec_.rotary;
    const blocks::QueryRows rows(ctx);
    const auto x = layer.attn_norm(h);
    auto q = blocks::split_heads(layer.q(rows.tokens(x)), in.num_heads);
    auto k = blocks::split_heads(layer.k(x), in.num_kv_heads);
    if (spec_.qk_norm) {
      q = layer.q_norm(q);
      k = layer.k_norm(k);
    }
    q = blocks::apply_rotary(rotary, q, rows.heads(ctx.cos), rows.heads(ctx.sin));
    fresh = {blocks::apply_rotary(rotary, k, ctx.cos, ctx.sin), blocks::split_heads(layer.v(x), in.num_kv_heads)};
    const auto& mask = spec_.windows[static_cast<std::size_t>(l)] > 0 ? ctx.local_mask : ctx.mask;
    const auto a = blocks::attention(q, fresh, past, rows.heads(mask), {}, scale_, blocks::route(ctx));
    const auto h1 = rows.tokens(h) + layer.o(blocks::merge_heads(a));
    const auto y = layer.ffn_norm(h1);
    return h1 + layer.down(blocks::activate(spec_.activation, layer.gate(y)) * layer.up(y));
  }

  at::Tensor finish(const at::Tensor& h) const override { return norm_(h); }

 private:
  struct Layer {
    RMSNorm attn_norm, ffn_norm;
    Linear q, k, v, o, gate, up, down;
    RMSNorm q_norm, k_norm;
  };

  LlamaFamilySpec spec_;
  at::Tensor embed_tokens_;
  std::vector<Layer> layers_;
  RMSNorm norm_;
  std::int64_t window_ = 0;
  double scale_ = 1.0;
};

}  // namespace

LlamaFamilySpec read_llama_family_spec(const ModelConfig& config, const ModelInfo& info, double default_eps,
                                       std::int64_t rotary_dim) {
  LlamaFamilySpec spec;
  spec.intermediate = config.get_size("intermediate_size");
  spec.rms_eps = config.get_positive("rms_norm_eps", default_eps);
  spec.activation = blocks::parse_activation(config.get_string("hidden_act", "silu"), config.where());
  spec.windows.assign(static_cast<std::size_t>(info.num_layers), 0);
  spec.rotary =
      read_rotary(config, rotary_dim > 0 ? rotary_dim : info.head_dim, config.get_positive("rope_theta", 10000.0));
  return spec;
}

std::unique_ptr<DecoderLM> make_llama_family(const Checkpoint& checkpoint, const ModelOptions& options, ModelInfo info,
                                             LlamaFamilySpec spec) {
  if (static_cast<std::int64_t>(spec.windows.size()) != info.num_layers)
    throw Error("internal: a window per layer expected");
  std::int64_t window = 0;
  for (auto w : spec.windows) {
    if (w > 0 && window > 0 && w != window) throw Error("internal: one sliding window size expected");
    window = std::max(window, w);
  }
  return std::make_unique<LlamaFamily>(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
