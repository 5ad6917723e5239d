// LLaMA (HF LlamaForCausalLM): RMSNorm, rotary positions (half-split, all head dims, optional linear scaling),
// SwiGLU MLP, grouped-query attention (num_key_value_heads <= num_attention_heads), untied lm_head by default.
// A stored `rotary_emb.inv_freq` is ignored: the frequencies are recomputed from rope_theta as HF does.
#include <cmath>
#include <tuple>

#include "../blocks.h"
#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {

const ShapeKeys& llama_shape_keys() {
  static const ShapeKeys keys{.kv_heads = "num_key_value_heads"};
  return keys;
}
namespace {

using blocks::Linear;
using blocks::RMSNorm;

class Llama final : public DecoderLM {
 public:
  Llama(const Checkpoint& ckpt, const ModelOptions& options)
      : DecoderLM(read_model_info(ckpt, options, llama_shape_keys())) {
    const auto& cfg = ckpt.config();
    const auto& in = info();
    const auto d = in.hidden_size;
    const auto ffn = cfg.get_size("intermediate_size");
    const double eps = cfg.get_positive("rms_norm_eps", 1e-6);
    const auto q_dim = in.num_heads * in.head_dim;
    const auto kv_dim = in.num_kv_heads * in.head_dim;
    act_ = blocks::parse_activation(cfg.get_string("hidden_act", "silu"), cfg.where());
    WeightReader w(ckpt, tensor_options(options), {"model.", ""});
    auto linear = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out) {
      return read_linear(w, name, n_in, n_out, Bias::Optional);
    };
    auto norm = [&](const std::string& name) { return RMSNorm{w.get(name + ".weight", {d}), eps}; };
    std::tie(embed_tokens_, lm_head_weight_) =
        read_embeddings(w, {"embed_tokens.weight", "lm_head.weight"}, in.vocab_size, d, /*tied_by_default=*/false);
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "layers." + std::to_string(l) + ".";
      layers_.push_back(Layer{norm(p + "input_layernorm"), norm(p + "post_attention_layernorm"),
                              linear(p + "self_attn.q_proj", d, q_dim), linear(p + "self_attn.k_proj", d, kv_dim),
                              linear(p + "self_attn.v_proj", d, kv_dim), linear(p + "self_attn.o_proj", q_dim, d),
                              linear(p + "mlp.gate_proj", d, ffn), linear(p + "mlp.up_proj", d, ffn),
                              linear(p + "mlp.down_proj", ffn, d)});
    }
    norm_ = norm("norm");
    rotary_ = blocks::make_rotary(in.head_dim, cfg.get_positive("rope_theta", 10000.0), blocks::RotaryStyle::HalfSplit,
                                  rope_position_scale(cfg));
    rotary_.inv_freq = rotary_.inv_freq.to(options.device);
    scale_ = 1.0 / std::sqrt(static_cast<double>(in.head_dim));
  }

 protected:
  void prepare(AttentionContext& ctx) const override {
    blocks::rotary_tables(rotary_, ctx.batch->positions, info().dtype, ctx.cos, ctx.sin);
  }

  at::Tensor embed(const ForwardBatch& batch) const override { return at::embedding(embed_tokens_, batch.ids); }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto& in = info();
    const auto x = layer.attn_norm(h);
    const auto q = blocks::apply_rotary(rotary_, blocks::split_heads(layer.q(x), in.num_heads), ctx.cos, ctx.sin);
    const auto k = blocks::apply_rotary(rotary_, blocks::split_heads(layer.k(x), in.num_kv_heads), ctx.cos, ctx.sin);
    fresh = {k, blocks::split_heads(layer.v(x), in.num_kv_heads)};
    const auto h1 =
        h + layer.o(blocks::merge_heads(blocks::attention(q, fresh, past, ctx.mask, {}, scale_, ctx.segmented.get())));
    const auto y = layer.ffn_norm(h1);
    return h1 + layer.down(blocks::activate(act_, layer.gate(y)) * layer.up(y));
  }

  at::Tensor finish(const at::Tensor& h) const override { return norm_(h); }

 private:
  struct Layer {
    RMSNorm attn_norm, ffn_norm;
    Linear q, k, v, o, gate, up, down;
  };

  at::Tensor embed_tokens_;
  std::vector<Layer> layers_;
  RMSNorm norm_;
  blocks::Rotary rotary_;
  double scale_ = 1.0;
  blocks::Activation act_ = blocks::Activation::Silu;
};

}  // namespace

std::unique_ptr<DecoderLM> make_llama(const Checkpoint& checkpoint, const ModelOptions& options) {
  return std::make_unique<Llama>(checkpoint, options);
}

}  // namespace dt::arch
